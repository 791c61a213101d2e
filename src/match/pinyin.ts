/**
 * Pinyin view of normalized text for homophone and romanized disguises
 * (保成活 / baochenghuo -> 包成活, gong yi -> 公益).
 */
import { pinyin } from "pinyin-pro";
import { isHan } from "../normalize/chars.js";

const cache = new Map<string, string>();

/** Toneless pinyin of one ideograph (its most common reading). */
export function syllable(ch: string): string {
  let s = cache.get(ch);
  if (s === undefined) {
    s = pinyin(ch, { toneType: "none", type: "string", v: true }).replace(/[^a-z]/g, "");
    cache.set(ch, s);
  }
  return s;
}

/** Toneless pinyin of a term, syllables joined (包成活 -> baochenghuo). */
export function termPinyin(term: string): string {
  let out = "";
  for (const ch of term) out += isHan(ch) ? syllable(ch) : /[a-z]/.test(ch) ? ch : "#";
  return out;
}

export interface PinyinView {
  text: string;
  /** Normalized-text index of each pinyin character. */
  at: Int32Array;
  /** 1 where a syllable (or a Latin letter) starts. */
  starts: Uint8Array;
  /** 1 where the character is a Latin letter of the original. */
  latin: Uint8Array;
}

export function pinyinView(text: string): PinyinView {
  const parts: string[] = [];
  const at: number[] = [];
  const starts: number[] = [];
  const latin: number[] = [];
  let idx = 0;
  for (const ch of text) {
    if (isHan(ch)) {
      const s = syllable(ch) || "#";
      for (let k = 0; k < s.length; k++) {
        parts.push(s[k]);
        at.push(idx);
        starts.push(k === 0 ? 1 : 0);
        latin.push(0);
      }
    } else if (ch >= "a" && ch <= "z") {
      parts.push(ch);
      at.push(idx);
      starts.push(1);
      latin.push(1);
    } else {
      parts.push("#");
      at.push(idx);
      starts.push(1);
      latin.push(0);
    }
    idx += ch.length;
  }
  return {
    text: parts.join(""),
    at: Int32Array.from(at),
    starts: Uint8Array.from(starts),
    latin: Uint8Array.from(latin),
  };
}
