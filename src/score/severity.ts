/**
 * Severity per candidate, from its entry (the lexicon's severity), its context
 * (an uncertain hit is milder; wording disguised to slip past review is
 * deliberate) and repetition (several hits of one category in one item). Each
 * change is recorded in the candidate's explanation as a `severity` step.
 */
import { SEVERITIES, type Candidate, type ContextStep, type Severity } from "../types.js";
import { ExplainMemo } from "./explain-memo.js";
import type { Policy } from "./policy.js";

const level = (s: Severity) => SEVERITIES.indexOf(s);

/** One level more severe, never past `max` (and never milder than `s`). */
function up(s: Severity, max: Severity): Severity {
  return level(s) >= level(max) ? s : SEVERITIES[level(s) + 1];
}

const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z]/i;

/**
 * Disguised wording: a pinyin spelling, or a normalized variant whose original
 * was padded with separators/emoji (包 🌸 成活) or spelt in Latin letters (vx).
 * Mere width, case or traditional forms are not a disguise.
 */
export function isDisguised(c: Candidate): boolean {
  if (c.explain.variant === "pinyin") return true;
  if (c.explain.variant !== "variant") return false;
  const orig = [...c.matched];
  const norm = [...c.explain.normalized];
  if (orig.length > norm.length) return true;
  return HAN.test(c.explain.normalized) && LATIN.test(c.matched);
}

/** The severity a candidate ends with and the step that says why (null: unchanged). */
interface Assigned {
  severity: Severity;
  step: ContextStep | null;
}

export function assignSeverity(cs: Candidate[], policy: Policy): Candidate[] {
  const p = policy.severity;
  const perCategory = new Map<string, number>();
  for (const c of cs) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + 1);
  // What is assigned depends only on category, severity, confidence and (when disguised) the matched
  // text: made once per item for each such case and its step shared (explanation steps are never
  // changed once made), not a note per candidate when one phrase repeats through a text.
  // By category, then severity, then confidence, then the disguised text ("" when not disguised).
  const made = new Map<string, Map<Severity, Map<number, Map<string, Assigned>>>>();
  const explains = new ExplainMemo();
  return cs.map((c) => {
    const disguised = p.escalateDisguised && isDisguised(c);
    const key = disguised ? c.matched : "";
    let bySeverity = made.get(c.category);
    if (!bySeverity) made.set(c.category, (bySeverity = new Map()));
    let byConfidence = bySeverity.get(c.severity);
    if (!byConfidence) bySeverity.set(c.severity, (byConfidence = new Map()));
    let byMatched = byConfidence.get(c.confidence);
    if (!byMatched) byConfidence.set(c.confidence, (byMatched = new Map()));
    let a = byMatched.get(key);
    if (!a) byMatched.set(key, (a = assign(c, disguised, perCategory.get(c.category) ?? 0, p)));
    if (!a.step) return c;
    return { ...c, severity: a.severity, explain: explains.extend(c.explain, a.step) };
  });
}

/** The severity of one candidate, `disguised` or not, with `n` hits of its category in the item. */
function assign(c: Candidate, disguised: boolean, n: number, p: Policy["severity"]): Assigned {
  let s = c.severity;
  const notes: string[] = [];
  if (c.confidence < p.downgradeBelowConfidence && level(s) > 0) {
    const to = SEVERITIES[level(s) - 1];
    notes.push(`${s} → ${to}: confidence ${c.confidence} below ${p.downgradeBelowConfidence}`);
    s = to;
  }
  if (disguised && level(s) < level("severe")) {
    const to = up(s, "severe");
    notes.push(`${s} → ${to}: disguised wording "${c.matched}"`);
    s = to;
  }
  if (n >= p.repeat.count && level(s) < level(p.repeat.maxLevel)) {
    const to = up(s, p.repeat.maxLevel);
    notes.push(`${s} → ${to}: ${n} hits of ${c.category} in this item`);
    s = to;
  }
  if (notes.length === 0) return { severity: s, step: null };
  return { severity: s, step: { step: "severity", effect: 0, note: notes.join("; ") } };
}
