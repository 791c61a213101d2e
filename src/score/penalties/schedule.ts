/**
 * The per-occurrence penalties of the rules, by category and severity (no
 * account history: credit nodes, 三无 ordinals and protection are in assess.ts).
 */
import type { Penalty, Severity } from "../../types.js";
import type { PenaltyPolicy } from "../policy.js";
import type { Occurrence } from "./occurrences.js";

const quote = (o: Occurrence) => o.matched.map((m) => `"${m}"`).join("、");

export function occurrencePenalties(o: Occurrence, p: PenaltyPolicy): Penalty[] {
  const out: Penalty[] = [];
  const base = { violationIds: o.violationIds, category: o.category, severity: o.severity };
  const what = `${o.category} ${quote(o)} (${o.severity})`;
  let ownPoints: number | undefined;

  const fa = p.falseAdvertising;
  if (fa.categories.includes(o.category)) {
    const amount = fa.deposit[o.severity];
    if (amount > 0) out.push({ kind: "deposit", amount, note: `false advertising ${what}: ${amount} yuan of deposit per occurrence`, rule: fa.rule, ...base });
    if (fa.productBanAt.includes(o.severity)) out.push({ kind: "product_ban", note: `false advertising ${what}: product banned`, rule: fa.rule, ...base });
  }

  const cf = p.counterfeit;
  if (cf.categories.includes(o.category)) {
    const lvl: Exclude<Severity, "general"> = o.severity === "general" ? cf.generalAs : o.severity;
    const s = cf[lvl];
    ownPoints = s.points;
    if (s.points > 0) out.push({ kind: "credit_points", points: s.points, note: `counterfeit ${what}, treated as ${lvl}: ${s.points} credit points`, rule: cf.rule, ...base });
    for (const m of s.measures) out.push({ kind: m, note: `counterfeit ${what}: ${m.replace("_", " ")}`, rule: cf.rule, ...base });
    if ("wholeDeposit" in s && s.wholeDeposit) out.push({ kind: "whole_deposit", note: `counterfeit ${what}: the whole deposit`, rule: cf.rule, ...base });
    if ("proceeds" in s && s.proceeds) out.push({ kind: "proceeds", note: `counterfeit ${what}: the proceeds of the violation`, rule: cf.rule, ...base });
  }

  const sv = p.seriousViolation;
  if (sv.categories.includes(o.category)) {
    if (o.severity === "general" || o.severity === "severe") {
      const amount = sv.deposit[o.severity];
      if (amount > 0) out.push({ kind: "deposit", amount, note: `${what}: ${amount} yuan of deposit per occurrence`, rule: sv.rule, ...base });
    } else if (o.severity === "extreme") {
      for (const m of sv.extreme.measures) out.push({ kind: m, note: `${what}: ${m.replace("_", " ")}`, rule: sv.rule, ...base });
      if (sv.extreme.wholeDeposit) out.push({ kind: "whole_deposit", note: `${what}: the whole deposit`, rule: sv.rule, ...base });
      if (sv.extreme.proceeds) out.push({ kind: "proceeds", note: `${what}: the proceeds of the violation`, rule: sv.rule, ...base });
    }
  }

  if (ownPoints === undefined) {
    const pts = p.credit.points[o.severity];
    if (pts > 0) out.push({ kind: "credit_points", points: pts, note: `${what}: ${pts} credit points per occurrence`, rule: p.credit.rule, ...base });
  }

  const cp = p.compensation;
  if (cp.categories.includes(o.category) && (!o.aspect || cp.aspects.includes(o.aspect))) {
    out.push({
      kind: "compensable",
      amount: cp.maxYuan,
      note: `真实宝: a false claim on ${o.aspect ?? "key product information"} ${quote(o)} is compensable — ${Math.round(cp.share * 100)}% of the buyer's loss, at most ${cp.maxYuan} yuan, claimed within ${cp.withinDaysOfShipment} days of shipment`,
      rule: cp.rule,
      ...base,
    });
  }
  return out;
}
