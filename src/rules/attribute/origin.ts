/**
 * attribute_mismatch, origin: a place of another province or country than the
 * listing's origin attribute (这是新疆阿克苏的 with 产地 山东烟台), and an import
 * claim on goods of domestic origin. An origin that names the country only
 * (中国, 国产, 中国大陆: data `domesticOrigins`) allows every province; then a
 * foreign place said to be the origin (产地日本, 日本原装) or an import claim
 * contradicts it.
 */
import type { AnalysisContext } from "../../context/context.js";
import type { Attr } from "../attributes.js";
import { occurrences, perLexicon, type RuleContext, type SharedData } from "../rule.js";
import { aspectRule, claimOk, has, PLACE_DATA, placeTables, reportClaim, shippingNote, splitWord } from "./shared.js";

const APPELLATION_DATA = { ...PLACE_DATA, appellations: "record", appellationAreas: "record", originAdminWords: "list", domesticOrigins: "list", denialCues: "list", townSuffixes: "list" } as const;

/** The appellation names and the place compounds that claim none, scanned together (one array per lexicon, so its matcher is built once). */
const appellationScan = perLexicon((data: SharedData<typeof APPELLATION_DATA>) => [...Object.keys(data.record("appellations")), ...placeTables(data).placeNot]);

/**
 * A named appellation (桐木关, 阳澄湖, 五常: data `appellations`, each with the
 * localities that are it) claimed while the origin names another locality of
 * the same province (福建省政和县), or another province when the place table
 * does not already know the name. An origin that names the province only, or a
 * wider area holding the place (`appellationAreas`: 南平 for 桐木关), says
 * nothing against it.
 */
function checkAppellations(
  ctx: AnalysisContext,
  data: SharedData<typeof APPELLATION_DATA>,
  origin: Attr[],
  originRegions: Set<string>,
  attrs: Attr[],
  report: RuleContext["report"],
) {
  if (origin.length === 0) return;
  const apps = data.record("appellations");
  const { region, placeNames, provinces, placeNot } = placeTables(data);
  const areas = data.record("appellationAreas");
  const admin = data.list("originAdminWords");
  const domestic = data.list("domesticOrigins");
  const denial = data.list("denialCues");
  const text = ctx.text;
  const values = origin.map((a) => a.value);
  // Compounds that hold a place but claim none (和田玉, 安吉拉) are scanned with the names: the longest wins.
  for (const c of occurrences(text, appellationScan(data))) {
    if (placeNot.has(c.term) || !(c.term in apps)) continue;
    const localities = [c.term, ...apps[c.term]];
    // An origin that denies the name or one of its localities (苏州某镇（非X湖区）, 非X产区) says the goods are not from it.
    const denied = values.some((v) => localities.some((l) => denial.some((w) => v.includes(w + l))));
    if (!claimOk(ctx, c.start) || (!denied && (splitWord(ctx, c.start, c.end) || has(attrs, c.term)))) continue;
    // The name itself denied and said as a whole word (非五常 against 五常大米) is the denial rule's finding; a town named after it (X湖镇: a word of `townSuffixes` right after the name) is read here.
    if (denied && !data.list("townSuffixes").some((w) => text.startsWith(w, c.end)) && !splitWord(ctx, c.start, c.end) && values.some((v) => denial.some((w) => v.includes(w + c.term)))) continue;
    if (denial.some((w) => text.endsWith(w, c.start))) continue;
    if (!denied && values.some((v) => localities.some((l) => v.includes(l)))) continue;
    // A name whose localities the place table does not hold (狮峰: 西湖) takes its province from the wider area holding it (杭州).
    const province = [...localities, ...(areas[c.term] ?? [])].map((l) => region.get(l)).find((r) => r !== undefined);
    let why: string | undefined;
    if (denied) why = `claims ${c.term}, which the origin denies`;
    else if (province && originRegions.size > 0 && !originRegions.has(province)) {
      // A name the place table knows is judged by province with the other places.
      if (!region.has(c.term)) why = `claims ${c.term} (${province})`;
    } else if (!province || originRegions.has(province)) {
      // What the origin names below its province: a locality of its own, unless a wider area that holds the place.
      const wide = areas[c.term] ?? [];
      const strip = [...wide, ...domestic, ...provinces, ...placeNames.filter((n) => region.get(n) === n)].sort((a, b) => b.length - a.length);
      const rest = values.map((v) => {
        let r = v;
        for (const w of [...strip, ...admin]) r = r.split(w).join("");
        return r.replace(/[^\p{Script=Han}a-z]/gu, "");
      });
      if (rest.some((r) => r.length >= 2)) why = `claims ${c.term}`;
    }
    if (!why || shippingNote(ctx, data, c.start, c.end)) continue;
    reportClaim(report, "origin", c, `${why}; listing origin is ${origin.map((a) => a.raw).join(" / ")}`, origin);
  }
}

export const originRule = aspectRule(
  "place and import claims checked against the listing's origin attribute",
  { ...PLACE_DATA, importCues: "list", importPartAfter: "list", importPartLinks: "list", domesticOrigins: "list", originCueBefore: "list", originCueAfter: "list", denialCues: "list", appellations: "record", appellationAreas: "record", originAdminWords: "list", townSuffixes: "list" },
  ({ ctx, data, report }, attrs) => {
    const { region, placeNames: names, placeScan, placeNot, provinces } = placeTables(data);
    const origin = attrs.filter((a) => a.kind === "origin");
    const originRegions = new Set<string>();
    for (const a of origin) for (const o of occurrences(a.value, names)) originRegions.add(region.get(o.term)!);
    // 中国 / 国产 with no province named: any province is the listing's own; a foreign place must be said to be the origin.
    const countryOnly = originRegions.size === 0 && origin.some((a) => occurrences(a.value, data.list("domesticOrigins")).length > 0);
    if (originRegions.size === 0 && !countryOnly) return;
    const where = () => origin.map((a) => a.raw).join(" / ");
    const text = ctx.text;
    const cueBefore = data.list("originCueBefore");
    const cueAfter = data.list("originCueAfter");
    const denial = data.list("denialCues");
    for (const c of occurrences(text, placeScan)) {
      if (placeNot.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
      // 非新疆籽料, 并非日本产: a place denied right before claims nothing (the negation cues hold no 非).
      if (denial.some((w) => text.endsWith(w, c.start))) continue;
      if (has(attrs, c.term)) continue;
      const reg = region.get(c.term)!;
      if (originRegions.has(reg)) continue;
      if (countryOnly) {
        if (provinces.has(reg)) continue;
        const before = text.slice(Math.max(ctx.sentenceStart(c.start), c.start - 6), c.start);
        const after = text.slice(c.end, Math.min(ctx.sentenceEnd(c.end - 1), c.end + 4));
        if (!cueBefore.some((w) => before.includes(w)) && !cueAfter.some((w) => after.startsWith(w))) continue;
      }
      if (shippingNote(ctx, data, c.start, c.end)) continue;
      reportClaim(report, "origin", c, `claims ${c.term} (${reg}); listing origin is ${where()}`, origin);
    }
    checkAppellations(ctx, data, origin, originRegions, attrs, report);
    const domestic = countryOnly || [...originRegions].every((r) => provinces.has(r));
    if (domestic) {
      const parts = data.list("importPartAfter");
      const links = data.list("importPartLinks");
      for (const c of occurrences(text, data.list("importCues"))) {
        if (!claimOk(ctx, c.start)) continue;
        // 进口机芯, 进口的面料: a part of the goods is imported, not the goods.
        const after = text.slice(c.end, Math.min(ctx.clauseEnd(c.end - 1), c.end + 12));
        if (parts.some((p) => after.startsWith(p) || links.some((l) => after.startsWith(l + p)))) continue;
        reportClaim(report, "origin", c, `claims ${c.term}; listing origin is domestic: ${where()}`, origin);
      }
    }
  },
);
