import type { Candidate, ContextStep } from "../../types.js";
import { ExplainMemo } from "../explain-memo.js";

/** How directly a hit was found: of two hits of one entry, the more direct one stands (an exact hit over a fuzzy one). */
const DIRECTNESS: Record<string, number> = { exact: 5, variant: 4, pattern: 3, rule: 3, pinyin: 2, fuzzy: 1 };

const better = (a: Candidate, b: Candidate) => {
  if (a.ruleId === b.ruleId) {
    const da = DIRECTNESS[a.explain.variant] ?? 0;
    const db = DIRECTNESS[b.explain.variant] ?? 0;
    if (da !== db) return da > db;
  }
  return a.confidence > b.confidence || (a.confidence === b.confidence && a.end - a.start > b.end - b.start);
};

/**
 * Overlapping candidates of one category (on their first span) become one: the
 * most confident (then the longest) stays, and its explanation lists the others
 * it absorbed. A sweep over candidates sorted by place: O(n log n).
 */
export function mergeOverlaps(cs: Candidate[]): Candidate[] {
  const sorted = [...cs].sort((a, b) =>
    a.category < b.category ? -1 : a.category > b.category ? 1 : a.field < b.field ? -1 : a.field > b.field ? 1 : a.start - b.start,
  );
  const kept: Candidate[] = [];
  // One "absorbed" step per entry and matched text, shared by every candidate that absorbed it
  // (explanation steps are never changed once made): not a note per candidate for a repeated phrase.
  const absorbed = new Map<string, Map<string, ContextStep>>();
  const absorbedStep = (m: Candidate): ContextStep => {
    let byMatched = absorbed.get(m.ruleId);
    if (!byMatched) absorbed.set(m.ruleId, (byMatched = new Map()));
    let step = byMatched.get(m.matched);
    if (!step) byMatched.set(m.matched, (step = { step: "merge", effect: 0, note: `absorbed ${m.ruleId} "${m.matched}"` }));
    return step;
  };
  const explains = new ExplainMemo();
  /** The absorbed steps of the group at hand (one list, refilled per group). */
  const added: ContextStep[] = [];
  let i = 0;
  while (i < sorted.length) {
    // The group is sorted[i, j): walked by index, no array per group.
    const first = sorted[i];
    let best = first;
    let end = first.end;
    let j = i + 1;
    while (j < sorted.length && sorted[j].category === first.category && sorted[j].field === first.field && sorted[j].start < end) {
      if (better(sorted[j], best)) best = sorted[j];
      end = Math.max(end, sorted[j].end);
      j++;
    }
    added.length = 0;
    // A longer reading of the same entry around the kept one (全网最低价 around 最低价) fixes the whole phrase:
    // the longest such reading with a fix, the first of them on a tie.
    let outer: Candidate | undefined;
    for (let m = i; m < j; m++) {
      const c = sorted[m];
      if (c !== best) added.push(absorbedStep(c));
      if (c.ruleId === best.ruleId && c.fix && c.start <= best.start && c.end >= best.end && c.field === best.field) {
        if (!outer || c.end - c.start > outer.end - outer.start) outer = c;
      }
    }
    const fix = outer?.fix ?? best.fix;
    i = j;
    // A candidate alone in its group keeps its fix and explanation: it stays as it is (a copy would read the same).
    if (added.length === 0 && fix === best.fix) {
      kept.push(best);
      continue;
    }
    // A copy of the kept one (no temporary object to spread): its fix replaced or added, its explanation
    // extended (the same explanation object for every kept one with the same explanation and absorbed steps).
    const k: Candidate = { ...best };
    if (fix) k.fix = fix;
    k.explain = explains.extendAll(best.explain, added);
    kept.push(k);
  }
  return kept;
}
