/**
 * Occurrences: the unit the rules count ("每出现一次违规"). With policy
 * `occurrence: "entry"` the violations of one item that share category and
 * lexicon entry are one occurrence (a term repeated in one caption is one
 * violation, made more severe by repetition); with "violation" each counts.
 */
import { SEVERITIES, type Category, type Severity, type Violation } from "../../types.js";
import type { PenaltyPolicy } from "../policy.js";

export type Aspect = "material" | "brand" | "quantity" | "variety" | "origin" | "ingredients";
const ASPECTS = new Set<string>(["material", "brand", "quantity", "variety", "origin", "ingredients"]);

export interface Occurrence {
  /** The first violation's id: the occurrence's id in the ledger. */
  id: string;
  violationIds: string[];
  category: Category;
  ruleId: string;
  severity: Severity;
  /** What a key-information claim was about (from the attribute rule's explanation), when known. */
  aspect?: Aspect;
  /** The matched texts, for notes. */
  matched: string[];
}

export function aspectOf(v: Pick<Violation, "explain">): Aspect | undefined {
  for (const s of v.explain?.steps ?? []) if (ASPECTS.has(s.step)) return s.step as Aspect;
  return undefined;
}

export function occurrencesOf(violations: Violation[], mode: PenaltyPolicy["occurrence"]): Occurrence[] {
  const groups = new Map<string, Occurrence>();
  violations.forEach((v, i) => {
    const id = v.id ?? `#${i}`;
    const key = mode === "entry" ? `${v.category}\0${v.ruleId}` : id;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { id, violationIds: [id], category: v.category, ruleId: v.ruleId, severity: v.severity, aspect: aspectOf(v), matched: [v.matched] });
      return;
    }
    g.violationIds.push(id);
    g.matched.push(v.matched);
    if (SEVERITIES.indexOf(v.severity) > SEVERITIES.indexOf(g.severity)) g.severity = v.severity;
    g.aspect ??= aspectOf(v);
  });
  return [...groups.values()];
}
