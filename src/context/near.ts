import { isCommonWord } from "../tokenize/jieba.js";
import type { AnalysisContext } from "./context.js";
import { adjust, cancel, type Step } from "./step.js";

/**
 * Is a short cue only part of a longer word? A one-character cue must be a word of
 * its own (冲 in 冲击 or 冲上热搜, 加 in 参加, 券 in 证券 are other words); a
 * two-character cue must not cut a common word. Like the boundary step for terms.
 */
export function cueInsideWord(ctx: AnalysisContext, start: number, end: number): boolean {
  const len = end - start;
  if (len > 2) return false;
  const { words, wordAt, wordStart } = ctx.tokens;
  const w0 = wordAt[start];
  const w1 = wordAt[end - 1];
  const wordEnd = (w: number) => wordStart[w] + words[w].length;
  const cut = (w: number) => len === 1 || isCommonWord(words[w]);
  if (wordStart[w0] < start && cut(w0)) return true;
  if (wordEnd(w1) > end && cut(w1)) return true;
  return false;
}

/**
 * Combine rules: an entry with `near` needs a companion cue (selling, appeal,
 * contact…) within its window; a negated cue (今天不卖货) does not count, nor does
 * a short cue that is only part of a common word (冲 in 冲击).
 * A listing is itself an offer to sell: there the `selling` cue is implied.
 */
export const nearStep: Step = {
  name: "near",
  apply(hit, ctx) {
    const near = hit.entry.near;
    if (!near) return undefined;
    if (ctx.doc.item.channel === "listing" && near.groups.includes("selling")) {
      return adjust("near", 0, "a listing is itself a selling cue");
    }
    for (const g of near.groups) {
      for (const o of ctx.groupHitsIn(g, hit.start - near.window - 20, hit.end + near.window)) {
        if (o.end > hit.start - near.window && o.start < hit.end + near.window) {
          if (o.start < hit.end && o.end > hit.start) continue; // the hit itself
          if (ctx.negatedAt(o.start)) continue;
          if (cueInsideWord(ctx, o.start, o.end)) continue;
          const shown = g.includes(":") ? g.split(":")[1] : g;
          return adjust("near", 0, `with ${shown} cue "${ctx.text.slice(o.start, o.end)}"`);
        }
      }
    }
    return cancel("near", `no ${near.groups.join("/")} cue within ${near.window} characters`);
  },
};
