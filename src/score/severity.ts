/**
 * Severity per candidate, from its entry (the lexicon's severity), its context
 * (an uncertain hit is milder; wording disguised to slip past review is
 * deliberate) and repetition (several hits of one category in one item). Each
 * change is recorded in the candidate's explanation as a `severity` step.
 */
import { SEVERITIES, type Candidate, type Severity } from "../types.js";
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

export function assignSeverity(cs: Candidate[], policy: Policy): Candidate[] {
  const p = policy.severity;
  const perCategory = new Map<string, number>();
  for (const c of cs) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + 1);
  return cs.map((c) => {
    let s = c.severity;
    const notes: string[] = [];
    if (c.confidence < p.downgradeBelowConfidence && level(s) > 0) {
      const to = SEVERITIES[level(s) - 1];
      notes.push(`${s} → ${to}: confidence ${c.confidence} below ${p.downgradeBelowConfidence}`);
      s = to;
    }
    if (p.escalateDisguised && isDisguised(c) && level(s) < level("severe")) {
      const to = up(s, "severe");
      notes.push(`${s} → ${to}: disguised wording "${c.matched}"`);
      s = to;
    }
    const n = perCategory.get(c.category) ?? 0;
    if (n >= p.repeat.count && level(s) < level(p.repeat.maxLevel)) {
      const to = up(s, p.repeat.maxLevel);
      notes.push(`${s} → ${to}: ${n} hits of ${c.category} in this item`);
      s = to;
    }
    if (notes.length === 0) return c;
    return { ...c, severity: s, explain: { ...c.explain, steps: [...c.explain.steps, { step: "severity", effect: 0, note: notes.join("; ") }] } };
  });
}
