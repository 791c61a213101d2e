/**
 * Features of the learned model: the character n-grams (1–3) of an item's
 * normalized text (src/doc: NFKC, simplified, lower case, disguise map
 * applied), hashed into a fixed number of buckets (the hashing trick), binary
 * and L2-normalized. Only bucket numbers reach the model file: no text.
 */

export const NGRAM_MAX = 3;

/** FNV-1a (32 bit) of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Characters that carry no meaning on their own: spaces, punctuation, symbols. */
const NOISE = /[\s\p{P}\p{S}]/u;

export interface Features {
  /** Distinct buckets, ascending. */
  index: Int32Array;
  /** The value of each bucket (1/√n). */
  value: number;
  /** For explanations: a bucket's first n-gram and where it starts in the text. */
  grams: Map<number, { gram: string; pos: number }>;
}

/** The hashed n-gram features of `text` in `dim` buckets. */
export function featurize(text: string, dim: number, keepGrams = false): Features {
  const chars: string[] = [];
  const pos: number[] = [];
  // Code units, not code points: the document's offsets are code units too.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (NOISE.test(ch)) {
      // A break: n-grams do not run across punctuation or spaces.
      if (chars.length && chars[chars.length - 1] !== "\u0000") (chars.push("\u0000"), pos.push(i));
      continue;
    }
    chars.push(ch);
    pos.push(i);
  }
  const set = new Set<number>();
  const grams = new Map<number, { gram: string; pos: number }>();
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\u0000") continue;
    let g = "";
    for (let n = 1; n <= NGRAM_MAX && i + n <= chars.length; n++) {
      const ch = chars[i + n - 1];
      if (ch === "\u0000") break;
      g += ch;
      // Single characters only for CJK: a lone Latin letter or digit says nothing.
      if (n === 1 && !/[\u3400-\u9fff]/.test(ch)) continue;
      const b = fnv1a(g) % dim;
      set.add(b);
      if (keepGrams && !grams.has(b)) grams.set(b, { gram: g, pos: pos[i] });
    }
  }
  const index = Int32Array.from([...set].sort((a, b) => a - b));
  return { index, value: index.length ? 1 / Math.sqrt(index.length) : 0, grams };
}
