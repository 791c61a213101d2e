/**
 * attribute_mismatch, year: the year the goods are said to be of (2006年的老茶,
 * 二〇〇六年压制, 〇六年) against the listing's year attribute (年份: 2019). A year
 * is read as four digits (Arabic or Chinese) or two with a leading zero, before
 * a year word (`yearMarks`), and only in a shape that says it of the goods
 * (2015年份, 2008年的熟普, 零九年压的饼, 这饼是2015年的: `goodsShape`; a listing title
 * or selling point that opens with it: 2006年老班章古树生普); not where it
 * dates something else: an event or a start (成立于, 从…开始, …以来, 1998年就开始,
 * 2022年度: `yearNotBefore`, `yearNotAfter`, `yearNotAfterLinks`), a date (2024年
 * 3月: `yearDateAfter`), a comparison, a later step of making goods whose year
 * the text gives as the listing's (2019年的料，2020年压的饼: `yearStepAfter`). An
 * attribute with several years (2005-2008) allows each year between them; an
 * attribute of the years the goods fit (适用年份: `brandCompatKeys`) is no year of theirs.
 */
import { DIGIT_CHARS, parseDigitRun } from "../../match/numbers.js";
import { alternation, perLexicon, type SharedData } from "../rule.js";
import { claimOk, endsWithAny, kindRule, longestAffix, reportClaim, splitWord } from "./shared.js";

const DATA = {
  yearMarks: "list",
  yearNotBefore: "list",
  yearNotAfter: "list",
  yearNotAfterLinks: "list",
  yearDateAfter: "list",
  yearGoodsAfter: "list",
  yearGoodsLinks: "list",
  yearStepAfter: "list",
  yearClaimBefore: "list",
  yearEventAfter: "list",
  yearClaimEnds: "list",
  brandCompatKeys: "rawList",
  compareBefore: "list",
  likenessBefore: "list",
} as const;

/** Years read (a four-digit figure outside them is no year). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const marks = data.list("yearMarks");
  const digit = `[${DIGIT_CHARS}]`;
  return {
    claim: marks.length ? new RegExp(`(?<!${digit})(${digit}{4}|${digit}{2})(?:${alternation(marks)})`, "gu") : undefined,
    digitRun: new RegExp(`^${digit}*`, "u"),
    /** A year in an attribute value: four digits (Arabic or Chinese, normalized) standing alone (2019, 二〇一九, 2005-2008). */
    attrYear: new RegExp(`(?<!${digit})${digit}{4}(?!${digit})`, "gu"),
  };
});

/** The year a run of digits names: four digits in range, or two with a leading zero (06 = 2006); else undefined. */
function yearOf(run: string): number | undefined {
  const v = parseDigitRun(run);
  if (!Number.isFinite(v)) return undefined;
  if (run.length === 4) return v >= FIRST_YEAR && v <= LAST_YEAR ? v : undefined;
  return parseDigitRun(run[0]) === 0 ? 2000 + v : undefined;
}

/**
 * A year said of the goods, not of an event or a sale (2024年最后一场直播, 1998年就开始做茶,
 * 二〇二三年我们卖了): the year word followed, 的 allowed between (`yearGoodsLinks`), by a word of the goods or
 * of making them (2015年份, 2008年的熟普, 零九年压的饼: `yearGoodsAfter`), or 是 … 年的 (这饼是
 * 2015年的: `yearClaimBefore`) not followed by an event (是2024年的最后一场: `yearEventAfter`),
 * or 年的 closing the clause. Returns the goods word read, or "" for the 是 … 年的 shape; undefined for none.
 */
function goodsShape(text: string, start: number, end: number, clauseStart: number, clauseEnd: number, data: SharedData<typeof DATA>): string | undefined {
  const after = text.slice(end, clauseEnd);
  const link = longestAffix(after, data.list("yearGoodsLinks"));
  const de = link !== undefined;
  const rest = de ? after.slice(link.length) : after;
  const goods = longestAffix(rest, data.list("yearGoodsAfter"));
  if (goods) return goods;
  if (!de) return undefined;
  if (rest.trim() === "" || data.list("yearClaimEnds").some((w) => rest.startsWith(w))) return "";
  const lead = text.slice(Math.max(clauseStart, start - 4), start);
  if (endsWithAny(lead, data.list("yearClaimBefore")) && !data.list("yearEventAfter").some((w) => rest.startsWith(w))) return "";
  return undefined;
}

export const yearRule = kindRule("year", "year claims checked against the listing's year attribute", DATA, ({ ctx, data, report }, all) => {
  const { claim, digitRun, attrYear } = tables(data);
  if (!claim) return;
  // 适用年份: 2018-2023 says which years' cars the goods fit, not the goods' own year.
  const compat = data.rawList("brandCompatKeys").map((k) => k.toLowerCase());
  const own = all.filter((a) => !compat.some((k) => a.key.toLowerCase().includes(k)));
  if (own.length === 0) return;
  const text = ctx.text;
  const said = [...text.matchAll(claim)];
  if (said.length === 0) return;
  const years: number[] = [];
  for (const a of own)
    for (const m of a.value.matchAll(attrYear)) {
      const y = yearOf(m[0]);
      if (y !== undefined) years.push(y);
    }
  if (years.length === 0) return;
  const low = Math.min(...years);
  const high = Math.max(...years);
  const notBefore = data.list("yearNotBefore");
  const notAfter = data.list("yearNotAfter");
  const links = data.list("yearNotAfterLinks");
  const dateAfter = data.list("yearDateAfter");
  const steps = new Set(data.list("yearStepAfter"));
  const like = [...data.list("compareBefore"), ...data.list("likenessBefore")];
  const where = own.map((a) => `${a.key}: ${a.raw}`).join(" / ");
  const claims: Array<{ start: number; end: number; term: string; year: number; goods: string }> = [];
  for (const m of said) {
    const year = yearOf(m[1]);
    if (year === undefined) continue;
    const start = m.index!;
    const end = start + m[0].length;
    if (!claimOk(ctx, start) || splitWord(ctx, start, start + m[1].length)) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(start), start - 6), start);
    if (endsWithAny(lead, notBefore) || like.some((w) => lead.includes(w))) continue;
    // 2006年以来, 1998年就开始, 2022年度: the year of an event or a span; 就/也/都 may come between.
    const link = links.find((w) => text.startsWith(w, end));
    if (notAfter.some((w) => text.startsWith(w, end) || (link !== undefined && text.startsWith(w, end + link.length)))) continue;
    // 2024年3月: a date (of shipping, of a sale), not the goods' year.
    const run = digitRun.exec(text.slice(end, end + 3))![0].length;
    if (run > 0 && dateAfter.some((w) => text.startsWith(w, end + run))) continue;
    // A listing title or selling point that opens with a year names the goods' year (2006年老班章古树生普).
    const seg = ctx.doc.segments[ctx.doc.segAt[start]];
    const opensName = seg.offset === start && (seg.field === "listing.title" || seg.field.startsWith("listing.sellingPoints"));
    const goods = opensName ? "" : goodsShape(text, start, end, ctx.clauseStart(start), ctx.clauseEnd(end - 1), data);
    if (goods === undefined) continue;
    claims.push({ start, end, term: m[0], year, goods });
  }
  // 2019年的料，2020年压的饼: where the listing's year is said of the goods, another year said of a
  // later step of making them (pressing, bottling) dates that step, not the goods.
  const agrees = claims.some((c) => c.year >= low && c.year <= high);
  for (const c of claims) {
    if (c.year >= low && c.year <= high) continue;
    if (agrees && steps.has(c.goods)) continue;
    reportClaim(report, "year", c, `claims ${c.year}; listing says ${where}`, own);
  }
});
