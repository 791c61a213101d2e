import type { Candidate } from "../../types.js";

/**
 * One candidate per (category, field, start, end): the most confident, at the
 * place of the first of its key. Keyed by nested maps (no key string per
 * candidate); the ends at one start are a short flat list [end, index, end,
 * index, …], not a map per start (a dense text has thousands of starts).
 */
export function dedupe(cs: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const slots = new Map<string, Map<string, Map<number, number[]>>>();
  for (const c of cs) {
    let byField = slots.get(c.category);
    if (!byField) slots.set(c.category, (byField = new Map()));
    let byStart = byField.get(c.field);
    if (!byStart) byField.set(c.field, (byStart = new Map()));
    let ends = byStart.get(c.start);
    if (!ends) byStart.set(c.start, (ends = []));
    let k = -1;
    for (let i = 0; i < ends.length; i += 2) {
      if (ends[i] === c.end) {
        k = ends[i + 1];
        break;
      }
    }
    if (k < 0) {
      ends.push(c.end, out.length);
      out.push(c);
    } else if (c.confidence > out[k].confidence) out[k] = c;
  }
  return out;
}
