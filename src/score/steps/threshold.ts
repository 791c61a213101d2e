import type { Candidate } from "../../types.js";

/** Drop candidates below the reporting confidence. */
export function threshold(min: number) {
  return (cs: Candidate[]): Candidate[] => cs.filter((c) => c.confidence >= min);
}
