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
    // Only the exceptions whose first character stands somewhere they could start (list order kept),
    // gathered in a reused scratch (no arrays per hit): each index once, then ascending.
    const lo = Math.max(0, hit.start - idx.maxLength + 1);
    const s = scratchFor(exceptions.length);
    const stamp = nextStamp(s);
    let n = 0;
    for (let at = lo; at < hit.end; at++) {
      const list = idx.byFirst.get(text.charCodeAt(at));
      if (!list) continue;
      for (let j = 0; j < list.length; j++) {
        const k = list[j];
        if (s.seen[k] === stamp) continue;
        s.seen[k] = stamp;
        // Insertion in ascending order (the picked lists are short).
        let i = n++;
        while (i > 0 && s.order[i - 1] > k) {
          s.order[i] = s.order[i - 1];
          i--;
        }
        s.order[i] = k;
      }
    }
    if (n === 0) return undefined;
    for (let i = 0; i < n; i++) {
      const x = exceptions[s.order[i]];
      const x0 = x.charCodeAt(0);
      // Every place x could start and still overlap the hit, in order (no copy of the text).
      for (let at = Math.max(0, hit.start - x.length + 1); at < hit.end; at++) {
        if (text.charCodeAt(at) !== x0 || !text.startsWith(x, at)) continue;
        const end = at + x.length;
        const split = !spacedHit && (hasSeparator(sep, at + 1, hit.start + 1) || hasSeparator(sep, hit.end, end));
        if (end > hit.start && !split) return cancel("exception", `ordinary phrase "${x}"`);
      }
    }
    return undefined;
  },
};

interface ExceptionIndex {
  /** First UTF-16 code → indexes of the exceptions that begin with it, ascending. */
  byFirst: Map<number, number[]>;
  maxLength: number;
}

const indexes = new WeakMap<string[], ExceptionIndex>();

/** An entry's exceptions by first character, built once per compiled list. */
function indexOf(exceptions: string[]): ExceptionIndex {
  let idx = indexes.get(exceptions);
  if (!idx) {
    const byFirst = new Map<number, number[]>();
    let maxLength = 0;
    exceptions.forEach((x, k) => {
      if (!x) return;
      maxLength = Math.max(maxLength, x.length);
      const c = x.charCodeAt(0);
      const list = byFirst.get(c);
      if (list) list.push(k);
      else byFirst.set(c, [k]);
    });
    idx = { byFirst, maxLength };
    indexes.set(exceptions, idx);
  }
  return idx;
}

/** Scratch for the exception indexes picked for one hit: `seen[k] === stamp` marks k as picked. */
interface Scratch {
  seen: Uint32Array;
  order: Int32Array;
  stamp: number;
}

let scratch: Scratch = { seen: new Uint32Array(64), order: new Int32Array(64), stamp: 0 };

/** The shared scratch, grown to hold `size` indexes. */
function scratchFor(size: number): Scratch {
  if (scratch.seen.length < size) {
    let cap = scratch.seen.length;
    while (cap < size) cap *= 2;
    scratch = { seen: new Uint32Array(cap), order: new Int32Array(cap), stamp: 0 };
  }
  return scratch;
}

/** A fresh stamp (the marks are cleared when the counter wraps). */
function nextStamp(s: Scratch): number {
  if (s.stamp === 0xffffffff) {
    s.seen.fill(0);
    s.stamp = 0;
  }
  return ++s.stamp;
}

/** Is there a separator before any character in [from, to)? */
function hasSeparator(sep: Uint8Array, from: number, to: number): boolean {
  for (let k = Math.max(from, 0); k < to && k < sep.length; k++) if (sep[k] > 0) return true;
  return false;
}
