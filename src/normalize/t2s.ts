/** Traditional -> simplified conversion through opencc-js, one output per input character. */
import * as OpenCC from "opencc-js";

let converter: ((s: string) => string) | undefined;
const cache = new Map<string, string>();

function convert(s: string): string {
  if (!converter) converter = OpenCC.Converter({ from: "hk", to: "cn" }) as (s: string) => string;
  return converter(s);
}

/**
 * Convert an array of single characters. Phrase-level conversion is used when it
 * keeps the length (so offsets stay one-to-one); otherwise each character is
 * converted on its own.
 */
export function toSimplified(chars: string[]): string[] {
  // Fast path: ASCII-only input needs nothing.
  let ascii = true;
  for (const c of chars) if (c.charCodeAt(0) > 0x7f) { ascii = false; break; }
  if (ascii) return chars;
  // Fast path: no character that conversion would change on its own (the usual
  // simplified text) — skip the phrase-level pass too.
  let changes = false;
  for (const c of chars) if (single(c) !== c) { changes = true; break; }
  if (!changes) return chars;
  const joined = chars.join("");
  const whole = [...convert(joined)];
  if (whole.length === chars.length) return whole;
  return chars.map(single);
}

/** One character converted on its own (cached; ASCII unchanged). */
export function single(c: string): string {
  const code = c.charCodeAt(0);
  if (c.length === 1 && code <= 0x7f) return c;
  const bmp = c.length === 1;
  let s = bmp ? singleBmp[code] : cache.get(c);
  if (s === undefined) {
    const conv = [...convert(c)];
    s = conv.length === 1 ? conv[0] : c;
    if (bmp) singleBmp[code] = s;
    else if (cache.size < 100_000) cache.set(c, s);
  }
  return s;
}

/** `single` of one UTF-16 unit, by code (no hashing on the hot path). */
const singleBmp: Array<string | undefined> = new Array(0x10000);
