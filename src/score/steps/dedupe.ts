import type { Candidate } from "../../types.js";

/**
 * One candidate per (category, field, start, end): the most confident, at the
 * place of the first of its key. Keyed by nested maps (no key string per candidate).
 */
export function dedupe(cs: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const slots = new Map<string, Map<string, Map<number, Map<number, number>>>>();
  for (const c of cs) {
    let byField = slots.get(c.category);
    if (!byField) slots.set(c.category, (byField = new Map()));
    let byStart = byField.get(c.field);
    if (!byStart) byField.set(c.field, (byStart = new Map()));
    let byEnd = byStart.get(c.start);
    if (!byEnd) byStart.set(c.start, (byEnd = new Map()));
    const k = byEnd.get(c.end);
    if (k === undefined) {
      byEnd.set(c.end, out.length);
      out.push(c);
    } else if (c.confidence > out[k].confidence) out[k] = c;
  }
  return out;
}
