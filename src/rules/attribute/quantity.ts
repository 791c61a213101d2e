/**
 * attribute_mismatch, quantity: a number and unit in the text (一共是十双袜子)
 * above the listing's quantity attribute (3双), or a stated total that differs.
 */
import type { AnalysisContext } from "../../context/context.js";
import { NUMBER_SOURCE, parseNumber } from "../../match/numbers.js";
import { alternation, perLexicon, type SharedData } from "../rule.js";
import { aspectRule, claimOk, endsWithAny, reportClaim } from "./shared.js";

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
} as const;

interface Tables {
  /** A number followed by a quantity unit. */
  quantity?: RegExp;
  /** Unit -> the name it is compared under (克 -> g). */
  unitOf: Map<string, string>;
  /** The data's word lists around a number. */
  words: Record<"notTotal" | "sales" | "vague" | "limit" | "approx" | "totalWords" | "links" | "tenthsUnits" | "tenthsEnds", string[]>;
}

const tables = perLexicon((data: SharedData<typeof DATA>): Tables => {
  const unitOf = new Map<string, string>();
  for (const [name, units] of Object.entries(data.record("unitAliases"))) for (const u of units) if (!unitOf.has(u)) unitOf.set(u, name);
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
  };
  const t: Tables = { unitOf, words };
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

/** A bare magnitude (万, 千个): vague after 几/上/数, unless it is 十 itself. */
const MAGNITUDE = /^[十百千万亿]+$/u;

export const quantityRule = aspectRule("quantity claims checked against the listing's quantity attribute", DATA, ({ ctx, data, report }, attrs) => {
  const { quantity: re, unitOf } = tables(data);
  if (!re) return;
  const unit = (u: string) => unitOf.get(u) ?? u;
  const quantityAttrs = attrs.filter((a) => a.kind === "quantity");
  const known = new Map<string, number[]>();
  for (const a of quantityAttrs) {
    for (const m of a.value.matchAll(re)) {
      const v = parseNumber(m[1]);
      if (Number.isFinite(v)) known.set(unit(m[2]), [...(known.get(unit(m[2])) ?? []), v]);
    }
  }
  if (known.size === 0) return;
  const { notTotal, sales, vague, limit, approx, totalWords, links, tenthsUnits, tenthsEnds } = tables(data).words;
  for (const m of ctx.text.matchAll(re)) {
    if (ctx.cutAtSeparator(m.index!, m.index! + m[1].length) < m.index! + m[1].length) continue;
    let v = parseNumber(m[1]);
    const u = unit(m[2]);
    let said = m[0];
    if (tenthsUnits.includes(m[2])) {
      const t = tenthsAfter(ctx, m.index! + m[0].length, tenthsEnds);
      if (t !== undefined && Number.isInteger(v)) {
        v = Math.round((v + t) * 10) / 10;
        said = ctx.text.slice(m.index!, m.index! + m[0].length + 1);
      }
    }
    const attrValues = known.get(u);
    if (!attrValues || !Number.isFinite(v) || attrValues.includes(v)) continue;
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
    reportClaim(report, "quantity", { start, end: start + said.length, term: said }, `claims ${said}; listing says ${attrValues.join("/")}${u}`, quantityAttrs);
  }
});
