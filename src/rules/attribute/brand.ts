/** attribute_mismatch, brand: another brand asserted in the text (是迪奥, 迪奥正品) than the listing's brand attribute. */
import { isEmptyValue } from "../attributes.js";
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { aspectRule, claimOk, endsWithAny, reportClaim, splitWord } from "./shared.js";

const DATA = { brands: "list", brandAliases: "record", brandAssertBefore: "list", brandAssertAfter: "list" } as const;

/** Brand names (2+ chars) and their aliases, and each one's canonical name. */
const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const brandOf = new Map<string, string>();
  for (const b of data.list("brands")) if (b.length > 1) brandOf.set(b, b);
  for (const [b, aliases] of Object.entries(data.record("brandAliases"))) {
    brandOf.set(b, b);
    for (const a of aliases) if (a.length > 1) brandOf.set(a, b);
  }
  return { brandTerms: [...brandOf.keys()], brandOf };
});

export const brandRule = aspectRule("brand claims checked against the listing's brand attribute", DATA, ({ ctx, data, report }, attrs) => {
  const brandAttrs = attrs.filter((a) => a.kind === "brand" && !isEmptyValue(data, a.value));
  if (brandAttrs.length === 0) return;
  const { brandTerms, brandOf } = tables(data);
  const listed = new Set<string>();
  for (const a of brandAttrs) for (const o of occurrences(a.value, brandTerms)) listed.add(brandOf.get(o.term)!);
  const assertBefore = data.list("brandAssertBefore");
  const assertAfter = data.list("brandAssertAfter");
  for (const c of occurrences(ctx.text, brandTerms)) {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (listed.has(brandOf.get(c.term)!)) continue;
    if (brandAttrs.some((a) => a.value.includes(c.term) || c.term.includes(a.value))) continue;
    const before = ctx.text.slice(Math.max(0, c.start - 3), c.start);
    const after = ctx.text.slice(c.end, c.end + 3);
    if (!endsWithAny(before, assertBefore) && !assertAfter.some((w) => after.startsWith(w))) continue;
    reportClaim(report, "brand", c, `claims brand ${c.term}; listing brand is ${brandAttrs.map((a) => a.raw).join(" / ")}`, brandAttrs);
  }
});
