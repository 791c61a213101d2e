import { cancel, type Step } from "./step.js";

/** A sentence that talks about the rules quotes the term rather than claiming it. */
export const quotationStep: Step = {
  name: "quotation",
  apply(hit, ctx) {
    const s = ctx.sentenceStart(hit.start);
    const e = ctx.sentenceEnd(hit.end - 1);
    const c = ctx.cuesEnding("ruleQuote", s, e).find((c) => c.start >= s);
    if (c) return cancel("quotation", `rule talk "${ctx.text.slice(c.start, c.end)}" in the same sentence`);
    return undefined;
  },
};
