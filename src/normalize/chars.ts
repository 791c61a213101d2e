/** Character classes used by normalization. */

/** Separator strength before a normalized character. */
export const SEP_NONE = 0;
/** Space, symbol, emoji, hyphen, quote: may stand inside a disguised word. */
export const SEP_WEAK = 1;
/** Comma, colon, enumeration mark: a phrase boundary. */
export const SEP_COMMA = 2;
/** Sentence end, line break, field or fragment edge of a listing. */
export const SEP_STRONG = 3;

/** Ideographs that are only ever used as stand-in separators (公丨益, 微丶信). */
const STAND_INS = new Set(["丨", "丶", "亅"]);

const STRONG = new Set(["。", "！", "？", "!", "?", "；", ";", "\n", "\r", "…"]);
/** Brackets set a phrase apart (【包成活】, 开花不断（盆栽）): a phrase boundary too. */
const COMMA = new Set(["，", ",", "、", "：", ":", "【", "】", "[", "]", "(", ")", "（", "）", "「", "」", "『", "』", "《", "》", "〔", "〕", "〖", "〗"]);

const FORMAT = /^[\p{Cf}\p{Mn}\p{Me}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;
const WORD = /^[\p{L}\p{N}]$/u;

export type CharClass = "word" | "keep" | "format" | "weak" | "comma" | "strong";

/** Classify one code point (after NFKC and case folding). */
export function classify(ch: string): CharClass {
  if (STAND_INS.has(ch)) return "weak";
  if (WORD.test(ch)) return "word";
  if (ch === "%" || ch === "+") return "keep";
  if (FORMAT.test(ch)) return "format";
  if (STRONG.has(ch)) return "strong";
  if (COMMA.has(ch)) return "comma";
  return "weak";
}

/** True for a CJK ideograph. */
export function isHan(ch: string): boolean {
  if (ch.length !== 1) return HAN.test(ch);
  const c = ch.charCodeAt(0);
  let v = hanBmp[c];
  if (v === 0) hanBmp[c] = v = HAN.test(ch) ? 2 : 1;
  return v === 2;
}

const HAN = /^\p{Script=Han}$/u;
/** isHan of each UTF-16 unit: 0 not yet known, 1 no, 2 yes. */
const hanBmp = new Uint8Array(0x10000);

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}
