/**
 * Occurrences: the unit the rules count ("每出现一次违规"), one act. With
 * policy `occurrence: "category"` (the default) the violations of one item in
 * one category are one occurrence: the most severe hit counts (its id, rule
 * and severity are the occurrence's) and the others are listed after it as
 * evidence — 加我微信 and 私下 in one sentence are one private-trade act, not
 * two. With "entry" the violations that share category and lexicon entry are
 * one occurrence; with "violation" each counts.
 */
import { SEVERITIES, type Aspect, type Category, type Severity, type Violation } from "../../types.js";
import type { PenaltyPolicy } from "../policy.js";

export type { Aspect };

export interface Occurrence {
  /** The first violation's id: the occurrence's id in the ledger. */
  id: string;
  violationIds: string[];
  category: Category;
  ruleId: string;
  severity: Severity;
  /** What a key-information claim was about (the attribute finding's typed evidence), when known. */
  aspect?: Aspect;
  /** The matched texts, for notes: the counted (most severe) hit first, then the others as evidence. */
  matched: string[];
}

/** The aspect an attribute finding names (its typed evidence; never its explanation, which may be left out). */
export function aspectOf(v: Pick<Violation, "evidence">): Aspect | undefined {
  return v.evidence?.aspect;
}

export function occurrencesOf(violations: Violation[], mode: PenaltyPolicy["occurrence"]): Occurrence[] {
  const groups = new Map<string, Occurrence>();
  violations.forEach((v, i) => {
    const id = v.id ?? `#${i}`;
    const key = mode === "category" ? v.category : mode === "entry" ? `${v.category}\0${v.ruleId}` : id;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { id, violationIds: [id], category: v.category, ruleId: v.ruleId, severity: v.severity, aspect: aspectOf(v), matched: [v.matched] });
      return;
    }
    if (mode === "category" && SEVERITIES.indexOf(v.severity) > SEVERITIES.indexOf(g.severity)) {
      // A more severe hit becomes the counted one; the earlier ones stay as evidence after it.
      g.id = id;
      g.violationIds.unshift(id);
      g.matched.unshift(v.matched);
      g.ruleId = v.ruleId;
      g.severity = v.severity;
      g.aspect = aspectOf(v) ?? g.aspect;
      return;
    }
    g.violationIds.push(id);
    g.matched.push(v.matched);
    if (SEVERITIES.indexOf(v.severity) > SEVERITIES.indexOf(g.severity)) g.severity = v.severity;
    g.aspect ??= aspectOf(v);
  });
  return [...groups.values()];
}
