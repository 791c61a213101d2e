import { SEP_STRONG } from "../normalize/chars.js";
import { inRange } from "./context.js";
import { cancel, type Step } from "./step.js";

/** Characters between a word and a disavowal of it (顶级[第一的话]我不会说). */
const DISAVOWAL_GAP = 6;

/**
 * A question answered by a refusal (能不能加微信？不能哈; 是不是复刻？不是的), or a
 * word disavowed right after it in its sentence (顶级第一的话我不会说).
 */
export const refusalStep: Step = {
  name: "refusal",
  apply(hit, ctx) {
    const d = inRange(ctx.cues("disavowal"), hit.end + 1, hit.end + DISAVOWAL_GAP + 12, (c) => c.end).find(
      (c) => c.start >= hit.end && c.start - hit.end <= DISAVOWAL_GAP && !ctx.crosses(hit.end - 1, c.start, SEP_STRONG),
    );
    if (d) return cancel("refusal", `disavowed: "${ctx.text.slice(d.start, d.end)}"`);
    const q = ctx.cuesEnding("question", hit.start - 8, hit.start).find((c) => !ctx.crosses(c.end - 1, hit.start, SEP_STRONG));
    if (!q) return undefined;
    const win = ctx.lex.cues.refusalWindow;
    const r = inRange(ctx.cues("refusal"), hit.end + 1, hit.end + win + 8, (c) => c.end).find((c) => c.start >= hit.end && c.start - hit.end <= win);
    if (r) return cancel("refusal", `question "${ctx.text.slice(q.start, q.end)}" answered "${ctx.text.slice(r.start, r.end)}"`);
    return undefined;
  },
};
