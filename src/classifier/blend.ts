/**
 * Blend the classifier into candidate confidence:
 *   confidence' = min(confidence, (1 - weight) * confidence + weight * P(claim))
 * recorded as a `classifier` step in the candidate's explanation. The
 * classifier only lowers confidence, and only on readings that are ambiguous
 * by nature (a plain word that may be quoted, negated or ordinary speech).
 * Firm readings are left at their confidence (a step with effect 0 says why):
 * a disguise-map hit (加V, 绿泡泡: nobody writes those by accident), a pattern
 * whose match carries a number or an id, and a contact lure with an id or
 * number next to it. Structural findings (policy `skipVariants`, e.g. code
 * rules) are left alone, and a candidate already blended is not blended twice.
 */
import type { Deadline } from "../deadline.js";
import type { Candidate, ContextStep, Item } from "../types.js";
import type { Policy } from "../score/policy.js";
import { fieldText } from "../doc/document.js";
import { ExplainMemo } from "../score/explain-memo.js";
import { contextWindow, END_CODES, type Window } from "./features.js";
import type { ContextClassifier } from "./model.js";

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A contact id or number: 5+ digits, or letters and digits mixed (hg8888, abc_123). */
const CONTACT_ID = /\d{5,}|[a-z][a-z0-9_-]*\d[a-z0-9_-]*|\d[a-z0-9_-]*[a-z][a-z0-9_-]*/i;
/** A number or a Latin id inside a pattern match. */
const NUMBER_OR_ID = /[0-9０-９]|[a-z]{2,}/i;

/** Why a reading is firm (not for the classifier to lower), or null when it is ambiguous by nature. */
export function firmReason(c: Candidate, text: string, window: number, w?: Window): string | null {
  const byMatch = firmByMatch(c);
  if (byMatch !== null) return byMatch;
  if (c.category === "private_trade") {
    const win = w ?? contextWindow(text, c.start, c.end, window);
    // An id holds no space, so the first in "left right" is the first in left, else in right (no joined copy).
    const id = CONTACT_ID.exec(win.left) ?? CONTACT_ID.exec(win.right);
    if (id) return `contact lure with the id or number "${id[0]}" next to it`;
  }
  return null;
}

/** Why a reading is firm by its matched text alone (a disguise, a pattern match with a number or id), or null. */
function firmByMatch(c: Candidate): string | null {
  const v = c.explain.variant;
  if (v === "variant") return `disguise-map reading "${c.matched}" → "${c.explain.normalized}"`;
  if (v === "pattern" && NUMBER_OR_ID.test(c.matched)) return `pattern match "${c.matched}" carries a number or id`;
  return null;
}

/** Why an entry's readings are firm whatever their context (its lexicon `firm`), by entry id. */
export type DeclaredFirm = (entryId: string) => string | undefined;

/** The classifier step one window gives a candidate, and the confidence after it. */
interface Blend {
  category: string;
  term: string;
  confidence: number;
  step: ContextStep;
  after: number;
}

export function blendCandidates(
  item: Item,
  cs: Candidate[],
  clf: ContextClassifier,
  p: Policy["classifier"],
  deadline?: Deadline,
  declaredFirm?: DeclaredFirm,
): Candidate[] {
  if (!p.enabled || p.weight === 0) return cs;
  // Candidates of one item with the same window, term, category and confidence (a phrase repeated
  // through a text: 加微信 × 6,000) get the same step: it is made once per item and shared by them
  // (explanation steps are never changed once made). Found by a hash of the window's characters and
  // its term's place in it, then compared character by character in the text: no window strings
  // are cut for a candidate whose step is shared.
  const made = new Map<number, Shared[]>();
  // Each field's text by UTF-16 code (read a few dozen times per candidate: the window, its hash, the comparison).
  const codesOf = new Map<string, FieldCodes>();
  // The explanations extended by a step, shared by the candidates that get the same step after the same explanation.
  const explains = new ExplainMemo();
  /** The steps of readings firm by their matched text, by reason. */
  const firmSteps = new Map<string, ContextStep>();
  const size = p.window;
  const out = new Array<Candidate>(cs.length);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    out[i] = c;
    deadline?.tick(16);
    if (p.skipVariants.includes(c.explain.variant)) continue;
    if (hasClassifierStep(c)) continue;
    const text = fieldText(item, c.field);
    if (text === undefined || c.end > text.length) continue;
    // An entry declared firm in its lexicon is left alone, whatever its window (not shared: the
    // cache below is keyed by window, term, category and confidence, not by entry).
    const declared = declaredFirm?.(c.explain.entryId);
    if (declared) {
      const step = { step: "classifier", effect: 0, note: `not lowered: the entry is firm: ${declared}` };
      out[i] = { ...c, explain: { ...c.explain, steps: [...c.explain.steps, step] } };
      continue;
    }
    // A reading firm by its matched text alone (firmReason's first tests) keeps its confidence with a
    // step that says why: one step per reason, shared, and no window cut for it.
    const v = c.explain.variant;
    if (v === "variant" || v === "pattern") {
      const firm = firmByMatch(c);
      if (firm !== null) {
        let step = firmSteps.get(firm);
        if (step === undefined) firmSteps.set(firm, (step = { step: "classifier", effect: 0, note: `not lowered: ${firm}` }));
        out[i] = { ...c, confidence: c.confidence, explain: explains.extend(c.explain, step) };
        continue;
      }
    }
    let f = codesOf.get(text);
    if (f === undefined) codesOf.set(text, (f = fieldCodes(text)));
    const codes = f.codes;
    // The window of contextWindow(), by its bounds.
    const start = c.start;
    const end = c.end;
    // A field asked about often enough gets its tables (sentence ends, prefix hashes: a pass over
    // the text each); until then the window's characters are walked.
    if (f.lastEnd === undefined && ++f.asked * 4 * size > codes.length) withTables(f);
    let s: number;
    let e: number;
    if (f.lastEnd !== undefined) {
      s = Math.max(0, start - size, f.lastEnd[start] + 1);
      e = Math.min(codes.length, end + size, f.nextEnd![end]);
    } else {
      // (Imported bindings read into a local for the loops: a test runner's module objects read them through getters.)
      const endCodes = END_CODES;
      s = start;
      while (s > 0 && start - s < size && endCodes[codes[s - 1]] !== 1) s--;
      e = end;
      while (e < codes.length && e - end < size && endCodes[codes[e]] !== 1) e++;
    }
    // A disguise or pattern reading's firmness depends on its matched text: those are not shared.
    const shared = v !== "variant" && v !== "pattern";
    let b: Blend | undefined;
    let key = 0;
    let list: Shared[] | undefined;
    if (shared) {
      key = windowHash(f, s, start, end, e);
      list = made.get(key);
      if (list) b = findShared(list, codes, s, start, end, e, c);
    }
    if (!b) {
      // One window for the firmness test and the classifier.
      b = blendOne(c, text, contextWindow(text, start, end, p.window), clf, p);
      if (shared) {
        if (!list) made.set(key, (list = []));
        list.push({ codes, s, start, end, e, blend: b });
      }
    }
    // (A firm reading's confidence is left as it was: b.after is its own confidence.)
    out[i] = { ...c, confidence: b.after, explain: explains.extend(c.explain, b.step) };
  }
  return out;
}

/** A blend made for a window of a text: [s, start) left, [start, end) the term, [end, e) right. */
interface Shared {
  codes: Uint16Array;
  s: number;
  start: number;
  end: number;
  e: number;
  blend: Blend;
}

/** A field's text by UTF-16 code, and the tables made once it is asked about often. */
interface FieldCodes {
  codes: Uint16Array;
  /** Candidates asked about in the field so far (until the tables are made). */
  asked: number;
  /** Per position k (0..n): the last sentence end before k (-1: none); the first at or after k (n: none). */
  lastEnd?: Int32Array;
  nextEnd?: Int32Array;
  /** Prefix hashes: prefix[k] is the hash of codes[0, k) (see rangeHash). */
  prefix?: Int32Array;
}

function fieldCodes(text: string): FieldCodes {
  const codes = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k++) codes[k] = text.charCodeAt(k);
  return { codes, asked: 0 };
}

function withTables(f: FieldCodes): void {
  const codes = f.codes;
  const n = codes.length;
  const endCodes = END_CODES;
  const lastEnd = new Int32Array(n + 1);
  const nextEnd = new Int32Array(n + 1);
  const prefix = new Int32Array(n + 1);
  let last = -1;
  let h = 0;
  for (let k = 0; k < n; k++) {
    lastEnd[k] = last;
    if (endCodes[codes[k]] === 1) last = k;
    prefix[k + 1] = h = (Math.imul(h, 31) + codes[k]) | 0;
  }
  lastEnd[n] = last;
  let next = n;
  nextEnd[n] = n;
  for (let k = n - 1; k >= 0; k--) {
    if (endCodes[codes[k]] === 1) next = k;
    nextEnd[k] = next;
  }
  powersUpTo(n);
  f.lastEnd = lastEnd;
  f.nextEnd = nextEnd;
  f.prefix = prefix;
}

/** POW31[k] = 31^k mod 2^32 (as an int32), grown as longer windows ask. */
let POW31 = new Int32Array([1]);
function powersUpTo(n: number): void {
  if (POW31.length > n) return;
  const p = new Int32Array(Math.max(n + 1, POW31.length * 2));
  p[0] = 1;
  for (let k = 1; k < p.length; k++) p[k] = Math.imul(p[k - 1], 31);
  POW31 = p;
}

/**
 * A hash of a window's characters (the polynomial hash of codes[s, e), base 31, mod 2^32: from the
 * prefix hashes in O(1) when the field has them, else over the characters) and of where its term stands in it.
 */
function windowHash(f: FieldCodes, s: number, start: number, end: number, e: number): number {
  let r = 0;
  if (f.prefix !== undefined) r = (f.prefix[e] - Math.imul(f.prefix[s], POW31[e - s])) | 0;
  else {
    const codes = f.codes;
    for (let k = s; k < e; k++) r = (Math.imul(r, 31) + codes[k]) | 0;
  }
  return (Math.imul(r, 0x9e3779b1) + (start - s) * 97 + (end - start)) | 0;
}

/** The blend made for the same window (left, term and right alike), category and confidence, if any. */
function findShared(list: Shared[], codes: Uint16Array, s: number, start: number, end: number, e: number, c: Candidate): Blend | undefined {
  outer: for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x.start - x.s !== start - s || x.end - x.start !== end - start || x.e - x.end !== e - end) continue;
    if (x.blend.category !== c.category || x.blend.confidence !== c.confidence) continue;
    const d = x.s - s;
    const xc = x.codes;
    for (let k = s; k < e; k++) if (xc[k + d] !== codes[k]) continue outer;
    return x.blend;
  }
  return undefined;
}

// (Loops, not closures: these run for every candidate.)
function hasClassifierStep(c: Candidate): boolean {
  for (const s of c.explain.steps) if (s.step === "classifier") return true;
  return false;
}

/** The classifier step of one candidate and its window. */
function blendOne(c: Candidate, text: string, w: Window, clf: ContextClassifier, p: Policy["classifier"]): Blend {
  const firm = firmReason(c, text, p.window, w);
  if (firm) return { category: c.category, term: w.term, confidence: c.confidence, step: { step: "classifier", effect: 0, note: `not lowered: ${firm}` }, after: c.confidence };
  const prob = clf.pClaim(w, c.category);
  const blended = round((1 - p.weight) * c.confidence + p.weight * prob);
  // Lower only: a likely claim keeps the confidence its reading earned.
  const conf = Math.max(0, Math.min(c.confidence, blended));
  const step = {
    step: "classifier",
    effect: round(conf - c.confidence),
    note: `P(claim)=${round(prob)} from "${w.left}[${w.term}]${w.right}"; min(${c.confidence}, ${1 - p.weight}×${c.confidence} + ${p.weight}×${round(prob)})`,
  };
  return { category: c.category, term: w.term, confidence: c.confidence, step, after: conf };
}
