import type { Candidate } from "../../types.js";

/** One candidate per (category, field, start, end): the most confident. */
export function dedupe(cs: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const c of cs) {
    const k = `${c.category}\0${c.field}\0${c.start}\0${c.end}`;
    const b = best.get(k);
    if (!b || c.confidence > b.confidence) best.set(k, c);
  }
  return [...best.values()];
}
