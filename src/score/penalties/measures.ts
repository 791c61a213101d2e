/**
 * "Where several measures apply, the most severe wins" (001 《抖音小店运营规范》
 * 商家信用积分·具体规则2). Shop-level measures rank correction report <
 * suspension < clearance; only the highest stands, the others are kept but
 * marked `superseded`. A product ban concerns the goods and always stands.
 * Forfeiting the whole deposit supersedes per-occurrence deposit deductions.
 */
import type { Penalty, PenaltyKind } from "../../types.js";
import type { Measure } from "../policy.js";

export const MEASURE_RANK: Record<Measure, number> = { product_ban: 1, correction_report: 2, suspension: 3, clearance: 4 };
const SHOP_MEASURES = new Set<PenaltyKind>(["correction_report", "suspension", "clearance"]);

export function isMeasure(kind: PenaltyKind): kind is Measure {
  return kind in MEASURE_RANK;
}

/** The most severe measure among penalties that are not superseded. */
export function topMeasure(ps: Penalty[]): Measure | null {
  let top: Measure | null = null;
  for (const p of ps) if (!p.superseded && !p.withdrawn && isMeasure(p.kind) && (!top || MEASURE_RANK[p.kind] > MEASURE_RANK[top])) top = p.kind;
  return top;
}

export function mostSevereWins(ps: Penalty[], rule: string): Penalty[] {
  let topShop = 0;
  for (const p of ps) if (SHOP_MEASURES.has(p.kind) && !p.withdrawn) topShop = Math.max(topShop, MEASURE_RANK[p.kind as Measure]);
  const whole = ps.some((p) => p.kind === "whole_deposit" && !p.withdrawn);
  return ps.map((p) => {
    if (SHOP_MEASURES.has(p.kind) && MEASURE_RANK[p.kind as Measure] < topShop) {
      return { ...p, superseded: true, note: `${p.note} — superseded by a more severe measure (${rule})` };
    }
    if (whole && p.kind === "deposit") return { ...p, superseded: true, note: `${p.note} — superseded: the whole deposit is forfeited (${rule})` };
    return p;
  });
}
