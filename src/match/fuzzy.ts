/** Edit-distance-1 matching for longer terms (fast-levenshtein). */
import levenshtein from "fast-levenshtein";

export interface FuzzyHit {
  start: number;
  end: number;
  distance: number;
}

/** Positions of each character in the text, for candidate windows. */
export function charIndex(text: string): Map<string, number[]> {
  const idx = new Map<string, number[]>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let list = idx.get(c);
    if (!list) idx.set(c, (list = []));
    list.push(i);
  }
  return idx;
}

/** Positions of a character (one UTF-16 unit) in the text, undefined for none: a `charIndex`, or `LazyCharIndex`. */
export type CharPositions = Pick<Map<string, number[]>, "get">;

/** `charIndex` built character by character as asked (a text's fuzzy candidates ask for few of its characters). */
export class LazyCharIndex implements CharPositions {
  private readonly found = new Map<string, number[]>();

  constructor(private readonly text: string) {}

  get(c: string): number[] | undefined {
    let list = this.found.get(c);
    if (list === undefined) {
      list = [];
      for (let i = this.text.indexOf(c); i >= 0; i = this.text.indexOf(c, i + 1)) list.push(i);
      this.found.set(c, list);
    }
    return list.length ? list : undefined;
  }
}

/**
 * Windows of the text within edit distance 1 of `term` (length >= 4), not equal
 * to it. Only windows that start near an occurrence of the term's first or
 * second character are compared.
 */
export function fuzzyFind(text: string, term: string, index: CharPositions): FuzzyHit[] {
  const L = term.length;
  const starts = new Set<number>();
  for (const [c, shift] of [[term[0], 0], [term[1], 1]] as const) {
    for (const p of index.get(c) ?? []) {
      for (const d of [-1, 0, 1]) {
        const s = p - shift + d;
        if (s >= 0) starts.add(s);
      }
    }
  }
  const hits: FuzzyHit[] = [];
  for (const s of starts) {
    for (const len of [L - 1, L, L + 1]) {
      if (s + len > text.length) continue;
      // The window must keep the term's first or last character.
      if (text[s] !== term[0] && text[s + len - 1] !== term[L - 1]) continue;
      if (!withinOneEdit(text, s, len, term)) continue;
      const w = text.slice(s, s + len);
      if (w === term) continue;
      const d = levenshtein.get(w, term);
      if (d === 1) hits.push({ start: s, end: s + len, distance: d });
    }
  }
  return hits;
}

/**
 * Can the window text[s, s + len) be one edit from the term (or equal to it)? A
 * substitution, insertion or deletion leaves a common prefix and a common
 * suffix that together cover all but one character of the longer string, so a
 * window whose common ends fall short is two edits away or more (the distance
 * itself is left to levenshtein for the rest).
 */
function withinOneEdit(text: string, s: number, len: number, term: string): boolean {
  const L = term.length;
  const m = Math.min(len, L);
  let p = 0;
  while (p < m && text.charCodeAt(s + p) === term.charCodeAt(p)) p++;
  let q = 0;
  while (q < m && text.charCodeAt(s + len - 1 - q) === term.charCodeAt(L - 1 - q)) q++;
  return p + q >= Math.max(len, L) - 1;
}
