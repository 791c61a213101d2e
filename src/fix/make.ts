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

function isBreak(t: string, i: number, spaceBreaks: boolean): boolean {
  const ch = t[i];
  if (COMMA_LIKE.has(ch) || SENTENCE_END.has(ch) || OPEN.includes(ch) || CLOSE.includes(ch)) return true;
  // A full stop between digits is a decimal point (9.9), elsewhere a sentence end.
  if (ch === ".") return !(/[0-9]/.test(t[i - 1] ?? "") && /[0-9]/.test(t[i + 1] ?? ""));
  return spaceBreaks && /\s/.test(ch);
}

const isSpace = (ch: string | undefined) => ch !== undefined && /[ \t\u3000]/.test(ch);

/**
 * The range to delete to remove the clause around [start, end) of `t`: the clause
 * and one of the marks beside it, so no doubled or dangling punctuation is left.
 * In listing fields a space also ends a clause (titles are keyword lists).
 */
export function clauseRange(t: string, start: number, end: number, spaceBreaks = false): { start: number; end: number } {
  let s = start;
  while (s > 0 && !isBreak(t, s - 1, spaceBreaks)) s--;
  let e = end;
  while (e < t.length && !isBreak(t, e, spaceBreaks)) e++;
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

/** The fix of one hit under a spec, or undefined where none is concrete and honest. */
export function makeFix(spec: FixSpec | undefined, t: FixTarget): Fix | undefined {
  if (!spec || spec === "none") return undefined;
  // A hit resting on several fields (caption fragments) has no single place to rewrite.
  if (t.spans.length !== 1 || !(t.end > t.start) || t.end > t.fieldText.length) return undefined;
  const { fieldText: text, field, start, end } = t;
  const listing = field.startsWith("listing.");
  const matched = text.slice(start, end);
  const result = (s: number, e: number, replacement: string, kind: Fix["kind"]): Fix | undefined => {
    const after = text.slice(0, s) + replacement + text.slice(e);
    if (hollow(after)) return undefined; // the field would be left empty: that is no rewrite
    // Deleting the words may leave an empty clause (，，): then the clause goes.
    if (replacement === "" && kind === "delete-term") {
      const c = clauseRange(text, s, e, listing);
      if (hollow(text.slice(c.start, s) + text.slice(e, c.end))) {
        if (hollow(text.slice(0, c.start) + text.slice(c.end))) return undefined;
        return { field, start: c.start, end: c.end, text: "", kind: "delete-clause" };
      }
    }
    return { field, start: s, end: e, text: replacement, kind };
  };
  if (spec.replace !== undefined) {
    let r: string | undefined;
    if (typeof spec.replace === "string") r = spec.replace;
    else {
      for (const [k, v] of Object.entries(spec.replace)) {
        if (k === t.term || fold(k) === fold(t.normalized)) r = v;
      }
    }
    if (r !== undefined && r !== matched) return result(start, end, r, r === "" ? "delete-term" : "replace");
  }
  if (spec.strip) {
    let s = t.normalized;
    for (const x of spec.strip) s = s.split(x).join("");
    if (s !== t.normalized) return result(start, end, s, s === "" ? "delete-term" : "replace");
  }
  if (spec.delete === "term") return result(start, end, "", "delete-term");
  if (spec.delete === "clause") {
    const c = clauseRange(text, start, end, listing);
    return result(c.start, c.end, "", "delete-clause");
  }
  return undefined;
}
