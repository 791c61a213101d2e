/**
 * Pinyin view of normalized text for homophone and romanized disguises
 * (保成活 / baochenghuo -> 包成活, gong yi -> 公益).
 */
import { pinyin } from "pinyin-pro";
import { isHan, SEP_NONE } from "../normalize/chars.js";

const cache = new Map<string, string>();

/** Toneless pinyin of one ideograph (its most common reading). */
export function syllable(ch: string): string {
  const bmp = ch.length === 1;
  let s = bmp ? byCode[ch.charCodeAt(0)] : cache.get(ch);
  if (s === undefined) {
    s = pinyin(ch, { toneType: "none", type: "string", v: true }).replace(/[^a-z]/g, "");
    if (bmp) byCode[ch.charCodeAt(0)] = s;
    else cache.set(ch, s);
  }
  return s;
}

/** `syllable` of one UTF-16 unit, by code. */
const byCode: Array<string | undefined> = new Array(0x10000);

/**
 * The pinyin keys of a term: each character's common reading joined (what the
 * text's pinyin view gives for the term's characters and their homophones),
 * and the reading of the term as a word where that differs (行业: xingye and
 * hangye — a romanized 行业 is written hangye).
 */
export function termReadings(term: string): string[] {
  const each = termPinyin(term);
  if (![...term].every(isHan)) return [each];
  const word = pinyin(term, { toneType: "none", type: "array", v: true })
    .map((s) => s.replace(/[^a-z]/g, ""))
    .join("");
  return word && word !== each ? [each, word] : [each];
}

/** Toneless pinyin of a term, syllables joined (包成活 -> baochenghuo). */
export function termPinyin(term: string): string {
  let out = "";
  for (const ch of term) out += isHan(ch) ? syllable(ch) : /[a-z]/.test(ch) ? ch : "#";
  return out;
}

let syllableSet: Set<string> | undefined;

/** Every toneless syllable pinyin-pro gives the common ideographs (about 400); built once, on first need. */
function syllables(): Set<string> {
  if (!syllableSet) {
    let all = "";
    for (let c = 0x4e00; c <= 0x9fa5; c++) all += String.fromCharCode(c);
    syllableSet = new Set(pinyin(all, { toneType: "none", type: "array", v: true }).map((s) => s.replace(/[^a-z]/g, "")).filter(Boolean));
  }
  return syllableSet;
}

const LONGEST_SYLLABLE = 6;

/**
 * Where a run of Latin letters is cut between pinyin syllables: 1 at each inner
 * boundary of its segmentation into whole syllables, longest syllable first
 * (dangqiyuansu: dang|qi|yuan|su; dianshitai: dian|shi|tai, never di|an). All
 * zeros when the run is not pinyin.
 */
export function syllableCuts(run: string): Uint8Array {
  const n = run.length;
  const cuts = new Uint8Array(n + 1);
  if (n < 2 || n > 200) return cuts;
  const set = syllables();
  // next[i]: the end of the syllable taken at i on a segmentation of run[i..] (longest first), -1 if none.
  const next = new Int32Array(n + 1).fill(-2);
  next[n] = n;
  const solve = (i: number): boolean => {
    if (next[i] !== -2) return next[i] >= 0;
    next[i] = -1;
    for (let l = Math.min(LONGEST_SYLLABLE, n - i); l >= 1; l--) {
      if (set.has(run.slice(i, i + l)) && solve(i + l)) {
        next[i] = i + l;
        return true;
      }
    }
    return false;
  };
  if (!solve(0)) return cuts;
  for (let p = next[0]; p < n; p = next[p]) cuts[p] = 1;
  return cuts;
}

export interface PinyinView {
  text: string;
  /** Normalized-text index of each pinyin character. */
  at: Int32Array;
  /** 1 where a syllable (or a Latin letter) starts. */
  starts: Uint8Array;
  /** 1 where the character is a Latin letter of the original. */
  latin: Uint8Array;
  /**
   * 1 where a match may begin or end next to Latin letters: not inside a word
   * of Latin letters, i.e. at a run's edge (a separator, a field edge or a
   * non-Latin character) or between two pinyin syllables of a run that is all
   * pinyin. Index k is the boundary before view character k (length + 1).
   */
  edge: Uint8Array;
}

/**
 * The view's text alone (`pinyinView(text).text`): searched first, so the view's
 * index arrays and word edges are built only for a text where some pinyin key occurs.
 */
export function pinyinText(text: string): string {
  let view = "";
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const d = c >= 0xd800 && c <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
    const w = d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    const ch = w === 1 ? text[i] : text.slice(i, i + 2);
    if (isHan(ch)) view += syllable(ch) || "#";
    else view += w === 1 && c >= 0x61 && c <= 0x7a ? text[i] : "#";
    i += w;
  }
  return view;
}

/** `sep`: the separator strength before each normalized character (a document's `sep`); none when absent. */
export function pinyinView(text: string, sep?: Uint8Array): PinyinView {
  const view = pinyinText(text);
  const index = pinyinIndex(text, view);
  return { text: view, ...index, edge: pinyinEdges(view, index, sep) };
}

/** The view's index arrays (`at`, `starts`, `latin`) for its text `view` (`pinyinText(text)`). */
export function pinyinIndex(text: string, view: string): Pick<PinyinView, "at" | "starts" | "latin"> {
  const len = view.length;
  const at = new Int32Array(len);
  const starts = new Uint8Array(len);
  const latin = new Uint8Array(len);
  let k = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const d = c >= 0xd800 && c <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
    const w = d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    const ch = w === 1 ? text[i] : text.slice(i, i + 2);
    if (isHan(ch)) {
      const n = (syllable(ch) || "#").length;
      for (let j = 0; j < n; j++, k++) {
        at[k] = i;
        starts[k] = j === 0 ? 1 : 0;
      }
    } else {
      at[k] = i;
      starts[k] = 1;
      latin[k] = w === 1 && c >= 0x61 && c <= 0x7a ? 1 : 0;
      k++;
    }
    i += w;
  }
  return { at, starts, latin };
}

/** The view's word edges (`PinyinView.edge`), from its text and index arrays. */
export function pinyinEdges(view: string, index: Pick<PinyinView, "at" | "latin">, sep?: Uint8Array): Uint8Array {
  const { at, latin } = index;
  const edge = new Uint8Array(view.length + 1);
  edge[0] = 1;
  edge[view.length] = 1;
  let runStart = -1;
  const closeRun = (end: number) => {
    if (runStart < 0) return;
    const cuts = syllableCuts(view.slice(runStart, end));
    for (let p = 1; p < end - runStart; p++) if (cuts[p]) edge[runStart + p] = 1;
    runStart = -1;
  };
  for (let k = 0; k < view.length; k++) {
    const sepBefore = sep !== undefined && k > 0 && at[k] !== at[k - 1] && sep[at[k]] > SEP_NONE;
    if (k > 0 && (!latin[k] || !latin[k - 1] || sepBefore)) edge[k] = 1;
    if (!latin[k] || sepBefore) closeRun(k);
    if (latin[k] && runStart < 0) runStart = k;
  }
  closeRun(view.length);
  return edge;
}
