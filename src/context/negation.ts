import { cancel, type RangeStep } from "./step.js";

/** Negation right before the hit (不能说包成活, 我们不搞好评返现, 没开过光). */
export const negationStep: RangeStep = {
  name: "negation",
  apply(hit, ctx) {
    const c = ctx.negatedAt(hit.start);
    if (c) return cancel("negation", `negated by "${ctx.text.slice(c.start, c.end)}"`);
    return undefined;
  },
};
