/**
 * attribute_mismatch, how the goods were made or grown: a pure-grain or
 * no-added-alcohol claim on a spirit (纯粮酿造, 没兑酒精) whose ingredients list
 * edible alcohol or whose attributes name a blended type (配制酒, 固液法); and a
 * wild claim (纯野生, 山里采的) against an attribute on how it was grown or
 * raised that says farmed (大棚种植, 人工养殖); a free-range claim (散养, 山林放养) against
 * one that says confined (笼养, 圈养). Word lists: `grainSpiritClaims`,
 * `addedAlcoholTerms`, `blendedSpiritTypes`, `wildClaims`, `wildNotClaims`,
 * `cultivationKeys`, `farmedValues`, `wildValues`, `freeRangeClaims`, `freeRangeNotClaims`,
 * `confinedValues`, `freeRangeValues` (lexicons/attribute_mismatch.yaml).
 */
import type { AnalysisContext } from "../../context/context.js";
import type { Attr } from "../attributes.js";
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { aspectRule, claimOk, deniedIn, reportClaim, splitWord } from "./shared.js";

const SPIRIT_DATA = { grainSpiritClaims: "list", addedAlcoholTerms: "list", blendedSpiritTypes: "list", denialCues: "list", compareBefore: "list", likenessBefore: "list", likenessAfter: "list" } as const;

/** The terms of `terms` that the values state (not denied), with the attributes that state them. */
function stated(attrs: Attr[], terms: string[], cues: string[]): { terms: string[]; attrs: Attr[] } {
  const found = new Set<string>();
  const by: Attr[] = [];
  for (const a of attrs) {
    const hits = occurrences(a.value, terms).filter((o) => !deniedIn(a.value, o.start, cues));
    if (hits.length) by.push(a);
    for (const h of hits) found.add(h.term);
  }
  return { terms: [...found], attrs: by };
}

/** Does the clause compare the goods with, or liken them to, the claimed kind (比纯粮酒还顺, 像野生的, 跟野生的一样)? */
function likened(ctx: AnalysisContext, c: { start: number; end: number }, data: SharedData<{ compareBefore: "list"; likenessBefore: "list"; likenessAfter: "list" }>): boolean {
  const text = ctx.text;
  const lead = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 8), c.start);
  if ([...data.list("compareBefore"), ...data.list("likenessBefore")].some((w) => lead.includes(w))) return true;
  const tail = text.slice(c.end, Math.min(ctx.clauseEnd(c.end - 1), c.end + 6));
  return data.list("likenessAfter").some((w) => tail.includes(w));
}

export const grainSpiritRule = aspectRule(
  "pure-grain and no-added-alcohol claims checked against a spirit's ingredients and type",
  SPIRIT_DATA,
  ({ ctx, data, report }, attrs) => {
    const cues = data.list("denialCues");
    const alcohol = stated(
      // A spirit's 材质 is its ingredients too (材质: 水、食用酒精、高粱): edible alcohol named under either key.
      attrs.filter((a) => a.kind === "ingredients" || a.kind === "material"),
      data.list("addedAlcoholTerms"),
      cues,
    );
    const blended = stated(attrs, data.list("blendedSpiritTypes"), cues);
    const listing = [...alcohol.attrs, ...blended.attrs];
    if (listing.length === 0) return;
    const says = [...alcohol.terms, ...blended.terms].join("、");
    const text = ctx.text;
    for (const c of occurrences(text, data.list("grainSpiritClaims"))) {
      if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
      if (cues.some((w) => text.endsWith(w, c.start))) continue;
      if (likened(ctx, c, data)) continue;
      reportClaim(report, "ingredients", c, `claims ${c.term}; listing says ${says}`, listing);
    }
  },
);

const WILD_DATA = {
  wildClaims: "list",
  wildNotClaims: "list",
  cultivationKeys: "rawList",
  farmedValues: "list",
  farmedAnyKeyValues: "list",
  farmedAnyKeyKeys: "rawList",
  brandKeys: "rawList",
  wildValues: "list",
  denialCues: "list",
  compareBefore: "list",
  likenessBefore: "list",
  likenessAfter: "list",
} as const;

/** The wild and farmed words of an attribute value, scanned together (仿野生 is farmed, not wild). */
const valueScan = perLexicon((data: SharedData<typeof WILD_DATA>) => [...data.list("wildValues"), ...data.list("farmedValues")]);

/** The wild claims and the words that hold one but claim none, scanned together (one array per lexicon). */
const wildScan = perLexicon((data: SharedData<typeof WILD_DATA>) => [...data.list("wildClaims"), ...data.list("wildNotClaims")]);

type Found = { start: number; end: number; term: string };

/**
 * The attributes whose value holds a word `found` gives as `hits` and none of its `unless` words
 * (neither denied in the value: 非笼养, 不是大棚), with the words they say, joined for the finding.
 */
function attrsSaying(attrs: Attr[], cues: string[], found: (a: Attr) => { hits: Found[]; unless: Found[] } | undefined): { attrs: Attr[]; says: string } {
  const out: Attr[] = [];
  const says = new Set<string>();
  for (const a of attrs) {
    const f = found(a);
    if (!f) continue;
    const hits = f.hits.filter((o) => !deniedIn(a.value, o.start, cues));
    if (hits.length === 0 || f.unless.some((o) => !deniedIn(a.value, o.start, cues))) continue;
    out.push(a);
    for (const h of hits) says.add(h.term);
  }
  return { attrs: out, says: [...says].join("、") };
}

export const wildClaimRule = aspectRule(
  "wild claims checked against an attribute on how the goods were grown or raised",
  WILD_DATA,
  ({ ctx, data, report }, attrs) => {
    const keys = data.rawList("cultivationKeys").map((k) => k.toLowerCase());
    const cues = data.list("denialCues");
    const farmedWords = data.list("farmedValues");
    const wildWords = data.list("wildValues");
    const farmed = attrsSaying(attrs, cues, (a) => {
      const key = a.key.toLowerCase();
      // A variety or a product name (farmedAnyKeyKeys) says farmed only with a word that cannot mean
      // otherwise (品种: 养殖大黄鱼); 适用, 产地 or 规格 name where the goods are used or kept, not how grown.
      const anyKey = !keys.some((k) => key.includes(k));
      if (anyKey && (a.kind === "brand" || data.rawList("brandKeys").some((k) => key.includes(k.toLowerCase())))) return undefined;
      if (anyKey && !data.rawList("farmedAnyKeyKeys").some((k) => key.includes(k.toLowerCase()))) return undefined;
      // 野生采集: the attribute itself says wild (a farmed word it holds, 仿野生, is a farmed one).
      return {
        hits: occurrences(a.value, anyKey ? data.list("farmedAnyKeyValues") : farmedWords),
        unless: occurrences(a.value, valueScan(data)).filter((o) => wildWords.includes(o.term)),
      };
    });
    if (farmed.attrs.length === 0) return;
    reportAgainst(ctx, data, report, occurrences(ctx.text, wildScan(data)), new Set(data.list("wildNotClaims")), farmed.says, farmed.attrs);
  },
);

type ClaimData = SharedData<{ denialCues: "list"; compareBefore: "list"; likenessBefore: "list"; likenessAfter: "list" }>;

/**
 * Reports each claim found (not one of `notClaims`, not denied, negated, split by a pause or
 * likened: 像散养的) against the attributes that say otherwise.
 */
function reportAgainst(
  ctx: AnalysisContext,
  data: ClaimData,
  report: Parameters<typeof reportClaim>[0],
  found: { start: number; end: number; term: string }[],
  notClaims: Set<string>,
  says: string,
  against: Attr[],
): void {
  const cues = data.list("denialCues");
  for (const c of found) {
    if (notClaims.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (cues.some((w) => ctx.text.endsWith(w, c.start))) continue;
    if (likened(ctx, c, data)) continue;
    reportClaim(report, "origin", c, `claims ${c.term}; listing says ${says}`, against);
  }
}

const FREE_RANGE_DATA = {
  freeRangeClaims: "list",
  freeRangeNotClaims: "list",
  cultivationKeys: "rawList",
  confinedValues: "list",
  freeRangeValues: "list",
  denialCues: "list",
  compareBefore: "list",
  likenessBefore: "list",
  likenessAfter: "list",
} as const;

/** The free-range claims and the words that hold one but claim none, scanned together. */
const freeRangeScan = perLexicon((data: SharedData<typeof FREE_RANGE_DATA>) => [...data.list("freeRangeClaims"), ...data.list("freeRangeNotClaims")]);

/**
 * A free-range claim (散养, 山林放养, 跑山鸡, 走地) against an attribute on how the animals
 * were raised (a key holding `cultivationKeys`) whose value says confined (`confinedValues`:
 * 笼养, 圈养, 舍饲) and not free-range (`freeRangeValues`). Word lists in lexicons/attribute_mismatch.yaml.
 */
export const freeRangeRule = aspectRule(
  "free-range claims checked against an attribute on how the animals were raised",
  FREE_RANGE_DATA,
  ({ ctx, data, report }, attrs) => {
    const keys = data.rawList("cultivationKeys").map((k) => k.toLowerCase());
    const cues = data.list("denialCues");
    const confined = attrsSaying(attrs, cues, (a) =>
      keys.some((k) => a.key.toLowerCase().includes(k)) ? { hits: occurrences(a.value, data.list("confinedValues")), unless: occurrences(a.value, data.list("freeRangeValues")) } : undefined,
    );
    if (confined.attrs.length === 0) return;
    reportAgainst(ctx, data, report, occurrences(ctx.text, freeRangeScan(data)), new Set(data.list("freeRangeNotClaims")), confined.says, confined.attrs);
  },
);
