/**
 * Word segmentation with nodejieba, lexicon terms loaded as a user dictionary
 * with a frequency so they segment as whole words while common words that
 * contain them (第一次, 最近) still win. Loaded once per process.
 */
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packagePath } from "../io/paths.js";
import { SEP_COMMA } from "../normalize/chars.js";
import { detached } from "../io/detach.js";

const require = createRequire(import.meta.url);

interface Jieba {
  load(opts: Record<string, string>): void;
  cut(s: string, strict?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
  DEFAULT_DICT: string;
  DEFAULT_HMM_DICT: string;
  DEFAULT_USER_DICT: string;
  DEFAULT_IDF_DICT: string;
  DEFAULT_STOP_WORD_DICT: string;
}

/** A file of config/jieba/. */
function configFile(name: string): string {
  return packagePath("config", "jieba", name);
}

/** Frequency given to lexicon terms (jieba.dict's median is 3; 第一次 is 6509). */
export const USER_TERM_FREQ = 500;

/** Words of jieba's dictionary at least this frequent are "common words" for the boundary step. */
export const COMMON_WORD_FREQ = 100;

/**
 * Words of jieba's dictionary rarer than this are not loaded (105k of its 349k
 * words stay). nodejieba builds its dictionary trie twice (its segmenter and its
 * TextRank extractor each load one), about 224 MB for the full dictionary and
 * 77 MB for this one. Rare words matter little here: the boundary step asks
 * only about common words, and jieba's HMM still segments runs of unknown
 * characters. Lexicon terms are always loaded (the user dictionary).
 */
export const MIN_DICT_FREQ = 10;

let jieba: Jieba | undefined;
const inserted = new Set<string>();
/** Frequencies of jieba dictionary words, for lexicon terms and common words. */
const dictFreq = new Map<string, number>();

/**
 * Read jieba's own dictionary: frequencies of our terms and the set of common
 * words; returns the lines of the words kept for loading (MIN_DICT_FREQ).
 */
function readDictionary(path: string, terms: Set<string>): string {
  const text = readFileSync(path, "utf8");
  const kept: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    const sp = text.indexOf(" ", pos);
    if (sp > pos && sp < nl) {
      // (copied out: a long word kept as a slice would keep the whole 6 MB text alive)
      const word = detached(text.slice(pos, sp));
      const sp2 = text.indexOf(" ", sp + 1);
      const freq = Number(text.slice(sp + 1, sp2 > 0 && sp2 < nl ? sp2 : nl));
      if (freq >= COMMON_WORD_FREQ || terms.has(word)) dictFreq.set(word, freq);
      if (freq >= MIN_DICT_FREQ) kept.push(text.slice(pos, nl));
    }
    pos = nl + 1;
  }
  return kept.join("\n") + "\n";
}

/** Write `body` once to a temp file named by its hash, shared by every process that needs the same one. */
function sharedTempFile(kind: string, body: string): string {
  const path = join(tmpdir(), `hegui-jieba-${kind}-${createHash("sha256").update(body).digest("hex").slice(0, 16)}.utf8`);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, body);
    renameSync(tmp, path);
  }
  if (!existsSync(path)) throw new Error(`jieba ${kind} dictionary not written: ${path}`);
  return path;
}

/** Is this a common word of jieba's dictionary (not a rare or HMM-made one)? */
export function isCommonWord(word: string): boolean {
  return (dictFreq.get(word) ?? 0) >= COMMON_WORD_FREQ;
}

/**
 * A hash of a word by its UTF-16 codes (FNV-1a), extended one character at a
 * time: `wordHash(wordHash(WORD_HASH_START, a), b)` for the two characters a, b.
 * The boundary step hashes the substrings around a cut this way, without slicing them.
 */
export const WORD_HASH_START = 0x811c9dc5;
export const wordHash = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193) >>> 0;

/** Bits of the common-word filter: ~36k common words in 2^21 bits, about 2% false positives. */
const FILTER_BITS = 21;
let commonFilter: { bits: Uint8Array; words: number } | undefined;

/**
 * Might the word with this `wordHash` be a common word? False: surely not (no
 * common word has that hash); true: maybe, ask isCommonWord. A bit set of the
 * common words' hashes, built from the dictionary on first use (again if it grew).
 */
export function maybeCommonWord(h: number): boolean {
  if (commonFilter?.words !== dictFreq.size) {
    const bits = new Uint8Array(1 << (FILTER_BITS - 3));
    for (const [w, f] of dictFreq) {
      if (f < COMMON_WORD_FREQ) continue;
      let x = WORD_HASH_START;
      for (let i = 0; i < w.length; i++) x = wordHash(x, w.charCodeAt(i));
      x >>>= 32 - FILTER_BITS;
      bits[x >>> 3] |= 1 << (x & 7);
    }
    commonFilter = { bits, words: dictFreq.size };
  }
  const x = h >>> (32 - FILTER_BITS);
  return (commonFilter.bits[x >>> 3] & (1 << (x & 7))) !== 0;
}

/**
 * A common dictionary word of 2–4 characters that the cut at `cut` falls inside, starting at or after
 * `lo` and ending at or before `hi`, that `skip` does not set aside (the boundary step skips lexicon
 * terms; src/context/boundary.ts, src/semantic/concepts.ts).
 */
export function commonWordAcross(text: string, cut: number, lo: number, hi: number, skip?: (w: string) => boolean): string | undefined {
  for (let a = Math.max(lo, cut - 3); a < cut; a++) {
    // text[a, b) hashed as b grows: only a substring that may be a common word is sliced and looked up
    // (this runs for every exact hit, most of whose substrings are no word). A negative `a` (a hit in
    // the first three characters) is not hashed: slice() reads it from the end of the text, as it always has.
    let h = WORD_HASH_START;
    for (let k = a; k < cut; k++) h = wordHash(h, text.charCodeAt(k));
    for (let b = cut + 1; b <= Math.min(hi, a + 4, text.length); b++) {
      h = wordHash(h, text.charCodeAt(b - 1));
      if (b - a < 2 || (a >= 0 && !maybeCommonWord(h))) continue;
      const w = text.slice(a, b);
      if (isCommonWord(w) && !skip?.(w)) return w;
    }
  }
  return undefined;
}

/**
 * Load jieba with the lexicon terms (first call), or add new terms to the
 * loaded dictionary (later calls, e.g. after a lexicon reload).
 * nodejieba aborts the whole process on a missing dictionary file, so every
 * path is checked first.
 */
export function ensureJieba(terms: string[]): void {
  if (!jieba) {
    const j = require("nodejieba") as Jieba;
    // hegui never extracts keywords: a one-line IDF and stop-word list save ~20 MB per process.
    const paths = {
      dict: j.DEFAULT_DICT,
      hmmDict: j.DEFAULT_HMM_DICT,
      idfDict: configFile("idf.min.utf8"),
      stopWordDict: configFile("stop_words.min.utf8"),
    };
    for (const [k, p] of Object.entries(paths)) {
      if (!existsSync(p)) throw new Error(`nodejieba ${k} not found at ${p}: reinstall with \`npm ci\``);
    }
    const words = [...new Set(terms.filter((t) => t.length > 1 && !/\s/.test(t)))];
    const dict = sharedTempFile("main", readDictionary(paths.dict, new Set(words)));
    // A term that is already a jieba word keeps its own frequency when that is higher.
    const freq = (w: string) => Math.max(USER_TERM_FREQ, dictFreq.get(w) ?? 0);
    const userDict = sharedTempFile("user", words.map((w) => `${w} ${freq(w)} n`).join("\n") + "\n");
    j.load({ ...paths, dict, userDict });
    for (const w of words) inserted.add(w);
    jieba = j;
    return;
  }
  for (const t of terms) {
    if (t.length > 1 && !inserted.has(t) && !/\s/.test(t)) {
      jieba.insertWord(t, "n");
      inserted.add(t);
    }
  }
}

export interface Tokens {
  /** The words, in order. */
  words: string[];
  /** Index into `words` of the word each character belongs to. */
  wordAt: Int32Array;
  /** Start offset of each word. */
  wordStart: Int32Array;
}

/** Segment normalized text, phrase by phrase (phrases end at commas and sentence ends). */
export function tokenize(text: string, sep: Uint8Array): Tokens {
  if (!jieba) throw new Error("tokenize() before ensureJieba()");
  const words: string[] = [];
  const starts: number[] = [];
  const wordAt = new Int32Array(text.length);
  let phraseStart = 0;
  const flush = (end: number) => {
    if (end <= phraseStart) return;
    let pos = phraseStart;
    for (const w of jieba!.cut(text.slice(phraseStart, end))) {
      for (let k = 0; k < w.length; k++) wordAt[pos + k] = words.length;
      starts.push(pos);
      words.push(w);
      pos += w.length;
    }
  };
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || sep[i] >= SEP_COMMA) {
      flush(i);
      phraseStart = i;
    }
  }
  return { words, wordAt, wordStart: Int32Array.from(starts) };
}

/**
 * The same segmentation made phrase by phrase as it is asked for (`tokenize`
 * cuts each phrase on its own, so a phrase's words do not depend on the
 * others): the context steps ask about the words around a few hits, and a long
 * listing need not be cut whole for them. Words are numbered in the order their
 * phrases are cut (`word(i)`: the number of the word holding character i).
 */
export class PhraseTokens {
  private readonly at: Int32Array;
  private readonly words: string[] = [];
  private readonly starts: number[] = [];
  /** The whole text's tokens, when a phrase's words did not cover it (then they are used throughout, as before). */
  private full?: Tokens;

  constructor(
    private readonly text: string,
    private readonly sep: Uint8Array,
  ) {
    this.at = new Int32Array(text.length).fill(-1);
  }

  /** The number of the word that holds character i (0 <= i < text length). */
  word(i: number): number {
    if (this.full) return this.full.wordAt[i];
    let w = this.at[i];
    if (w < 0) {
      this.cutPhraseAt(i);
      if (this.full) return (this.full as Tokens).wordAt[i];
      w = this.at[i];
    }
    return w;
  }

  /** The text of word `w`. */
  wordText(w: number): string {
    return this.full ? this.full.words[w] : this.words[w];
  }

  /** The start offset of word `w`. */
  wordStart(w: number): number {
    return this.full ? this.full.wordStart[w] : this.starts[w];
  }

  private cutPhraseAt(i: number): void {
    if (!jieba) throw new Error("tokenize() before ensureJieba()");
    const { text, sep } = this;
    // The phrase of tokenize(): from the last comma or sentence edge at or before i to the next after it.
    let a = i;
    while (a > 0 && sep[a] < SEP_COMMA) a--;
    let b = i + 1;
    while (b < text.length && sep[b] < SEP_COMMA) b++;
    let pos = a;
    for (const w of jieba.cut(text.slice(a, b))) {
      for (let k = 0; k < w.length && pos + k < b; k++) this.at[pos + k] = this.words.length;
      this.starts.push(pos);
      this.words.push(w);
      pos += w.length;
    }
    // Characters the words left out (none that normalized text is known to have) would read
    // word 0 of the whole text in tokenize(): take its tokens for everything then.
    for (let k = a; k < b; k++) if (this.at[k] < 0) {
      this.full = tokenize(text, sep);
      return;
    }
  }
}
