/**
 * attribute_mismatch, variety: another variety of the same produce than the listing's variety
 * attribute (丹东九九草莓 with 品种 红颜); and another species of fruit altogether (车厘子树苗 with
 * 品种 李子), the goods named by a species the variety attribute does not belong to.
 */
import { NUMBER_SOURCE, parseNumber } from "../../match/numbers.js";
import { alternation, occurrences, perLexicon, type SharedData } from "../rule.js";
import { kindRule, claimOk, has, reportClaim, splitWord } from "./shared.js";

const DATA = {
  varieties: "record",
  varietySameAs: "record",
  speciesNames: "record",
  speciesNotClaims: "list",
  varietyCountUnits: "list",
  varietyManyClaims: "list",
  varietyManyValues: "list",
  varietyChoiceAfter: "list",
  varietyMixCues: "list",
  listSeparators: "rawList",
} as const;

/** A count of varieties said (10个品种, 十种品种), per lexicon. */
const countPattern = perLexicon((data: SharedData<typeof DATA>) => new RegExp(`(${NUMBER_SOURCE})(?:${alternation(data.list("varietyCountUnits"), false)})`, "gu"));

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const produceOf = new Map<string, string>();
  for (const [produce, names] of Object.entries(data.record("varieties"))) for (const n of names) if (!produceOf.has(n)) produceOf.set(n, produce);
  /** A name -> the variety it names under another name (洋槐蜜 -> 槐花蜜); a name absent here is its own. */
  const sameAs = new Map<string, string>();
  for (const [variety, names] of Object.entries(data.record("varietySameAs"))) for (const n of names) if (!sameAs.has(n)) sameAs.set(n, variety);
  /** A species' common name (车厘子, 李子) -> its produce, keyed as the varieties are. */
  const speciesOf = new Map<string, string>();
  for (const [produce, names] of Object.entries(data.record("speciesNames"))) for (const n of names) if (!speciesOf.has(n)) speciesOf.set(n, produce);
  const notClaims = data.list("speciesNotClaims");
  return {
    produceOf,
    sameAs,
    names: [...produceOf.keys()].filter((n) => n.length > 1),
    speciesOf,
    speciesScan: [...speciesOf.keys(), ...notClaims],
    notClaims: new Set(notClaims),
    speciesProduce: new Set(speciesOf.values()),
  };
});

export const varietyRule = kindRule("variety", "variety claims checked against the listing's variety attribute", DATA, ({ ctx, data, report }, variety) => {
  const { produceOf, sameAs, names, speciesOf, speciesScan, notClaims, speciesProduce } = tables(data);
  // 10个品种 or 多品种混发 while the variety attribute names one variety and no mix (品种: 小桃红).
  const seps = data.rawList("listSeparators");
  const single = variety.filter((a) => !seps.some((x) => x.length > 0 && a.raw.trim().includes(x)) && occurrences(a.value, data.list("varietyManyValues")).length === 0);
  // On a listing only: a host may show several listings' varieties in one stream.
  if (ctx.doc.item.channel === "listing" && single.length === variety.length) {
    const many: Array<{ start: number; end: number; term: string }> = [];
    // A count in the title names the goods (欧洲月季 10个品种); elsewhere (试种了10个品种) it tells of the
    // grower, and the goods are several only when sent mixed (混发, 一起发).
    const mixed = occurrences(ctx.text, data.list("varietyMixCues")).length > 0;
    for (const m of ctx.text.matchAll(countPattern(data))) {
      if (!mixed && ctx.doc.segments[ctx.doc.segAt[m.index!]]?.field !== "listing.title") continue;
      // 5个品种可选: a choice among the listing's options, each with its own variety.
      const end = m.index! + m[0].length;
      if (data.list("varietyChoiceAfter").some((w) => ctx.text.startsWith(w, end))) continue;
      if (parseNumber(m[1]) >= 2) many.push({ start: m.index!, end: m.index! + m[0].length, term: m[0] });
    }
    for (const o of occurrences(ctx.text, data.list("varietyManyClaims"))) many.push(o);
    const c = many.find((x) => claimOk(ctx, x.start) && !splitWord(ctx, x.start, x.end));
    if (c) reportClaim(report, "variety", c, `claims ${c.term}; listing variety is ${variety.map((a) => a.raw).join(" / ")}`, variety);
  }
  const attrProduce = new Set<string>();
  const attrNames = new Set<string>();
  const attrSame = new Set<string>();
  /** The species the variety attribute names, by a variety (美早: cherry) or the species' name (李子: plum). */
  const attrSpecies = new Set<string>();
  for (const a of variety) {
    for (const o of occurrences(a.value, names)) {
      attrProduce.add(produceOf.get(o.term)!);
      attrNames.add(o.term);
      attrSame.add(sameAs.get(o.term) ?? o.term);
      // Only produce with species names is compared across species (a rose's variety says nothing of fruit).
      if (speciesProduce.has(produceOf.get(o.term)!)) attrSpecies.add(produceOf.get(o.term)!);
    }
    for (const o of occurrences(a.value, speciesScan)) if (!notClaims.has(o.term)) attrSpecies.add(speciesOf.get(o.term)!);
  }
  for (const c of occurrences(ctx.text, names)) {
    if (!claimOk(ctx, c.start) || has(variety, c.term) || splitWord(ctx, c.start, c.end)) continue;
    // One name holding the other is the same variety said more or less exactly (普洱茶 / 普洱生茶).
    if (attrSame.has(sameAs.get(c.term) ?? c.term) || [...attrNames].some((t) => c.term.includes(t) || t.includes(c.term))) continue;
    const produce = produceOf.get(c.term)!;
    if (!attrProduce.has(produce)) continue;
    reportClaim(report, "variety", c, `claims variety ${c.term}; listing variety is ${variety.map((a) => a.raw).join(" / ")}`, variety);
  }
  // 车厘子树苗 with 品种 李子: the goods named as one species while the attribute names only another.
  // Where the text also names the attribute's own species (美早车厘子…搭配蓝莓, 红颜草莓…像蓝莓一样),
  // the other fruit is a pairing or a comparison, not the goods: nothing is read.
  if (attrSpecies.size === 0) return;
  const speciesHits = occurrences(ctx.text, speciesScan);
  let other: (typeof speciesHits)[number] | undefined;
  for (const c of speciesHits) {
    if (notClaims.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (attrSpecies.has(speciesOf.get(c.term)!)) return;
    other ??= c;
  }
  if (other) reportClaim(report, "variety", other, `claims ${other.term} (${speciesOf.get(other.term)!}); listing variety is ${variety.map((a) => a.raw).join(" / ")}`, variety);
});
