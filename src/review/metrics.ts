/**
 * Reviewer feedback as Prometheus text (appended to /metrics): per rule,
 * category and lexicon version, the violations reviewers confirmed and
 * rejected and the precision confirmed / (confirmed + rejected); the tasks
 * open, claimed and done.
 */
import type { Stats } from "./store.js";

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`).join(",")}}`;

export function reviewMetricsText(s: Stats): string {
  const out: string[] = [];
  out.push("# HELP hegui_review_tasks Review tasks by status.", "# TYPE hegui_review_tasks gauge");
  for (const [status, n] of Object.entries(s.tasks)) out.push(`hegui_review_tasks${labels({ status })} ${n}`);
  out.push("# HELP hegui_review_decisions Violations decided by reviewers, per rule, category, lexicon version and decision.", "# TYPE hegui_review_decisions gauge");
  for (const r of s.rules) {
    const l = { rule: r.ruleId, category: r.category, lexicon_version: r.lexiconVersion };
    out.push(`hegui_review_decisions${labels({ ...l, decision: "confirmed" })} ${r.confirmed}`);
    out.push(`hegui_review_decisions${labels({ ...l, decision: "rejected" })} ${r.rejected}`);
  }
  out.push("# HELP hegui_review_rule_precision Reviewer precision of a rule: confirmed / (confirmed + rejected).", "# TYPE hegui_review_rule_precision gauge");
  for (const r of s.rules) if (r.precision !== null) out.push(`hegui_review_rule_precision${labels({ rule: r.ruleId, category: r.category, lexicon_version: r.lexiconVersion })} ${r.precision}`);
  return out.join("\n") + "\n";
}
