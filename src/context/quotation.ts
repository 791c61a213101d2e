import { lowerBound, type CueHit } from "./context.js";
import { cancel, type Step } from "./step.js";

const byEnd = (c: CueHit) => c.end;

/** A sentence that talks about the rules quotes the term rather than claiming it. */
export const quotationStep: Step = {
  name: "quotation",
  apply(hit, ctx) {
    const s = ctx.sentenceStart(hit.start);
    const e = ctx.sentenceEnd(hit.end - 1);
    // The first rule-talk cue ending in [s, e] that starts in the sentence, by index over the sorted list (no array per hit).
    const quotes = ctx.cues("ruleQuote");
    for (let i = lowerBound(quotes, s, byEnd); i < quotes.length && quotes[i].end <= e; i++) {
      const c = quotes[i];
      if (c.start >= s) return cancel("quotation", `rule talk "${ctx.text.slice(c.start, c.end)}" in the same sentence`);
    }
    return undefined;
  },
};
