/** Builders for scoring tests: occurrences and candidates without a lexicon. */
import type { Occurrence } from "../../src/score/penalties/index.js";
import type { Candidate, Category, Severity, VariantKind } from "../../src/types.js";

let n = 0;
export function occ(category: Category, severity: Severity, extra: Partial<Occurrence> = {}): Occurrence {
  const id = `v${++n}`;
  return { id, violationIds: [id], category, ruleId: `${category}.test`, severity, matched: ["x"], ...extra };
}

export function cand(category: Category, severity: Severity, o: { confidence?: number; variant?: VariantKind; matched?: string; normalized?: string; start?: number; steps?: Candidate["explain"]["steps"] } = {}): Candidate {
  const start = o.start ?? 0;
  const matched = o.matched ?? "全网最低";
  return {
    category,
    ruleId: `${category}.test`,
    term: o.normalized ?? matched,
    matched,
    field: "text",
    start,
    end: start + matched.length,
    spans: [{ field: "text", start, end: start + matched.length }],
    severity,
    confidence: o.confidence ?? 0.9,
    rule: "test",
    explain: { entryId: `${category}.test`, variant: o.variant ?? "exact", normalized: o.normalized ?? matched, steps: o.steps ?? [] },
  };
}
