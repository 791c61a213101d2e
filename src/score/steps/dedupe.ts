import type { Candidate } from "../../types.js";

/**
 * One candidate per (category, field, start, end): the most confident, at the
 * place of the first of its key; of two as confident, the one whose normalized
 * reading is longer (加微信 over 加微 when both end inside the disguise 薇信,
 * whose original span is the same: the kept reading covers what it shows). Keyed by nested maps (no key string per
 * candidate); the candidates kept at one start are a chain through `next` from
 * the first of them (their ends in `ends`), not a list per start (a dense text
 * has thousands of starts).
 */
export function dedupe(cs: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  /** Per kept candidate (index into out): its end, and the next kept candidate at its start (-1: none). */
  const ends: number[] = [];
  const next: number[] = [];
  const slots = new Map<string, Map<string, Map<number, number>>>();
  for (const c of cs) {
    let byField = slots.get(c.category);
    if (!byField) slots.set(c.category, (byField = new Map()));
    let byStart = byField.get(c.field);
    if (!byStart) byField.set(c.field, (byStart = new Map()));
    const head = byStart.get(c.start);
    let k = -1;
    let last = -1;
    for (let i = head ?? -1; i >= 0; i = next[i]) {
      if (ends[i] === c.end) {
        k = i;
        break;
      }
      last = i;
    }
    if (k < 0) {
      const at = out.length;
      out.push(c);
      ends.push(c.end);
      next.push(-1);
      if (last < 0) byStart.set(c.start, at);
      else next[last] = at;
    } else if (c.confidence > out[k].confidence || (c.confidence === out[k].confidence && c.explain.normalized.length > out[k].explain.normalized.length)) out[k] = c;
  }
  return out;
}
