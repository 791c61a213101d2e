import { SEP_STRONG } from "../normalize/chars.js";
import { inRange } from "./context.js";
import { cancel, type Step } from "./step.js";

/** A question answered by a refusal (能不能加微信？不能哈; 是不是复刻？不是的). */
export const refusalStep: Step = {
  name: "refusal",
  apply(hit, ctx) {
    const q = ctx.cuesEnding("question", hit.start - 8, hit.start).find((c) => !ctx.crosses(c.end - 1, hit.start, SEP_STRONG));
    if (!q) return undefined;
    const win = ctx.lex.cues.refusalWindow;
    const r = inRange(ctx.cues("refusal"), hit.end + 1, hit.end + win + 8, (c) => c.end).find((c) => c.start >= hit.end && c.start - hit.end <= win);
    if (r) return cancel("refusal", `question "${ctx.text.slice(q.start, q.end)}" answered "${ctx.text.slice(r.start, r.end)}"`);
    return undefined;
  },
};
