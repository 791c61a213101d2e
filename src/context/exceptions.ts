import { cancel, type Step } from "./step.js";

/**
 * Per-entry exceptions: an ordinary phrase overlapping the hit cancels it (最近,
 * 第一次, 原单退回). A phrase that reaches past a separator the hit itself does
 * not hold is no phrase: 行业第一 天然 is not 第一天.
 *
 * Only a window around the hit is searched (an exception overlapping the hit
 * lies within x.length - 1 characters of it), so the step costs the same per hit
 * however long the text: no search to the end of the text per hit.
 */
export const exceptionStep: Step = {
  name: "exception",
  apply(hit, ctx) {
    const exceptions = hit.entry.exceptions;
    if (exceptions.length === 0) return undefined;
    const text = ctx.text;
    const sep = ctx.joinBlindSep;
    const spacedHit = hasSeparator(sep, hit.start + 1, hit.end);
    const idx = indexOf(exceptions);
    // Every place in the window where some exception's first character stands, and there only
    // the exceptions beginning with it: the first exception in list order that overlaps the hit
    // (not split off by a separator) names the cancel. No arrays per hit.
    const lo = Math.max(0, hit.start - idx.maxLength + 1);
    let best = exceptions.length;
    for (let at = lo; at < hit.end; at++) {
      const code = text.charCodeAt(at);
      // Most characters begin no exception: a bit test before the map lookup.
      if ((idx.firstBits[(code >>> 5) & 31] & (1 << (code & 31))) === 0) continue;
      const list = idx.byFirst.get(code);
      if (!list) continue;
      for (let j = 0; j < list.length; j++) {
        const k = list[j];
        if (k >= best) break; // ascending: none after it comes earlier in the list
        const x = exceptions[k];
        const end = at + x.length;
        if (end <= hit.start || !startsWithAt(text, x, at)) continue;
        const split = !spacedHit && (hasSeparator(sep, at + 1, hit.start + 1) || hasSeparator(sep, hit.end, end));
        if (!split) best = k;
      }
    }
    if (best < exceptions.length) return cancel("exception", `ordinary phrase "${exceptions[best]}"`);
    return undefined;
  },
};

interface ExceptionIndex {
  /** First UTF-16 code → indexes of the exceptions that begin with it, ascending. */
  byFirst: Map<number, number[]>;
  /** A 1,024-bit filter of the first codes (bit code % 1024): clear means no exception begins with the code. */
  firstBits: Uint32Array;
  maxLength: number;
}

const indexes = new WeakMap<string[], ExceptionIndex>();

/** An entry's exceptions by first character, built once per compiled list. */
function indexOf(exceptions: string[]): ExceptionIndex {
  let idx = indexes.get(exceptions);
  if (!idx) {
    const byFirst = new Map<number, number[]>();
    const firstBits = new Uint32Array(32);
    let maxLength = 0;
    exceptions.forEach((x, k) => {
      if (!x) return;
      maxLength = Math.max(maxLength, x.length);
      const c = x.charCodeAt(0);
      firstBits[(c >>> 5) & 31] |= 1 << (c & 31);
      const list = byFirst.get(c);
      if (list) list.push(k);
      else byFirst.set(c, [k]);
    });
    idx = { byFirst, firstBits, maxLength };
    indexes.set(exceptions, idx);
  }
  return idx;
}

/**
 * text.startsWith(x, at), its second and last characters compared first: many exceptions
 * share a first character or two (加微辣 加微量 加我vip …) and a dense text asks for each.
 */
function startsWithAt(text: string, x: string, at: number): boolean {
  const n = x.length;
  if (n > 1 && text.charCodeAt(at + 1) !== x.charCodeAt(1)) return false;
  if (n > 2 && text.charCodeAt(at + n - 1) !== x.charCodeAt(n - 1)) return false;
  return text.startsWith(x, at);
}

/** Is there a separator before any character in [from, to)? */
function hasSeparator(sep: Uint8Array, from: number, to: number): boolean {
  for (let k = Math.max(from, 0); k < to && k < sep.length; k++) if (sep[k] > 0) return true;
  return false;
}
