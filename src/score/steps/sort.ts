import type { Candidate } from "../../types.js";

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rank of a field: listing title, description, selling points, text, fragments (by index). */
function fieldRank(f: string): number {
  if (f === "listing.title") return 0;
  if (f === "listing.description") return 1;
  const m = /\[(\d+)\]/.exec(f);
  const idx = m ? Number(m[1]) : 0;
  if (f.startsWith("listing.sellingPoints")) return 2 + idx / 1e4;
  if (f === "text") return 3;
  if (f.startsWith("fragments")) return 4 + idx / 1e4;
  return 5;
}

/** Order by field, then position, then category. */
export function sortByPlace(cs: Candidate[]): Candidate[] {
  // Each field's rank once (not a regex per comparison).
  const ranks = new Map<string, number>();
  const rank = (f: string) => {
    let r = ranks.get(f);
    if (r === undefined) ranks.set(f, (r = fieldRank(f)));
    return r;
  };
  return [...cs].sort((a, b) => rank(a.field) - rank(b.field) || cmp(a.field, b.field) || a.start - b.start || cmp(a.category, b.category));
}
