import { isCommonWord } from "../tokenize/jieba.js";
import { lowerBound, type AnalysisContext } from "./context.js";
import { adjust, cancel, type Step } from "./step.js";

const byStart = (r: { start: number }) => r.start;

/** The "no cue" note of an entry's `near` (the same words for every hit of it). */
const noCueNotes = new WeakMap<object, string>();

/**
 * Is a short cue only part of a longer word? A one-character cue must be a word of
 * its own (冲 in 冲击 or 冲上热搜, 加 in 参加, 券 in 证券 are other words); a
 * two-character cue must not cut a common word. Like the boundary step for terms.
 */
export function cueInsideWord(ctx: AnalysisContext, start: number, end: number): boolean {
  const len = end - start;
  if (len > 2) return false;
  const t = ctx.phraseTokens;
  const w0 = t.word(start);
  const w1 = t.word(end - 1);
  // (No closures here: this runs for every cue near every hit.)
  if (t.wordStart(w0) < start && (len === 1 || isCommonWord(t.wordText(w0)))) return true;
  if (t.wordStart(w1) + t.wordText(w1).length > end && (len === 1 || isCommonWord(t.wordText(w1)))) return true;
  return false;
}

/** Buying a quantity (拍三盆, 买一盒, 囤两箱): a selling cue whatever words it sits in. */
export const BUY_QUANTITY = /[拍买抢囤订][一二两三四五六七八九十几0-9]{1,3}[个件盒箱瓶袋包盆份单套双条斤棵株束罐桶支只提]/gu;

function buyQuantityIn(ctx: AnalysisContext, from: number, to: number, hit: { start: number; end: number }): string | undefined {
  const lo = Math.max(0, from);
  const window = ctx.text.slice(lo, Math.max(lo, to));
  for (const m of window.matchAll(BUY_QUANTITY)) {
    const start = lo + m.index!;
    const end = start + m[0].length;
    if (start < hit.end && end > hit.start) continue;
    if (ctx.negatedAt(start)) continue;
    return m[0];
  }
  return undefined;
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
      // Over the sorted occurrences by index (no copy of the range per hit).
      const list = ctx.groupHits(g);
      const to = hit.end + near.window;
      for (let i = lowerBound(list, hit.start - near.window - 20, byStart); i < list.length && list[i].start <= to; i++) {
        const o = list[i];
        if (o.end > hit.start - near.window && o.start < hit.end + near.window) {
          if (o.start < hit.end && o.end > hit.start) continue; // the hit itself
          // Both only skip the cue: the cheaper test first (a dense text has several cues per hit).
          if (cueInsideWord(ctx, o.start, o.end)) continue;
          if (ctx.negatedAt(o.start)) continue;
          const shown = g.includes(":") ? g.split(":")[1] : g;
          return adjust("near", 0, `with ${shown} cue "${ctx.text.slice(o.start, o.end)}"`);
        }
      }
    }
    if (near.groups.includes("selling")) {
      const q = buyQuantityIn(ctx, hit.start - near.window, hit.end + near.window, hit);
      if (q) return adjust("near", 0, `with selling cue "${q}" (buying a quantity)`);
    }
    let note = noCueNotes.get(near);
    if (note === undefined) noCueNotes.set(near, (note = `no ${near.groups.join("/")} cue within ${near.window} characters`));
    return cancel("near", note);
  },
};
