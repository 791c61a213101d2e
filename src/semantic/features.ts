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

/** Is this UTF-16 code unit a break (space, punctuation, symbol)? Cached per code unit. */
const noiseCache = new Int8Array(65536); // 0 unknown, 1 noise, 2 not
function isNoise(code: number): boolean {
  let v = noiseCache[code];
  if (v === 0) v = noiseCache[code] = NOISE.test(String.fromCharCode(code)) ? 1 : 2;
  return v === 1;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Calls `visit` with the bucket of every 1–3-gram of `text` (CJK single
 * characters, Latin and digit runs from two on; never across a break), with
 * where the n-gram starts and its length. Hashes are built incrementally
 * (FNV-1a of a string extended by one code unit), which gives exactly
 * fnv1a(gram) without building the gram strings. A bucket may come more than once.
 */
export function eachBucket(text: string, dim: number, visit: (bucket: number, pos: number, len: number) => void): void {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (isNoise(text.charCodeAt(i))) continue;
    let h = FNV_OFFSET;
    for (let k = 0; k < NGRAM_MAX && i + k < n; k++) {
      const c = text.charCodeAt(i + k);
      if (isNoise(c)) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      // Single characters only for CJK: a lone Latin letter or digit says nothing.
      if (k === 0 && !(c >= 0x3400 && c <= 0x9fff)) continue;
      visit((h >>> 0) % dim, i, k + 1);
    }
  }
}

/**
 * The fewest buckets a text's features are normalized over: a short text (你好,
 * a caption fragment) is read as if padded with neutral n-grams, so that two or
 * three characters cannot carry a class on their own (1/√n would give each of
 * them the weight of a whole sentence).
 */
export const NORM_FLOOR = 40;

/** The hashed n-gram features of `text` in `dim` buckets (eachBucket), distinct and sorted; value 1/√max(n, normFloor). */
export function featurize(text: string, dim: number, keepGrams = false, normFloor = NORM_FLOOR): Features {
  const out = new Int32Array(text.length * NGRAM_MAX);
  let len = 0;
  const grams = new Map<number, { gram: string; pos: number }>();
  eachBucket(text, dim, (b, pos, n) => {
    out[len++] = b;
    if (keepGrams && !grams.has(b)) grams.set(b, { gram: text.slice(pos, pos + n), pos });
  });
  const sorted = out.subarray(0, len).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i];
  const index = sorted.slice(0, m);
  return { index, value: index.length ? 1 / Math.sqrt(Math.max(index.length, normFloor)) : 0, grams };
}
