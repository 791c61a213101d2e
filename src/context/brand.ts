import { normalize } from "../normalize/normalize.js";
import { stringifyValue } from "../rules/attributes.js";
import type { AnalysisContext } from "./context.js";
import { cancel, type Step } from "./step.js";

/**
 * A listing's own brand name is no claim, though it holds a lexicon word (a 永久
 * bicycle, a 至尊 restaurant brand). The brand is the value of an attribute whose key
 * is, or starts with, a word of `_context.yaml` `brandKeys` (品牌, 品牌名称, brand —
 * not 适用品牌, the brand a case fits). A hit is cancelled only where the brand is
 * written: a hit that is a proper part of the name, anywhere; a hit that is the whole
 * name, only in the listing's title (永久 儿童自行车), so the same word elsewhere
 * (车架永久不生锈) is still judged.
 */
export const brandStep: Step = {
  name: "brand",
  apply(hit, ctx) {
    // Once per item, kept under the step itself (no key string or closure per hit).
    let spans = ctx.stepMemo.get(brandStep) as Array<[number, number, boolean]> | undefined;
    if (spans === undefined) ctx.stepMemo.set(brandStep, (spans = brandSpans(ctx)));
    for (let i = 0; i < spans.length; i++) {
      const [s, e, inTitle] = spans[i];
      if (s > hit.start || hit.end > e) continue;
      if (e - s > hit.end - hit.start || inTitle) return cancel("brand", `inside the listing's brand name "${ctx.text.slice(s, e)}"`);
    }
    return undefined;
  },
};

function brandSpans(ctx: AnalysisContext): Array<[number, number, boolean]> {
  const attrs = ctx.doc.item.listing?.attributes as Record<string, unknown> | undefined;
  const keys = ctx.lex.cues.brandKeys;
  if (!attrs || typeof attrs !== "object" || keys.length === 0) return [];
  const out: Array<[number, number, boolean]> = [];
  for (const [key, v] of Object.entries(attrs)) {
    const k = key.trim().toLowerCase();
    if (!keys.some((w) => k.startsWith(w))) continue;
    const name = normalize(stringifyValue(v), ctx.lex.variants).text.trim();
    if (name.length < 2 || name.length > 40) continue;
    for (let i = ctx.text.indexOf(name); i >= 0; i = ctx.text.indexOf(name, i + 1)) {
      const seg = ctx.doc.segments[ctx.doc.segAt[i]];
      out.push([i, i + name.length, seg?.field === "listing.title"]);
    }
  }
  return out;
}
