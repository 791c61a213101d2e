/**
 * attribute_mismatch, year: the year the goods are said to be of (2006年的老茶,
 * 二〇〇六年压制, 〇六年) against the listing's year attribute (年份: 2019). A year
 * is read as four digits (Arabic or Chinese) or two with a leading zero, before
 * a year word (`yearMarks`); not where it dates something else: an event or a
 * start (成立于, 从…开始, …以来: `yearNotBefore`, `yearNotAfter`), a date (2024年
 * 3月: `yearDateAfter`), a comparison. An attribute with several years (2005-2008)
 * allows each year between them.
 */
import { DIGIT_CHARS, parseDigitRun } from "../../match/numbers.js";
import { alternation, perLexicon, type SharedData } from "../rule.js";
import { claimOk, endsWithAny, kindRule, reportClaim, splitWord } from "./shared.js";

const DATA = {
  yearMarks: "list",
  yearNotBefore: "list",
  yearNotAfter: "list",
  yearDateAfter: "list",
  compareBefore: "list",
  likenessBefore: "list",
} as const;

/** Years read (a four-digit figure outside them is no year). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;

/** A year in an attribute value: four Arabic digits standing alone (2019, 2019年春, 2005-2008). */
const ATTR_YEAR = /(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])/gu;

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const marks = data.list("yearMarks");
  const digit = `[${DIGIT_CHARS}]`;
  return {
    claim: marks.length ? new RegExp(`(?<!${digit})(${digit}{4}|${digit}{2})(?:${alternation(marks)})`, "gu") : undefined,
    digitRun: new RegExp(`^${digit}*`, "u"),
  };
});

/** The year a run of digits names: four digits in range, or two with a leading zero (06 = 2006); else undefined. */
function yearOf(run: string): number | undefined {
  const v = parseDigitRun(run);
  if (!Number.isFinite(v)) return undefined;
  if (run.length === 4) return v >= FIRST_YEAR && v <= LAST_YEAR ? v : undefined;
  return parseDigitRun(run[0]) === 0 ? 2000 + v : undefined;
}

export const yearRule = kindRule("year", "year claims checked against the listing's year attribute", DATA, ({ ctx, data, report }, own) => {
  const { claim, digitRun } = tables(data);
  if (!claim) return;
  const text = ctx.text;
  const said = [...text.matchAll(claim)];
  if (said.length === 0) return;
  const years: number[] = [];
  for (const a of own) for (const m of a.raw.matchAll(ATTR_YEAR)) years.push(Number(m[0]));
  if (years.length === 0) return;
  const low = Math.min(...years);
  const high = Math.max(...years);
  const notBefore = data.list("yearNotBefore");
  const notAfter = data.list("yearNotAfter");
  const dateAfter = data.list("yearDateAfter");
  const like = [...data.list("compareBefore"), ...data.list("likenessBefore")];
  const where = own.map((a) => `${a.key}: ${a.raw}`).join(" / ");
  for (const m of said) {
    const year = yearOf(m[1]);
    if (year === undefined || (year >= low && year <= high)) continue;
    const start = m.index!;
    const end = start + m[0].length;
    if (!claimOk(ctx, start) || splitWord(ctx, start, start + m[1].length)) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(start), start - 6), start);
    if (endsWithAny(lead, notBefore) || like.some((w) => lead.includes(w))) continue;
    if (notAfter.some((w) => text.startsWith(w, end))) continue;
    // 2024年3月: a date (of shipping, of a sale), not the goods' year.
    const run = digitRun.exec(text.slice(end, end + 3))![0].length;
    if (run > 0 && dateAfter.some((w) => text.startsWith(w, end + run))) continue;
    reportClaim(report, "year", { start, end, term: m[0] }, `claims ${year}; listing says ${where}`, own);
  }
});
