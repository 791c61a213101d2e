import { SEP_COMMA, SEP_STRONG } from "../normalize/chars.js";
import { adjust, cancel, type Step } from "./step.js";

/**
 * A term may be split by spaces, symbols or emoji (包 成 活), but not by a
 * sentence end; a comma inside is accepted only when every character is
 * separated (包，成，活 — a deliberate disguise).
 */
export const separatorStep: Step = {
  name: "separators",
  apply(hit, ctx) {
    if (hit.variant === "pattern") {
      if (ctx.crosses(hit.start, hit.end - 1, SEP_STRONG)) return cancel("separators", "pattern crosses a sentence end");
      return undefined;
    }
    let weak = 0;
    let comma = 0;
    for (let k = hit.start + 1; k < hit.end; k++) {
      const s = ctx.doc.sep[k];
      if (s >= SEP_STRONG) return cancel("separators", "crosses a sentence end");
      if (s >= SEP_COMMA) comma++;
      else if (s > 0) weak++;
    }
    const gaps = hit.end - hit.start - 1;
    if (comma > 0 && comma + weak < gaps) return cancel("separators", "crosses a phrase boundary");
    if (weak + comma > 0) return adjust("separators", 0, "separators inside the term skipped");
    return undefined;
  },
};
