/**
 * Blend the classifier into candidate confidence:
 *   confidence' = (1 - weight) * confidence + weight * P(claim)
 * recorded as a `classifier` step in the candidate's explanation. Structural
 * findings (policy `skipVariants`, e.g. code rules) are left alone, and a
 * candidate already blended is not blended twice.
 */
import type { Deadline } from "../deadline.js";
import type { Candidate, Item } from "../types.js";
import type { Policy } from "../score/policy.js";
import { fieldText } from "../doc/document.js";
import { contextWindow } from "./features.js";
import type { ContextClassifier } from "./model.js";


const round = (x: number) => Math.round(x * 1000) / 1000;

export function blendCandidates(item: Item, cs: Candidate[], clf: ContextClassifier, p: Policy["classifier"], deadline?: Deadline): Candidate[] {
  if (!p.enabled || p.weight === 0) return cs;
  return cs.map((c) => {
    deadline?.tick(16);
    if (p.skipVariants.includes(c.explain.variant)) return c;
    if (c.explain.steps.some((s) => s.step === "classifier")) return c;
    const text = fieldText(item, c.field);
    if (text === undefined || c.end > text.length) return c;
    const w = contextWindow(text, c.start, c.end, p.window);
    const prob = clf.pClaim(w, c.category);
    const conf = Math.max(0, Math.min(1, round((1 - p.weight) * c.confidence + p.weight * prob)));
    const step = {
      step: "classifier",
      effect: round(conf - c.confidence),
      note: `P(claim)=${round(prob)} from "${w.left}[${w.term}]${w.right}"; ${1 - p.weight}×${c.confidence} + ${p.weight}×${round(prob)}`,
    };
    return { ...c, confidence: conf, explain: { ...c.explain, steps: [...c.explain.steps, step] } };
  });
}
