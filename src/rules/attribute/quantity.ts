/**
 * attribute_mismatch, quantity: a number and unit in the text (一共是十双袜子)
 * above the listing's quantity attribute (3双), or a stated total that differs; not a
 * figure the speaker takes back at once for the listed one (三十枚 哦不对 是二十枚).
 */
import type { AnalysisContext } from "../../context/context.js";
import { MAGNITUDE_CHARS, NUMBER_SOURCE, parseNumber } from "../../match/numbers.js";
import { alternation, perLexicon, type SharedData } from "../rule.js";
import { aspectRule, claimOk, endsWithAny, reportClaim, unitTables } from "./shared.js";

const DATA = {
  quantityUnits: "list",
  unitAliases: "record",
  notTotalBefore: "list",
  quantitySalesBefore: "list",
  vagueBefore: "list",
  limitBefore: "list",
  approximateAfter: "list",
  totalBefore: "list",
  totalLinks: "list",
  tenthsAfterUnits: "list",
  tenthsEndBefore: "list",
  unitScales: "record",
  halfAfterUnits: "list",
  halfEndBefore: "list",
  correctionAfter: "list",
} as const;

interface Tables {
  /** A number followed by a quantity unit. */
  quantity?: RegExp;
  /** Unit -> the name it is compared under (克 -> g). */
  unitOf: Map<string, string>;
  /** Unit (after unitOf) -> the unit it is converted to and the factor (斤 -> g × 500). */
  scaleOf: Map<string, { base: string; factor: number }>;
  /** The data's word lists around a number. */
  words: Record<"notTotal" | "sales" | "vague" | "limit" | "approx" | "totalWords" | "links" | "tenthsUnits" | "tenthsEnds" | "halfUnits" | "halfEnds" | "corrections", string[]>;
}

const tables = perLexicon((data: SharedData<typeof DATA>): Tables => {
  const { unitOf, scaleOf } = unitTables(data.record("unitAliases"), data.record("unitScales"));
  // The word lists around a number, read once per lexicon (not per item).
  const words = {
    notTotal: data.list("notTotalBefore"),
    sales: data.list("quantitySalesBefore"),
    vague: data.list("vagueBefore"),
    limit: data.list("limitBefore"),
    approx: data.list("approximateAfter"),
    totalWords: data.list("totalBefore"),
    links: data.list("totalLinks"),
    tenthsUnits: data.list("tenthsAfterUnits"),
    tenthsEnds: data.list("tenthsEndBefore"),
    halfUnits: data.list("halfAfterUnits"),
    halfEnds: [...data.list("tenthsEndBefore"), ...data.list("halfEndBefore")],
    corrections: data.list("correctionAfter"),
  };
  const t: Tables = { unitOf, scaleOf, words };
  const units = data.list("quantityUnits");
  if (units.length) t.quantity = new RegExp(`(${NUMBER_SOURCE})(${alternation(units)})`, "gu");
  return t;
});

/**
 * The tenths said after the unit (四米五 = 4.5 m, 一米八 = 1.8 m) for the units of
 * `tenthsAfterUnits`: one digit (1–9) right after the unit, then no more of the word
 * (the end, a mark, or a word of `tenthsEndBefore`: 的, 长).
 */
function tenthsAfter(ctx: AnalysisContext, at: number, ends: string[]): number | undefined {
  const text = ctx.text;
  const d = text[at] === undefined ? NaN : parseNumber(text[at]);
  if (!Number.isInteger(d) || d < 1 || d > 9 || (ctx.doc.sep[at] ?? 0) > 0) return undefined;
  const next = text[at + 1];
  if (next !== undefined && (ctx.doc.sep[at + 1] ?? 0) === 0 && /\p{Script=Han}/u.test(next) && !ends.some((w) => text.startsWith(w, at + 1))) return undefined;
  return d / 10;
}

/**
 * A half said after the unit (一斤半, 两公斤半), the word ending there: the end, a mark, a
 * non-Han character or a word of `ends` (tenthsEndBefore and halfEndBefore: 一斤半足, not 一斤半价).
 */
function halfAfter(ctx: AnalysisContext, at: number, ends: string[]): boolean {
  const text = ctx.text;
  if (text[at] !== "半" || (ctx.doc.sep[at] ?? 0) > 0) return false;
  const next = text[at + 1];
  return next === undefined || (ctx.doc.sep[at + 1] ?? 0) > 0 || !/\p{Script=Han}/u.test(next) || ends.some((w) => text.startsWith(w, at + 1));
}

/** Characters after a figure within which the speaker may take it back (一盒三十枚 哦不对不对 是二十枚). */
const CORRECTION_REACH = 16;

/**
 * Is the figure ending at `end` taken back: a correction word (`correctionAfter`: 说错了, 不对不对,
 * 口误) within CORRECTION_REACH characters after it, pauses and fragments included, and a figure
 * the listing holds said within that reach of the word, before or after it (是二十枚 我说错了)?
 */
function takenBack(ctx: AnalysisContext, end: number, re: RegExp, corrections: string[], fits: (said: RegExpMatchArray) => boolean): boolean {
  const text = ctx.text;
  const window = text.slice(end, end + CORRECTION_REACH);
  const at = corrections.map((w) => window.indexOf(w)).filter((i) => i >= 0);
  if (at.length === 0) return false;
  const reach = text.slice(end, end + Math.min(...at) + CORRECTION_REACH * 2);
  // (matchAll works on a copy of the shared global pattern: its lastIndex is left alone)
  for (const m of reach.matchAll(re)) if (fits(m)) return true;
  return false;
}

/** A bare magnitude (万, 千个): vague after 几/上/数, unless it is 十 itself. */
const MAGNITUDE = new RegExp(`^[${MAGNITUDE_CHARS}]+$`, "u");

export const quantityRule = aspectRule("quantity claims checked against the listing's quantity attribute", DATA, ({ ctx, data, report }, attrs) => {
  const { quantity: re, unitOf, scaleOf } = tables(data);
  if (!re) return;
  const unit = (u: string) => unitOf.get(u) ?? u;
  /** A figure in its unit, converted to the unit it is compared under (1.5斤 -> 750 g). */
  const scaled = (v: number, u: string): [number, string] => {
    const s = scaleOf.get(u);
    return s ? [Math.round(v * s.factor * 1000) / 1000, s.base] : [v, u];
  };
  const { notTotal, sales, vague, limit, approx, totalWords, links, tenthsUnits, tenthsEnds, halfUnits, halfEnds, corrections } = tables(data).words;
  const quantityAttrs = attrs.filter((a) => a.kind === "quantity");
  const known = new Map<string, number[]>();
  /** A pack's total (250g*4: 1000 g), by unit: a figure equal to one is no mismatch, though not the listed figure. */
  const totals = new Map<string, number[]>();
  for (const a of quantityAttrs) {
    for (const m of a.value.matchAll(re)) {
      let raw = parseNumber(m[1]);
      let after = m.index! + m[0].length;
      // 两斤半 in the attribute as in the text.
      if (halfUnits.includes(m[2]) && a.value[after] === "半" && Number.isInteger(raw)) {
        raw += 0.5;
        after++;
      }
      const [v, u] = scaled(raw, unit(m[2]));
      if (!Number.isFinite(v)) continue;
      known.set(u, [...(known.get(u) ?? []), v]);
      // (The attribute's value is normalized: 250g*4 reads 250g4, the count right after the unit.)
      const times = /^\s*[*×xX✕]?\s*(\d+)/u.exec(a.value.slice(after));
      if (times) totals.set(u, [...(totals.get(u) ?? []), Math.round(v * Number(times[1]) * 1000) / 1000]);
    }
  }
  if (known.size === 0) return;
  for (const m of ctx.text.matchAll(re)) {
    if (ctx.cutAtSeparator(m.index!, m.index! + m[1].length) < m.index! + m[1].length) continue;
    let v = parseNumber(m[1]);
    let said = m[0];
    if (halfUnits.includes(m[2]) && Number.isInteger(v) && halfAfter(ctx, m.index! + m[0].length, halfEnds)) {
      v += 0.5;
      said = ctx.text.slice(m.index!, m.index! + m[0].length + 1);
    }
    if (tenthsUnits.includes(m[2])) {
      const t = tenthsAfter(ctx, m.index! + m[0].length, tenthsEnds);
      if (t !== undefined && Number.isInteger(v)) {
        v = Math.round((v + t) * 10) / 10;
        said = ctx.text.slice(m.index!, m.index! + m[0].length + 1);
      }
    }
    let u = unit(m[2]);
    [v, u] = scaled(v, u);
    const attrValues = known.get(u);
    if (!attrValues || !Number.isFinite(v) || attrValues.includes(v) || totals.get(u)?.includes(v)) continue;
    const start = m.index!;
    const before = ctx.text.slice(Math.max(0, start - 3), start);
    if (endsWithAny(before, notTotal)) continue;
    if (MAGNITUDE.test(m[1]) && m[1] !== "十" && endsWithAny(before, vague)) continue;
    const clauseBefore = ctx.text.slice(Math.max(ctx.clauseStart(start), start - 8), start);
    if (limit.some((w) => clauseBefore.includes(w))) continue;
    // 月销10w, 卖了10w台: sales or an audience counted, not the goods.
    if (sales.some((w) => clauseBefore.includes(w))) continue;
    if (approx.some((w) => ctx.text.startsWith(w, start + said.length))) continue;
    // 一共是五万斤, 总共有十双: the total word may stand before 是/有.
    let beforeTotal = ctx.text.slice(Math.max(0, start - 4), start);
    const link = links.find((l) => beforeTotal.endsWith(l));
    if (link) beforeTotal = beforeTotal.slice(0, -link.length);
    const total = endsWithAny(beforeTotal, totalWords);
    if (!(total || v > Math.max(...attrValues))) continue;
    // A hundred times the listing's figure, not said to be the total, is the farm's or the shop's
    // stock (十万斤猕猴桃滞销在地里), not what the buyer gets.
    if (!total && v >= 100 * Math.max(...attrValues)) continue;
    if (!claimOk(ctx, start)) continue;
    if (takenBack(ctx, start + said.length, re, corrections, (m2) => {
      const [v2, u2] = scaled(parseNumber(m2[1]), unit(m2[2]));
      return u2 === u && attrValues.includes(v2);
    })) continue;
    reportClaim(report, "quantity", { start, end: start + said.length, term: said }, `claims ${said}; listing says ${attrValues.join("/")}${u}`, quantityAttrs);
  }
});
