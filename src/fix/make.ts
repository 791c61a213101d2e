/**
 * Fixes: concrete rewrites of a hit, made from the entry's `fix` spec
 * (lexicons/*.yaml, docs/lexicons.md "Fixes"). A fix is offered only where it
 * is concrete: a replacement from the lexicon, the hit's words stripped of a
 * superlative, the hit deleted, or the clause around it deleted. Nothing else
 * (no guidance, no template) is ever written into the text.
 */
import type { FixSpec } from "../lexicon/schema.js";
import type { Fix, Span } from "../types.js";

/** Ends of a clause: comma-like marks (the clause after goes on) … */
const COMMA_LIKE = new Set(["，", ",", "；", ";"]);
/** … and sentence ends. */
const SENTENCE_END = new Set(["。", "！", "!", "？", "?", "\n", "\r", "…", "~", "～"]);

/** Brackets end a clause too (【直播间画面】); they are kept, or go as a pair around a whole clause. */
const OPEN = "【（([「";
const CLOSE = "】）)]」";

/** Every mark that always ends a clause. */
const BREAKS = new Set([...COMMA_LIKE, ...SENTENCE_END, ...OPEN, ...CLOSE]);

function isBreak(t: string, i: number, spaceBreaks: boolean): boolean {
  const ch = t[i];
  if (BREAKS.has(ch)) return true;
  // A full stop between digits is a decimal point (9.9), elsewhere a sentence end.
  if (ch === ".") return !(/[0-9]/.test(t[i - 1] ?? "") && /[0-9]/.test(t[i + 1] ?? ""));
  return spaceBreaks && /\s/.test(ch);
}

/**
 * Longest run read on either side of a hit for its clause: text with no clause
 * mark for longer (an unpunctuated caption run) has no clause to delete, and the
 * search stays linear in the text.
 */
const MAX_CLAUSE = 200;

interface Breaks {
  /** Index of the last break at or before i (-1: none). */
  prev: Int32Array;
  /** Index of the first break at or after i (the length: none). */
  next: Int32Array;
}

/** The clause breaks of the last few field texts, one cache per mode (keyed by the text itself, whose hash V8 keeps): one pass per text, not one per hit. */
const breakCaches = [new Map<string, Breaks>(), new Map<string, Breaks>()];

function breaksOf(t: string, spaceBreaks: boolean): Breaks {
  const breakCache = breakCaches[spaceBreaks ? 1 : 0];
  let b = breakCache.get(t);
  if (b) return b;
  const n = t.length;
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  let last = -1;
  for (let i = 0; i < n; i++) prev[i] = last = isBreak(t, i, spaceBreaks) ? i : last;
  let first = n;
  for (let i = n - 1; i >= 0; i--) next[i] = first = isBreak(t, i, spaceBreaks) ? i : first;
  b = { prev, next };
  if (breakCache.size >= 8) breakCache.delete(breakCache.keys().next().value!);
  breakCache.set(t, b);
  return b;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /[ \t\u3000]/.test(ch);

/**
 * The range to delete to remove the clause around [start, end) of `t`: the clause
 * and one of the marks beside it, so no doubled or dangling punctuation is left.
 * In listing fields a space also ends a clause (titles are keyword lists).
 */
export function clauseRange(t: string, start: number, end: number, spaceBreaks = false): { start: number; end: number } | undefined {
  const b = breaksOf(t, spaceBreaks);
  // The clause: after the last break before the hit, up to the first break from its end.
  const s = start > 0 ? b.prev[start - 1] + 1 : 0;
  const e = end < t.length ? b.next[end] : t.length;
  if (start - s > MAX_CLAUSE || e - end > MAX_CLAUSE) return undefined;
  // A clause that is all of a bracket pair goes with its brackets: 【包成活】.
  if (s > 0 && e < t.length && OPEN.indexOf(t[s - 1]) >= 0 && OPEN.indexOf(t[s - 1]) === CLOSE.indexOf(t[e])) {
    return { start: s - 1, end: e + 1 };
  }
  // Marks right after the clause (one run: "！！", "，"); a bracket is not taken.
  let after = e;
  while (after < t.length && isBreak(t, after, spaceBreaks) && t[after] !== "\n" && !OPEN.includes(t[after]) && !CLOSE.includes(t[after])) after++;
  const nextIsComma = e < t.length && (COMMA_LIKE.has(t[e]) || (spaceBreaks && isSpace(t[e])));
  if (nextIsComma) {
    while (isSpace(t[after])) after++;
    return { start: s, end: after };
  }
  // The clause ends its sentence: take the comma before it instead and keep the sentence end.
  let p = s;
  while (p > 0 && isSpace(t[p - 1])) p--;
  if (p > 0 && (COMMA_LIKE.has(t[p - 1]) || (spaceBreaks && isSpace(t[p - 1])))) {
    let q = p - 1;
    while (q > 0 && (COMMA_LIKE.has(t[q - 1]) || isSpace(t[q - 1]))) q--;
    return { start: q, end: e };
  }
  // Next to a bracket: the clause alone.
  if (CLOSE.includes(t[e] ?? "") || OPEN.includes(t[e] ?? "") || OPEN.includes(t[s - 1] ?? "") || CLOSE.includes(t[s - 1] ?? "")) return { start: s, end: after };
  // A whole sentence: drop it with its end marks (a newline stays) and the spaces after.
  while (isSpace(t[after])) after++;
  return { start: s, end: after };
}

/** True when replacing [s, e) of `t` by `replacement` leaves only marks and spaces (reads from both ends, stops at the first word). */
function emptiedBy(t: string, s: number, e: number, replacement: string): boolean {
  if (!hollow(replacement)) return false;
  let i = 0;
  while (i < s && hollow(t[i])) i++;
  if (i < s) return false;
  let j = t.length;
  while (j > e && hollow(t[j - 1])) j--;
  return j <= e;
}

/** Only marks and spaces: nothing left to read. */
export function hollow(t: string): boolean {
  return /^[\s，,；;、：:。！!？?…~～.\-—【】（）()\[\]「」]*$/.test(t);
}

export interface FixTarget {
  /** The original text of the hit's field. */
  fieldText: string;
  field: string;
  spans: Span[];
  start: number;
  end: number;
  /** The lexicon term (or pattern source) that matched. */
  term: string;
  /** The normalized text of the hit. */
  normalized: string;
}

function fold(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

/** The fix replacing [s, e) of the target's field by `replacement`, or undefined where that is no rewrite (a function of its own: no closure per hit). */
function fixResult(t: FixTarget, listing: boolean, s: number, e: number, replacement: string, kind: Fix["kind"]): Fix | undefined {
  const { fieldText: text, field } = t;
  if (emptiedBy(text, s, e, replacement)) return undefined; // the field would be left empty: that is no rewrite
  // Deleting the words may leave an empty clause (，，): then the clause goes.
  if (replacement === "" && kind === "delete-term") {
    const c = clauseRange(text, s, e, listing);
    if (c && hollow(text.slice(c.start, s) + text.slice(e, c.end))) {
      if (emptiedBy(text, c.start, c.end, "")) return undefined;
      return { field, start: c.start, end: c.end, text: "", kind: "delete-clause" };
    }
  }
  return { field, start: s, end: e, text: replacement, kind };
}

/** The fix of one hit under a spec, or undefined where none is concrete and honest. */
export function makeFix(spec: FixSpec | undefined, t: FixTarget): Fix | undefined {
  if (!spec || spec === "none") return undefined;
  // A hit resting on several fields (caption fragments) has no single place to rewrite.
  if (t.spans.length !== 1 || !(t.end > t.start) || t.end > t.fieldText.length) return undefined;
  const { fieldText: text, start, end } = t;
  const listing = t.field.startsWith("listing.");
  if (spec.replace !== undefined) {
    const matched = text.slice(start, end);
    let r: string | undefined;
    if (typeof spec.replace === "string") r = spec.replace;
    else {
      for (const [k, v] of Object.entries(spec.replace)) {
        if (k === t.term || fold(k) === fold(t.normalized)) r = v;
      }
    }
    if (r !== undefined && r !== matched) return fixResult(t, listing, start, end, r, r === "" ? "delete-term" : "replace");
  }
  if (spec.strip) {
    let s = t.normalized;
    for (const x of spec.strip) s = s.split(x).join("");
    if (s !== t.normalized) return fixResult(t, listing, start, end, s, s === "" ? "delete-term" : "replace");
  }
  if (spec.delete === "term") return fixResult(t, listing, start, end, "", "delete-term");
  if (spec.delete === "clause") {
    const c = clauseRange(text, start, end, listing);
    return c ? fixResult(t, listing, c.start, c.end, "", "delete-clause") : undefined;
  }
  return undefined;
}
