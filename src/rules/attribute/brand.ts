/**
 * attribute_mismatch, brand: another brand asserted in the text (是迪奥, 迪奥正品) than
 * the listing's brand attribute; and, on a listing without a brand (品牌: 无品牌, 白牌),
 * a brand's original or official goods asserted (苹果原装, 正品华为).
 */
import { isEmptyValue } from "../attributes.js";
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { kindRule, claimOk, endsWithAny, reportClaim, splitWord } from "./shared.js";

const DATA = {
  brands: "list",
  brandAliases: "record",
  brandAssertBefore: "list",
  brandAssertAfter: "list",
  brandOriginalBefore: "list",
  brandOriginalAfter: "list",
  brandFitBefore: "list",
  unbrandedValues: "rawList",
} as const;

/** Brand names (2+ chars) and their aliases, and each one's canonical name. */
const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const brandOf = new Map<string, string>();
  for (const b of data.list("brands")) if (b.length > 1) brandOf.set(b, b);
  for (const [b, aliases] of Object.entries(data.record("brandAliases"))) {
    brandOf.set(b, b);
    for (const a of aliases) if (a.length > 1) brandOf.set(a, b);
  }
  return { brandTerms: [...brandOf.keys()], brandOf, unbranded: new Set(data.rawList("unbrandedValues").map((v) => v.toLowerCase())) };
});

export const brandRule = kindRule("brand", "brand claims checked against the listing's brand attribute", DATA, ({ ctx, data, report }, brands) => {
  const { brandTerms, brandOf, unbranded } = tables(data);
  // Every finding is a brand named in the text: with none, the attributes need no reading.
  const claims = occurrences(ctx.text, brandTerms);
  if (claims.length === 0) return;
  const brandAttrs = brands.filter((a) => !isEmptyValue(data, a.value) && !unbranded.has(a.raw.trim().toLowerCase()));
  // No brand on the listing: only a brand's original or official goods are a claim (苹果原装的充电头).
  const none = brandAttrs.length === 0;
  if (none && !brands.some((a) => unbranded.has(a.raw.trim().toLowerCase()))) return;
  const listed = new Set<string>();
  for (const a of brandAttrs) for (const o of occurrences(a.value, brandTerms)) listed.add(brandOf.get(o.term)!);
  const assertBefore = data.list(none ? "brandOriginalBefore" : "brandAssertBefore");
  const assertAfter = data.list(none ? "brandOriginalAfter" : "brandAssertAfter");
  const fit = data.list("brandFitBefore");
  for (const c of claims) {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (listed.has(brandOf.get(c.term)!)) continue;
    if (brandAttrs.some((a) => a.value.includes(c.term) || c.term.includes(a.value))) continue;
    const before = ctx.text.slice(Math.max(0, c.start - 3), c.start);
    const after = ctx.text.slice(c.end, c.end + 3);
    if (!endsWithAny(before, assertBefore) && !assertAfter.some((w) => after.startsWith(w))) continue;
    // 适用苹果原装接口, 兼容华为原厂快充: the goods fit the brand, they do not claim to be its own.
    if (none && fit.some((w) => ctx.text.slice(Math.max(ctx.clauseStart(c.start), c.start - 6), c.start).includes(w))) continue;
    const where = (none ? brands : brandAttrs).map((a) => a.raw).join(" / ");
    reportClaim(report, "brand", c, `claims brand ${c.term}; listing brand is ${where}`, none ? brands : brandAttrs);
  }
});
