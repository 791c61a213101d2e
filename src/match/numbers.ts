/** Numbers in Arabic or Chinese form: 30, 9.9, 三十, 六百八, 两万, 九块九. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Characters a Chinese numeral may be written with. */
export const CHINESE_NUMBER_CHARS = "零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿";
/** The magnitude characters of a Chinese numeral (十, 百 … 亿), alone a round vague figure. */
export const MAGNITUDE_CHARS = "十百千万亿";
/** Characters a number may be written with. */
export const NUMBER_CHARS = `0-9.${CHINESE_NUMBER_CHARS}`;

/**
 * RegExp source of one number, without a capture group: Arabic (with a decimal
 * part and one unit: 3万, 1.5万) or Chinese, never one run into the other
 * (母3两 8只 is not 两8; 39.9一年 is not 9一). Every quantifier is bounded.
 */
export const NUMBER_SOURCE = `(?:[0-9]{1,12}(?:\\.[0-9]{1,4})?[万亿千百十]?|[${CHINESE_NUMBER_CHARS}]{1,12})`;

/** Parse a Chinese numeral (三十, 一百二十, 六百八 = 680, 两万). Returns NaN when it is not one. */
export function parseChinese(s: string): number {
  if (s.length === 0) return NaN;
  let total = 0;
  let section = 0;
  let digit = -1;
  let lastUnit = 0;
  // The trailing digit stands right after its unit (六百八, 八万八), not after a 零 (六百零八).
  let afterUnit = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      if (DIGITS[ch] === 0) afterUnit = false;
      else afterUnit = afterUnit && digit < 0;
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      const u = UNITS[ch];
      section += (digit < 0 ? 1 : digit) * u;
      digit = -1;
      lastUnit = u;
      afterUnit = true;
    } else if (ch in BIG) {
      section += digit < 0 ? 0 : digit;
      total += (section === 0 ? 1 : section) * BIG[ch];
      section = 0;
      digit = -1;
      lastUnit = BIG[ch];
      afterUnit = true;
    } else {
      return NaN;
    }
  }
  if (digit >= 0) {
    // 六百八 means 680 and 八万八 88,000: a digit right after a unit (above 十) is one place lower.
    section += afterUnit && lastUnit >= 100 ? (digit * lastUnit) / 10 : digit;
  }
  return total + section;
}

/** Parse an Arabic or Chinese number, possibly mixed (3万, 1.5万). */
export function parseNumber(s: string): number {
  if (/^[0-9]+(\.[0-9]+)?$/.test(s)) return Number(s);
  const mixed = /^([0-9]+(?:\.[0-9]+)?)([万亿千百])$/.exec(s);
  if (mixed) return Number(mixed[1]) * ({ 万: 1e4, 亿: 1e8, 千: 1e3, 百: 1e2 } as Record<string, number>)[mixed[2]];
  return parseChinese(s);
}

/** Characters one decimal digit may be written with (Arabic or Chinese: 9, 九, 〇), for a RegExp class. */
export const DIGIT_CHARS = `0-9${Object.keys(DIGITS).join("")}`;
/** The same with ten (十成新, a grade of ten tenths). */
export const DIGIT_TEN_CHARS = `${DIGIT_CHARS}十拾`;

/**
 * A run of digits read one by one, as years and grades are said (二〇〇六 = 2006,
 * 九五 = 95, 0六 = 6); NaN unless every character is one digit.
 */
export function parseDigitRun(s: string): number {
  if (s.length === 0) return NaN;
  let v = 0;
  for (const ch of s) {
    const d = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : ch in DIGITS ? DIGITS[ch] : undefined;
    if (d === undefined) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Prices like 九块九, 9块9, 9.9, 六百八, 2999元. */
export function parsePrice(s: string): number {
  const m = /^(.+?)[块元](.*)$/.exec(s);
  if (m) {
    const yuan = parseNumber(m[1]);
    const jiao = m[2] ? parseNumber(m[2]) : 0;
    return yuan + (Number.isFinite(jiao) && jiao < 10 ? jiao / 10 : 0);
  }
  return parseNumber(s);
}
