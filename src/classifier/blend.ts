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
import { contextWindow, type Window } from "./features.js";
import type { ContextClassifier } from "./model.js";

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A contact id or number: 5+ digits, or letters and digits mixed (hg8888, abc_123). */
const CONTACT_ID = /\d{5,}|[a-z][a-z0-9_-]*\d[a-z0-9_-]*|\d[a-z0-9_-]*[a-z][a-z0-9_-]*/i;
/** A number or a Latin id inside a pattern match. */
const NUMBER_OR_ID = /[0-9０-９]|[a-z]{2,}/i;

/** Why a reading is firm (not for the classifier to lower), or null when it is ambiguous by nature. */
export function firmReason(c: Candidate, text: string, window: number, w?: Window): string | null {
  const v = c.explain.variant;
  if (v === "variant") return `disguise-map reading "${c.matched}" → "${c.explain.normalized}"`;
  if (v === "pattern" && NUMBER_OR_ID.test(c.matched)) return `pattern match "${c.matched}" carries a number or id`;
  if (c.category === "private_trade") {
    const win = w ?? contextWindow(text, c.start, c.end, window);
    // An id holds no space, so the first in "left right" is the first in left, else in right (no joined copy).
    const id = CONTACT_ID.exec(win.left) ?? CONTACT_ID.exec(win.right);
    if (id) return `contact lure with the id or number "${id[0]}" next to it`;
  }
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
  // (explanation steps are never changed once made). By left, then right, then a short list.
  const made = new Map<string, Map<string, Blend[]>>();
  return cs.map((c) => {
    deadline?.tick(16);
    if (p.skipVariants.includes(c.explain.variant)) return c;
    if (hasClassifierStep(c)) return c;
    const text = fieldText(item, c.field);
    if (text === undefined || c.end > text.length) return c;
    // One window per candidate, for the firmness test and the classifier.
    const w = contextWindow(text, c.start, c.end, p.window);
    // An entry declared firm in its lexicon is left alone, whatever its window (not shared: the
    // cache below is keyed by window, term, category and confidence, not by entry).
    const declared = declaredFirm?.(c.explain.entryId);
    if (declared) {
      const step = { step: "classifier", effect: 0, note: `not lowered: the entry is firm: ${declared}` };
      return { ...c, explain: { ...c.explain, steps: [...c.explain.steps, step] } };
    }
    // A disguise or pattern reading's firmness depends on its matched text: those are not shared.
    const v = c.explain.variant;
    const shared = v !== "variant" && v !== "pattern";
    let byRight = shared ? made.get(w.left) : undefined;
    let list = byRight?.get(w.right);
    let b = list && findBlend(list, w.term, c);
    if (!b) {
      b = blendOne(c, text, w, clf, p);
      if (shared) {
        if (!byRight) made.set(w.left, (byRight = new Map()));
        if (!list) byRight.set(w.right, (list = []));
        list.push(b);
      }
    }
    // (A firm reading's confidence is left as it was: b.after is its own confidence.)
    return { ...c, confidence: b.after, explain: { ...c.explain, steps: [...c.explain.steps, b.step] } };
  });
}

// (Loops, not closures: these run for every candidate.)
function hasClassifierStep(c: Candidate): boolean {
  for (const s of c.explain.steps) if (s.step === "classifier") return true;
  return false;
}

function findBlend(list: Blend[], term: string, c: Candidate): Blend | undefined {
  for (const x of list) if (x.term === term && x.category === c.category && x.confidence === c.confidence) return x;
  return undefined;
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
