/**
 * Normalization with an offset map back to the original text.
 *
 * Steps, per code point: NFKC (full-width -> half-width), case folding, removal
 * of format characters (zero-width, variation selectors, combining marks),
 * separators (spaces, symbols, emoji, punctuation) dropped but remembered as a
 * boundary strength before the next kept character; then traditional ->
 * simplified (opencc-js), runs of 3+ identical ideographs collapsed to one, and
 * the disguise map (_variants.yaml) applied leftmost-longest.
 *
 * Every normalized character i keeps `src[i]`/`srcEnd[i]`: the UTF-16 range of
 * the original text it came from. A normalized range [s, e) maps back to the
 * original range [src[s], srcEnd[e - 1]).
 */
import { classify, isDigit, isHan, SEP_COMMA, SEP_NONE, SEP_STRONG, SEP_WEAK, type CharClass } from "./chars.js";
import { single, toSimplified } from "./t2s.js";
import { AhoCorasick } from "../match/aho-corasick.js";
import type { VariantMap } from "./variants.js";

export interface NormText {
  /** The normalized text. */
  text: string;
  /** Original start offset of each normalized character (UTF-16 index). */
  src: Int32Array;
  /** Original end offset (exclusive) of each normalized character. */
  srcEnd: Int32Array;
  /** Separator strength before each normalized character (SEP_*). */
  sep: Uint8Array;
  /** Length of the original text. */
  originalLength: number;
}

/** Symbols that stand for a character in disguised wording (➕V, 💯发芽, 🟢泡泡). */
const SYMBOLS: Record<string, string> = { "➕": "+", "💯": "100%", "🟢": "绿" };

/**
 * A heart is read by what surrounds it: before 心 it is 爱 (献❤心, ❤心); right
 * after a character that with 心 makes a disguise of the variant map it is 心
 * (v❤ = v心 = 微信); anywhere else it is decoration, dropped like other emoji
 * (人民日❤报, 瘫❤痪).
 */
const HEARTS = new Set([0x2764, 0x1f497, 0x2665, 0x1f496, 0x1f495, 0x1f493]);

interface Cell {
  ch: string;
  start: number;
  end: number;
  sep: number;
}

function sepOf(cls: string): number {
  if (cls === "strong") return SEP_STRONG;
  if (cls === "comma") return SEP_COMMA;
  return SEP_WEAK;
}

/** Each code point folded (symbol map, NFKC, lower case) and classified; cached. */
const foldCache = new Map<number, Array<[string, CharClass]>>();
/** The same cache for the Basic Multilingual Plane, indexed by code point (no hashing on the hot path). */
const foldBmp: Array<Array<[string, CharClass]> | undefined> = new Array(0x10000);
function fold(cp: number): Array<[string, CharClass]> {
  let f = cp < 0x10000 ? foldBmp[cp] : foldCache.get(cp);
  if (!f) {
    const raw = String.fromCodePoint(cp);
    const folded = SYMBOLS[raw] ?? raw.normalize("NFKC").toLowerCase();
    f = [...folded].map((ch) => [ch, classify(ch)] as [string, CharClass]);
    if (cp < 0x10000) foldBmp[cp] = f;
    else if (foldCache.size < 200_000) foldCache.set(cp, f);
  }
  return f;
}

/** The first kept character after position `from` (format characters skipped), folded. */
function nextFolded(original: string, from: number): string | undefined {
  let j = from;
  while (j < original.length) {
    const cp = original.codePointAt(j)!;
    const f = fold(cp)[0];
    if (f && f[1] !== "format") return f[0];
    j += cp > 0xffff ? 2 : 1;
  }
  return undefined;
}

/** What a heart at `i` stands for: "爱", "心", or nothing (a separator). */
function heart(original: string, i: number, len: number, prev: Cell | undefined, pending: number, variants: VariantMap): string | undefined {
  if (nextFolded(original, i + len) === "心") return "爱";
  if (prev && pending === SEP_NONE && variants.forms.has(prev.ch + "心")) return "心";
  return undefined;
}

/** Digits and the marks between them, half- or full-width. */
const DIGIT_RUN = /[0-9０-９.．:：]/;

/**
 * Is the mark at `i` one of several marks between single digits (8.9.9,
 * 1.2.9.9): a number spelt out with separators, not a decimal point? The
 * answer is the same for every mark of one run of digits and marks, so it is
 * computed once per run (`memo`): a long run (1.1.1.…) stays linear.
 */
function spreadOut(original: string, i: number, memo: { a: number; b: number; value: boolean }): boolean {
  if (i >= memo.a && i < memo.b) return memo.value;
  let a = i;
  while (a > 0 && DIGIT_RUN.test(original[a - 1])) a--;
  let b = i + 1;
  while (b < original.length && DIGIT_RUN.test(original[b])) b++;
  const run = original.slice(a, b).replace(/^[.．:：]+|[.．:：]+$/g, "");
  const value = (run.match(/[.．:：]/g)?.length ?? 0) >= 2 && /^[0-9０-９]([.．:：][0-9０-９])+$/.test(run);
  memo.a = a;
  memo.b = b;
  memo.value = value;
  return value;
}

/** First pass: NFKC, case folding, separators and format characters. */
function foldChars(original: string, variants: VariantMap): Cell[] {
  const cells: Cell[] = [];
  let pending = SEP_NONE;
  const spread = { a: 0, b: 0, value: false };
  /** Code points dropped since the last kept character; a gap over `variants.maxGap` is a break. */
  let gap = 0;
  const keep = (ch: string, start: number, end: number, sep: number) => {
    cells.push({ ch, start, end, sep: gap > variants.maxGap && cells.length > 0 ? SEP_STRONG : sep });
    gap = 0;
  };
  let i = 0;
  while (i < original.length) {
    const cp = original.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const kept = cells.length;
    if (HEARTS.has(cp)) {
      const ch = heart(original, i, len, cells[cells.length - 1], pending, variants);
      if (ch) {
        keep(ch, i, i + len, pending);
        pending = SEP_NONE;
      } else {
        if (SEP_WEAK > pending) pending = SEP_WEAK;
        gap++;
      }
      i += len;
      continue;
    }
    const folded = fold(cp);
    for (let q = 0; q < folded.length; q++) {
      const ch = folded[q][0];
      const cls = folded[q][1];
      if (cls === "word" || cls === "keep") {
        keep(ch, i, i + len, pending);
        pending = SEP_NONE;
      } else if (cls === "format") {
        // dropped without a trace
      } else {
        const s = sepOf(cls);
        // A decimal point or ratio colon between digits is kept (9.9, 1:1).
        if ((ch === "." || ch === ":") && isDigit(cells[cells.length - 1]?.ch) && pending === SEP_NONE && !spreadOut(original, i, spread)) {
          const nextCp = original.codePointAt(i + len);
          if (nextCp !== undefined && isDigit(fold(nextCp)[0]?.[0])) {
            keep(ch, i, i + len, SEP_NONE);
            continue;
          }
        }
        if (s > pending) pending = s;
      }
    }
    if (cells.length === kept) gap++;
    i += len;
  }
  return cells;
}

/** Chinese numerals: runs of them are numbers (一零零零零, 八八八), never emphasis. */
const NUMERAL = new Set("零〇一二三四五六七八九十百千万亿两幺壹贰叁肆伍陆柒捌玖拾");

/** Collapse runs of 3 or more identical ideographs to one (最最最好 -> 最好), numerals excepted. */
function collapseRuns(cells: Cell[]): Cell[] {
  const out: Cell[] = [];
  let i = 0;
  while (i < cells.length) {
    let j = i + 1;
    while (j < cells.length && cells[j].ch === cells[i].ch && cells[j].sep <= SEP_WEAK) j++;
    const run = j - i;
    if (run >= 3 && isHan(cells[i].ch) && !NUMERAL.has(cells[i].ch)) {
      out.push({ ch: cells[i].ch, start: cells[i].start, end: cells[j - 1].end, sep: cells[i].sep });
    } else {
      for (let k = i; k < j; k++) out.push(cells[k]);
    }
    i = j;
  }
  return out;
}

/** Apply the disguise map leftmost-longest; replaced characters map to the whole source span. */
function applyVariants(cells: Cell[], variants: VariantMap): Cell[] {
  if (variants.maxLength === 0) return cells;
  // A cell may hold two UTF-16 units (𠮷) or more (💯 -> 100%): index the text by cell.
  const pos = new Int32Array(cells.length + 1);
  for (let c = 0; c < cells.length; c++) pos[c + 1] = pos[c] + cells[c].ch.length;
  const text = cells.map((c) => c.ch).join("");
  const out: Cell[] = [];
  let i = 0;
  while (i < cells.length) {
    if (!variants.starts.has(text[pos[i]])) {
      out.push(cells[i]);
      i++;
      continue;
    }
    let replaced = false;
    for (let len = Math.min(variants.maxLength, cells.length - i); len >= 1; len--) {
      const to = variants.forms.get(text.slice(pos[i], pos[i + len]));
      if (to === undefined) continue;
      // Do not rewrite across a sentence or phrase boundary.
      let crosses = false;
      for (let k = i + 1; k < i + len; k++) if (cells[k].sep >= SEP_COMMA) crosses = true;
      if (crosses) continue;
      const start = cells[i].start;
      const end = cells[i + len - 1].end;
      let first = true;
      for (const ch of to) {
        out.push({ ch, start, end, sep: first ? cells[i].sep : SEP_NONE });
        first = false;
      }
      i += len;
      replaced = true;
      break;
    }
    if (!replaced) {
      out.push(cells[i]);
      i++;
    }
  }
  return out;
}

/*
 * The plain path. Most text is made only of characters that fold to one UTF-16
 * unit of their own, which traditional->simplified leaves alone and which begin
 * no disguise form, and of plain separators: for such text the steps above come
 * down to dropping the separators (remembering their strength) and folding the
 * rest one unit for one. Each UTF-16 unit's part in that is worked out once per
 * variant map (`plainInfo`); a text holding any other unit (a heart, a unit
 * that folds to two, a traditional character, a surrogate), a point or colon
 * right after a digit, a run of ideographs that collapses, or a disguise form
 * goes the full way (`normalize` falls back to it).
 */

/** Kind of a unit on the plain path (low 4 bits of its info; the rest: its folded unit or separator strength). */
const PLAIN_KEEP = 1;
const PLAIN_SEP = 2;
/** A point or colon: a separator unless it stands right after a digit (then the full path judges it). */
const PLAIN_POINT = 3;
const PLAIN_FORMAT = 4;
/** Kept, and the first unit of some disguise form (checked once the text is read). */
const PLAIN_START = 5;
const PLAIN_NO = 15;

const plainTables = new WeakMap<VariantMap, Int32Array>();

const formMatchers = new WeakMap<VariantMap, AhoCorasick<true>>();

/** Every disguise form of a variant map, as one matcher (built once per map). */
function formMatcher(variants: VariantMap): AhoCorasick<true> {
  let m = formMatchers.get(variants);
  if (!m) {
    m = new AhoCorasick<true>();
    for (const f of variants.forms.keys()) m.add(f, true);
    formMatchers.set(variants, m.build());
  }
  return m;
}

function plainInfo(code: number, variants: VariantMap): number {
  if (code >= 0xd800 && code <= 0xdfff) return PLAIN_NO;
  if (HEARTS.has(code)) return PLAIN_NO;
  const f = fold(code);
  if (f.length !== 1 || f[0][0].length !== 1) return PLAIN_NO;
  const [ch, cls] = f[0];
  if (cls === "word" || cls === "keep") {
    if (single(ch) !== ch) return PLAIN_NO;
    return (ch.charCodeAt(0) << 4) | (variants.starts.has(ch) ? PLAIN_START : PLAIN_KEEP);
  }
  if (cls === "format") return PLAIN_FORMAT;
  return (sepOf(cls) << 4) | (ch === "." || ch === ":" ? PLAIN_POINT : PLAIN_SEP);
}

/** Scratch buffers of the plain path (grown as needed, copied out). */
let plainCodes = new Uint16Array(256);
let plainSrc = new Int32Array(256);
let plainSep = new Uint8Array(256);

/** `normalize` of a plain text (see above), or undefined when the text needs the full path. */
function normalizePlain(original: string, variants: VariantMap): NormText | undefined {
  let table = plainTables.get(variants);
  if (!table) plainTables.set(variants, (table = new Int32Array(0x10000)));
  const n = original.length;
  if (plainCodes.length < n) {
    const size = Math.max(n, plainCodes.length * 2);
    plainCodes = new Uint16Array(size);
    plainSrc = new Int32Array(size);
    plainSep = new Uint8Array(size);
  }
  const codes = plainCodes;
  const srcs = plainSrc;
  const seps = plainSep;
  const maxGap = variants.maxGap;
  let kept = 0;
  let pending = SEP_NONE;
  let gap = 0;
  let starts = false;
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    let info = table[c];
    if (info === 0) table[c] = info = plainInfo(c, variants);
    const kind = info & 15;
    if (kind === PLAIN_KEEP || kind === PLAIN_START) {
      if (kind === PLAIN_START) starts = true;
      codes[kept] = info >>> 4;
      srcs[kept] = i;
      seps[kept] = gap > maxGap && kept > 0 ? SEP_STRONG : pending;
      kept++;
      pending = SEP_NONE;
      gap = 0;
    } else if (kind === PLAIN_SEP || kind === PLAIN_POINT) {
      if (kind === PLAIN_POINT && kept > 0 && pending === SEP_NONE && codes[kept - 1] >= 0x30 && codes[kept - 1] <= 0x39) return undefined;
      const s = info >>> 4;
      if (s > pending) pending = s;
      gap++;
    } else if (kind === PLAIN_FORMAT) {
      gap++;
    } else return undefined;
  }
  // A run of 3+ identical ideographs that collapses (最最最, as collapseRuns): the full path.
  for (let k = 2; k < kept; k++) {
    if (codes[k] !== codes[k - 1] || codes[k] !== codes[k - 2] || seps[k] > SEP_WEAK || seps[k - 1] > SEP_WEAK) continue;
    const ch = String.fromCharCode(codes[k]);
    if (isHan(ch) && !NUMERAL.has(ch)) return undefined;
  }
  let text = "";
  for (let k = 0; k < kept; k += 4096) text += String.fromCharCode.apply(null, codes.subarray(k, Math.min(kept, k + 4096)) as unknown as number[]);
  // A disguise form that applyVariants would rewrite (one not across a phrase boundary): the full path.
  if (starts) {
    const forms = formMatcher(variants);
    const found = forms.collect(text);
    for (let h = 0; h < found; h++) {
      let crosses = false;
      for (let j = forms.hitStart[h] + 1; j < forms.hitEnd[h]; j++) if (seps[j] >= SEP_COMMA) crosses = true;
      if (!crosses) return undefined;
    }
  }
  const src = srcs.slice(0, kept);
  const srcEnd = new Int32Array(kept);
  for (let k = 0; k < kept; k++) srcEnd[k] = src[k] + 1;
  return { text, src, srcEnd, sep: seps.slice(0, kept), originalLength: n };
}

export function normalize(original: string, variants: VariantMap): NormText {
  return normalizePlain(original, variants) ?? normalizeFull(original, variants);
}

/** Every step, cell by cell (any text; `normalize` takes the plain path where it can, with the same result). */
export function normalizeFull(original: string, variants: VariantMap): NormText {
  let cells = foldChars(original, variants);
  const simplified = toSimplified(cells.map((c) => c.ch));
  for (let k = 0; k < cells.length; k++) cells[k].ch = simplified[k];
  cells = collapseRuns(cells);
  cells = applyVariants(cells, variants);
  // One slot per UTF-16 code unit, so indexes into `text` are valid indexes into the maps.
  let n = 0;
  for (const c of cells) n += c.ch.length;
  const src = new Int32Array(n);
  const srcEnd = new Int32Array(n);
  const sep = new Uint8Array(n);
  let text = "";
  let k = 0;
  for (const c of cells) {
    for (let u = 0; u < c.ch.length; u++, k++) {
      src[k] = c.start;
      srcEnd[k] = c.end;
      sep[k] = u === 0 ? c.sep : SEP_NONE;
    }
    text += c.ch;
  }
  return { text, src, srcEnd, sep, originalLength: original.length };
}
