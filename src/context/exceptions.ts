import type { ContextStep } from "../types.js";
import { cancel, type Step } from "./step.js";

/**
 * The last hit an entry's exception list was checked for in an item, and the answer. A hit whose
 * window (the characters and separators the check reads) is the same as that hit's, with the hit
 * at the same place in it, gets the same answer: a phrase repeated through a text is checked once.
 */
interface LastCheck {
  lo: number;
  start: number;
  end: number;
  hi: number;
  result: ContextStep | undefined;
}

/** Whether text and separators over [lo, hi) equal those over [lo2, lo2 + hi - lo). */
function sameWindow(text: string, sep: Uint8Array, lo: number, hi: number, lo2: number): boolean {
  const d = lo2 - lo;
  for (let k = lo; k < hi; k++) if (text.charCodeAt(k) !== text.charCodeAt(k + d)) return false;
  // hasSeparator() reads sep[k] for k < sep.length only.
  for (let k = lo + 1; k < hi; k++) {
    const a = k < sep.length ? sep[k] : 0;
    const b = k + d < sep.length ? sep[k + d] : 0;
    if (a !== b) return false;
  }
  return true;
}

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
    const idx = indexOf(exceptions);
    const lo = Math.max(0, hit.start - idx.maxLength + 1);
    // What the check reads: text[lo, hi) (an exception starts before the hit ends), separators inside it.
    const wLo = Math.min(lo, hit.start);
    const wHi = Math.max(hit.end, Math.min(text.length, hit.end + idx.maxLength - 1));
    let last = ctx.stepMemo.get(exceptions) as LastCheck | undefined;
    if (
      last !== undefined &&
      last.start - last.lo === hit.start - wLo &&
      last.end - last.start === hit.end - hit.start &&
      last.hi - last.end === wHi - hit.end &&
      sameWindow(text, sep, wLo, wHi, last.lo)
    ) {
      return last.result;
    }
    if (last === undefined) ctx.stepMemo.set(exceptions, (last = { lo: 0, start: 0, end: 0, hi: 0, result: undefined }));
    last.lo = wLo;
    last.start = hit.start;
    last.end = hit.end;
    last.hi = wHi;
    return (last.result = check(exceptions, idx, text, sep, lo, hit.start, hit.end));
  },
};

/**
 * Every place in the window where some exception's first character stands, and there only
 * the exceptions beginning with it: the first exception in list order that overlaps the hit
 * (not split off by a separator) names the cancel. No arrays per hit.
 */
function check(exceptions: string[], idx: ExceptionIndex, text: string, sep: Uint8Array, lo: number, start: number, end: number): ContextStep | undefined {
  const spacedHit = hasSeparator(sep, start + 1, end);
  let best = exceptions.length;
  for (let at = lo; at < end; at++) {
    const code = text.charCodeAt(at);
    // Most characters begin no exception: a bit test before the map lookup.
    if ((idx.firstBits[(code >>> 5) & 31] & (1 << (code & 31))) === 0) continue;
    const list = idx.byFirst.get(code);
    if (!list) continue;
    for (let j = 0; j < list.length; j++) {
      const k = list[j];
      if (k >= best) break; // ascending: none after it comes earlier in the list
      const x = exceptions[k];
      const xEnd = at + x.length;
      if (xEnd <= start || !startsWithAt(text, x, at)) continue;
      const split = !spacedHit && (hasSeparator(sep, at + 1, start + 1) || hasSeparator(sep, end, xEnd));
      if (!split) best = k;
    }
  }
  if (best < exceptions.length) return cancel("exception", `ordinary phrase "${exceptions[best]}"`);
  return undefined;
}

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
