import { normalize } from "../normalize/normalize.js";
import { stringifyValue } from "../rules/attributes.js";
import { cancel, type Step } from "./step.js";

/**
 * A listing's own brand name is no claim, though it holds a lexicon word (a 永久
 * bicycle, a 至尊 restaurant brand): a hit lying inside an occurrence of the value
 * of a brand attribute (keys from `_context.yaml` `brandKeys`) is that name. Only
 * where the brand itself is written, so the same word elsewhere is still judged.
 */
export const brandStep: Step = {
  name: "brand",
  apply(hit, ctx) {
    // Once per item, kept under the step itself (no key string or closure per hit).
    let spans = ctx.stepMemo.get(brandStep) as Array<[number, number]> | undefined;
    if (spans === undefined) ctx.stepMemo.set(brandStep, (spans = brandSpans(ctx)));
    for (let i = 0; i < spans.length; i++) {
      const [s, e] = spans[i];
      if (s <= hit.start && hit.end <= e) return cancel("brand", `inside the listing's brand name "${ctx.text.slice(s, e)}"`);
    }
    return undefined;
  },
};

function brandSpans(ctx: Parameters<Step["apply"]>[1]): Array<[number, number]> {
  const attrs = ctx.doc.item.listing?.attributes as Record<string, unknown> | undefined;
  const keys = ctx.lex.cues.brandKeys;
  if (!attrs || typeof attrs !== "object" || keys.length === 0) return [];
  const out: Array<[number, number]> = [];
  for (const [key, v] of Object.entries(attrs)) {
    const k = key.toLowerCase();
    if (!keys.some((w) => k.includes(w))) continue;
    const name = normalize(stringifyValue(v), ctx.lex.variants).text.trim();
    if (name.length < 2 || name.length > 40) continue;
    for (let i = ctx.text.indexOf(name); i >= 0; i = ctx.text.indexOf(name, i + 1)) out.push([i, i + name.length]);
  }
  return out;
}
