/** Verdicts for ledger tests, built without a lexicon. */
import { violationId } from "../../src/score/ids.js";
import type { Account, Aspect, Category, Item, Severity, Verdict, Violation } from "../../src/types.js";

export function violation(itemId: string, category: Category, severity: Severity, start = 0, o: { ruleId?: string; aspect?: Aspect } = {}): Violation {
  const v: Violation = {
    category,
    ruleId: o.ruleId ?? `${category}.test`,
    term: "x",
    matched: `m${start}`,
    field: "text",
    start,
    end: start + 2,
    spans: [{ field: "text", start, end: start + 2 }],
    severity,
    confidence: 0.9,
    rule: "test",
    ...(o.aspect ? { evidence: { aspect: o.aspect, claim: "x", listing: [] } } : {}),
    explain: { entryId: "t", variant: "exact", normalized: "x", steps: [] },
  };
  return { ...v, id: violationId(itemId, v) };
}

export function item(id: string, account: Account, channel: Item["channel"] = "script"): Item {
  return { id, channel, text: "……", account };
}

export function verdict(it: Item, violations: Violation[], extra: Partial<Verdict> = {}): Verdict {
  return { id: it.id, decision: violations.length ? "review" : "pass", score: 0.5, lexiconVersion: "000000000000", channel: it.channel, violations, penalties: [], ...extra };
}

export function sanwuVerdict(it: Item): Verdict {
  return verdict(it, [], { decision: "block", productFindings: [{ id: `s-${it.id}`, kind: "sanwu", missing: ["manufacturer"], evidence: { manufacturer: "manufacturer=\"无\"" }, rule: "001" }] });
}
