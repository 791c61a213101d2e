/** A readable account summary for `hegui account show`. */
import type { AccountState } from "./types.js";

export function formatAccount(s: AccountState): string {
  const lines = [
    `── account ${s.accountId}${s.role ? ` (${s.role})` : ""}  ${s.status.toUpperCase()}  as of ${s.asOf}`,
    `   credit: ${s.credit.remaining}/${s.credit.start} points left in credit year ${s.credit.year} (${s.credit.deducted} deducted; resets ${s.credit.nextReset})`,
    `   deposit: ${s.deposit.whole ? "whole deposit forfeited" : `${s.deposit.deducted} yuan deducted`}${s.deposit.proceeds ? "; proceeds of the violation forfeited" : ""}`,
    `   measure: ${s.measure ?? "none"}${s.productBans.length ? `; products banned (items): ${s.productBans.join(", ")}` : ""}`,
    `   new-creator protection: ${s.protection.eligibleNow ? "in force" : "not in force"} (${s.protection.reason})${s.protection.examUsed ? "; exam offered" : ""}${s.protection.nodeWaiverUsed ? "; node waiver used" : ""}`,
  ];
  for (const e of s.protection.openExams) lines.push(`   open exam: violation ${e.violationId}, passing by ${e.deadline} reverses its penalty`);
  if (s.compensable.length) lines.push(`   真实宝 compensable: ${s.compensable.join(", ")}`);
  lines.push(`   violations (${s.violations.length}, ${s.events} events):`);
  for (const r of s.violations) {
    const state = r.status === "active" ? "" : `  [${r.status.replace("_", " ")} ${r.reversedAt}]`;
    lines.push(`   • ${r.id}  ${r.category}${r.severity ? ` ${r.severity}` : ""}  item ${r.itemId}  ${r.at}  −${r.points} pts${r.waived ? ` (${r.waived} waived)` : ""}${state}`);
    if (r.matched.length) lines.push(`     「${r.matched.join("」「")}」`);
    if (r.exam) lines.push(`     exam ${r.exam.status} (deadline ${r.exam.deadline})`);
    for (const p of r.penalties) {
      const amt = p.amount !== undefined ? ` ${p.amount} yuan` : p.points !== undefined ? ` ${p.points} pts` : "";
      const flag = p.withdrawn ? ` (withdrawn: ${p.withdrawn})` : p.superseded ? " (superseded)" : "";
      lines.push(`     - ${p.kind}${amt}${flag}: ${p.rule}`);
    }
  }
  return lines.join("\n");
}
