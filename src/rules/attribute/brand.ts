/**
 * attribute_mismatch, brand: another brand asserted in the text (是迪奥, 迪奥正品) than
 * the listing's brand attribute; and, on a listing without a brand (品牌: 无品牌, 白牌),
 * a brand's original or official goods asserted (苹果原装, 正品华为). A brand the
 * goods fit is no claim of it: named with a fit word (适用于华为, 小米专用, 兼容
 * 苹果原装接口), denied (非苹果原装), or named by an attribute on what the goods fit
 * (适用机型: 华为Mate60), where only an original or official word asserts it.
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
  brandCompatBefore: "list",
  brandCompatAfter: "list",
  brandCompatKeys: "rawList",
  originalNotAfter: "list",
  originalPartClaims: "list",
  denialCues: "list",
  unbrandedValues: "rawList",
  brandNamedBefore: "list",
  brandLikeAfter: "list",
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

/** Characters of a model name between a brand and a fit word after it (华为mate60通用, 苹果15pro专用). */
const MODEL_CHARS = /^[a-z0-9 .+\-]*/u;

export const brandRule = kindRule("brand", "brand claims checked against the listing's brand attribute", DATA, ({ ctx, data, report }, brands, attrs) => {
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
  // On an unbranded listing a brand of three or more characters said to be what the goods are (就是双立人)
  // is a claim too: the two-character ones are often common words as well (是苹果, 就是小米粥).
  const namedBefore = none ? data.list("brandNamedBefore") : [];
  const likeAfter = data.list("brandLikeAfter");
  const assertBefore = data.list(none ? "brandOriginalBefore" : "brandAssertBefore");
  const assertAfter = data.list(none ? "brandOriginalAfter" : "brandAssertAfter");
  const fit = data.list("brandFitBefore");
  const compatBefore = data.list("brandCompatBefore");
  const compatAfter = data.list("brandCompatAfter");
  const notOriginal = data.list("originalNotAfter");
  const originalWords = data.list("originalPartClaims");
  const denial = data.list("denialCues");
  // Brands an attribute says the goods fit (适用机型: 华为Mate60): named in the text, they are what the goods fit.
  const compatKeys = data.rawList("brandCompatKeys").map((k) => k.toLowerCase());
  const fitted = new Set<string>();
  for (const a of attrs) if (a.kind !== "brand" && compatKeys.some((k) => a.key.toLowerCase().includes(k))) for (const o of occurrences(a.value, brandTerms)) fitted.add(brandOf.get(o.term)!);
  const original = fitted.size ? { before: data.list("brandOriginalBefore"), after: data.list("brandOriginalAfter") } : undefined;
  const text = ctx.text;
  for (const c of claims) {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (listed.has(brandOf.get(c.term)!)) continue;
    if (brandAttrs.some((a) => a.value.includes(c.term) || c.term.includes(a.value))) continue;
    const before = text.slice(Math.max(0, c.start - 3), c.start);
    const after = text.slice(c.end, c.end + 3);
    const assertedAfter = assertAfter.find((w) => after.startsWith(w));
    // 就是双立人那种 (that kind): a likeness, not the maker.
    const named = c.term.length >= 3 && endsWithAny(before, namedBefore) && !likeAfter.some((w) => text.startsWith(w, c.end));
    if (!endsWithAny(before, assertBefore) && !assertedAfter && !named) continue;
    // 非苹果原装, 并非华为出品: the brand denied right before (the negation cues hold no 非).
    if (endsWithAny(before, denial)) continue;
    // 华为原装接口, 苹果原厂同款: an original word that names a fit or a likeness, not the goods' maker.
    const past = c.end + (assertedAfter?.length ?? 0);
    if (assertedAfter && originalWords.includes(assertedAfter) && !endsWithAny(before, assertBefore) && (ctx.doc.sep[past] ?? 1) === 0 && notOriginal.some((w) => text.startsWith(w, past))) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 6), c.start);
    // 适用苹果原装接口, 兼容华为原厂快充: the goods fit the brand, they do not claim to be its own.
    if ((none ? fit : compatBefore).some((w) => lead.includes(w))) continue;
    // 华为mate60专用, 苹果安卓通用: a fit word after the brand (and a model name).
    const model = MODEL_CHARS.exec(text.slice(c.end, Math.min(ctx.clauseEnd(c.end - 1), c.end + 12)))![0].length;
    if (compatAfter.some((w) => text.startsWith(w, c.end + model))) continue;
    // A brand the attributes say the goods fit: asserted only by an original or official word (是华为的 says what it fits).
    if (original && fitted.has(brandOf.get(c.term)!) && !endsWithAny(before, original.before) && !original.after.some((w) => after.startsWith(w))) continue;
    const where = (none ? brands : brandAttrs).map((a) => a.raw).join(" / ");
    reportClaim(report, "brand", c, `claims brand ${c.term}; listing brand is ${where}`, none ? brands : brandAttrs);
  }
});
