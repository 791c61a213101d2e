/**
 * attribute_mismatch, condition: how new second-hand goods are said to be
 * against the listing's condition attribute (成色: 八成新). A grade said as a
 * number (九五新, 95新, 9.5成新, 九成五新, 99新) or a word (全新, 几乎全新, 没怎么用过)
 * above the attribute's grade; a flaw said to be absent (一点磨损都没有, 没有任何
 * 使用痕迹) that a condition attribute states (瑕疵说明: 四角磨损), or, for a
 * flaw named only in general (瑕疵, 使用痕迹), any stated flaw or a grade below
 * near-new. Not a grade said of a part (屏幕是全新的, 换了全新的电池) or of another
 * item on sale (全新未拆封的在二号链接), nor one asked (九五新？没有). Word lists:
 * `conditionTenths`, `conditionNewMarks`, `conditionGrades`, `conditionNotClaims`,
 * `conditionNotAfter`, `conditionAtLeastAfter`, `flawWords`, `flawGeneric`,
 * `conditionPartNouns`, `conditionPartLinks`, `conditionOtherAfter` and the absence
 * cues (lexicons/attribute_mismatch.yaml).
 */
import { DIGIT_CHARS, DIGIT_TEN_CHARS, parseChinese, parseDigitRun } from "../../match/numbers.js";
import type { Attr } from "../attributes.js";
import { alternation, occurrences, perLexicon, type SharedData } from "../rule.js";
import { ABSENCE_DATA, absentAt, askedAfter, claimOk, endsWithAny, kindRule, longestAffix, reportClaim, splitWord } from "./shared.js";

const DATA = {
  conditionTenths: "list",
  conditionNewMarks: "list",
  conditionGrades: "record",
  conditionNotClaims: "list",
  conditionNotAfter: "list",
  conditionAtLeastAfter: "list",
  conditionPartNouns: "list",
  conditionPartLinks: "list",
  conditionPartLinksAfter: "list",
  conditionOtherAfter: "list",
  otherItemAfter: "list",
  otherItemCues: "list",
  flawWords: "list",
  flawGeneric: "list",
  compareBefore: "list",
  likenessBefore: "list",
  colorQuestionAfter: "list",
  denialCues: "list",
  ...ABSENCE_DATA,
} as const;

type Data = SharedData<typeof DATA>;

/** A grade said of the goods this new or newer (a range, 七八成新, claims its lower end). */
const NEAR_NEW = 95;
/** Grades below this are no claim of newness (焕然一新 is no grade). */
const LOWEST_CLAIM = 70;

interface Grade {
  start: number;
  end: number;
  term: string;
  /** Percent new: the range said (七八成新: 70–80), one value for most. */
  low: number;
  high: number;
}

const tables = perLexicon((data: Data) => {
  const gradeOf = new Map<string, number>();
  for (const [grade, words] of Object.entries(data.record("conditionGrades"))) for (const w of words) if (!gradeOf.has(w)) gradeOf.set(w, Number(grade));
  const notClaims = new Set(data.list("conditionNotClaims"));
  const tenths = data.list("conditionTenths");
  const marks = data.list("conditionNewMarks");
  // A run of one or two digits (or 十), a decimal, then a tenths word and a digit (九成五新), then the mark.
  const number =
    tenths.length && marks.length
      ? new RegExp(`(?<![.${DIGIT_TEN_CHARS}])([${DIGIT_TEN_CHARS}]{1,2}(?:\\.[0-9])?)(?:(${alternation(tenths)})([${DIGIT_CHARS}])?)?(?:${alternation(marks)})`, "gu")
      : undefined;
  const flaws = new Set(data.list("flawWords"));
  const generic = new Set(data.list("flawGeneric"));
  return {
    gradeOf,
    notClaims,
    number,
    wordScan: [...gradeOf.keys(), ...notClaims],
    flaws,
    generic,
    flawScan: [...flaws, ...generic],
  };
});

/** One run of digits as a figure: 九 = 9, 九五 = 95, 9.5, 十 = 10. */
function figure(run: string): number {
  const [whole, dec] = run.split(".");
  const digits = parseDigitRun(whole);
  const v = Number.isNaN(digits) ? parseChinese(whole) : digits;
  return dec === undefined ? v : v + Number(`0.${dec}`);
}

/** The grades said as numbers in `text` (九五新, 9成新, 七八成新), with the mark words after them that make none (新款, 新疆). */
function numberGrades(text: string, data: Data): Grade[] {
  const { number } = tables(data);
  if (!number) return [];
  const notAfter = data.list("conditionNotAfter");
  const out: Grade[] = [];
  for (const m of text.matchAll(number)) {
    const end = m.index! + m[0].length;
    if (notAfter.some((w) => text.startsWith(w, end))) continue;
    const run = m[1];
    let low: number;
    let high: number;
    if (m[2] !== undefined) {
      // X成新 is X tenths; X成Y新 and XY成新 (九五成新) X tenths and Y hundredths; XY成新 with Y = X+1 (七八成新) a range.
      const digits = run.includes(".") || run.length === 1 || Number.isNaN(parseDigitRun(run)) ? [figure(run)] : [...run].map((d) => parseDigitRun(d));
      if (digits.length === 2 && digits[1] === digits[0] + 1 && m[3] === undefined) [low, high] = [digits[0] * 10, digits[1] * 10];
      else low = high = digits.length === 2 ? digits[0] * 10 + digits[1] : digits[0] * 10 + (m[3] !== undefined ? parseDigitRun(m[3]) : 0);
    } else {
      // 95新, 九五新: the percent; one digit (9新, 9.5新) is tenths.
      const v = figure(run);
      low = high = run.replace(".", "").length === 1 || run.includes(".") ? v * 10 : v;
    }
    if (!Number.isFinite(low) || !Number.isFinite(high) || low > 100 || high > 100) continue;
    out.push({ start: m.index!, end, term: m[0], low, high });
  }
  return out;
}

/** The grades an attribute value states: numbers and grade words, 100 for one followed by 以上 (9成新以上 allows any newer). */
function attrGrades(a: Attr, data: Data): number[] {
  const { gradeOf, wordScan, notClaims } = tables(data);
  const atLeast = data.list("conditionAtLeastAfter");
  const out: number[] = [];
  const v = a.value;
  const open = (end: number) => atLeast.some((w) => v.startsWith(w, end));
  for (const g of numberGrades(v, data)) out.push(open(g.end) ? 100 : g.high);
  for (const o of occurrences(v, wordScan)) if (!notClaims.has(o.term)) out.push(open(o.end) ? 100 : gradeOf.get(o.term)!);
  return out;
}

export const conditionRule = kindRule("condition", "condition claims checked against the listing's condition attribute", DATA, ({ ctx, data, report }, own) => {
  const { gradeOf, wordScan, notClaims, flaws, generic, flawScan } = tables(data);
  const text = ctx.text;
  const numbers = numberGrades(text, data).filter((g) => g.low >= LOWEST_CLAIM);
  const words = occurrences(text, wordScan).filter((o) => !notClaims.has(o.term));
  const flawHits = occurrences(text, flawScan);
  if (numbers.length === 0 && words.length === 0 && flawHits.length === 0) return;
  const grades = own.flatMap((a) => attrGrades(a, data));
  const attrGrade = grades.length ? Math.max(...grades) : undefined;
  // The flaws the condition attributes state (四角磨损), not those they deny (无明显划痕).
  const stated = new Set<string>();
  for (const a of own)
    for (const o of occurrences(a.value, flawScan))
      if (!absentAt(a.value, 0, a.value.length, o.start, o.end, data) && !endsWithAny(a.value.slice(0, o.start), data.list("denialCues"))) stated.add(o.term);
  if (attrGrade === undefined && stated.size === 0) return;
  const where = own.map((a) => `${a.key}: ${a.raw}`).join(" / ");
  const like = [...data.list("compareBefore"), ...data.list("likenessBefore")];
  const question = data.list("colorQuestionAfter");
  const parts = data.list("conditionPartNouns");
  const partLinks = data.list("conditionPartLinks");
  const partLinksAfter = data.list("conditionPartLinksAfter");
  const otherAfter = [...data.list("conditionOtherAfter"), ...data.list("otherItemAfter")];
  const otherCues = data.list("otherItemCues");
  const said = (c: { start: number; end: number }) => {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) return false;
    const from = ctx.clauseStart(c.start);
    const to = ctx.clauseEnd(c.end - 1);
    const lead = text.slice(Math.max(from, c.start - 6), c.start);
    if (like.some((w) => lead.includes(w))) return false;
    // 非全新, 并非九五新, 不是全新的: the grade denied, no claim of it.
    if (endsWithAny(lead, data.list("denialCues"))) return false;
    // 是九五新的吗, 九五新？没有: asked, not said.
    const tail = text.slice(c.end, Math.min(to, c.end + 3));
    if (question.some((w) => tail.includes(w)) || askedAfter(ctx, to - 1)) return false;
    return true;
  };
  /**
   * Is the grade said of a part (屏幕是全新的, 换了全新的电池, 全新原装屏) or of another item on
   * sale (全新的在二号链接)? A part right before the grade (a link such as 是 between) or right
   * after it (的 between), unbroken by a separator.
   */
  const elsewhere = (c: { start: number; end: number }) => {
    const from = ctx.clauseStart(c.start);
    const to = ctx.clauseEnd(c.end - 1);
    const after = text.slice(c.end, to);
    const next = after.slice((longestAffix(after, partLinksAfter) ?? "").length);
    const nextAt = to - next.length;
    if (parts.some((w) => next.startsWith(w) && ctx.cutAtSeparator(c.end - 1, nextAt + w.length) === nextAt + w.length)) return true;
    const lead = text.slice(Math.max(from, c.start - 8), c.start);
    const bare = lead.slice(0, lead.length - (longestAffix(lead, partLinks, true) ?? "").length);
    const partAt = c.start - (lead.length - bare.length);
    if (parts.some((w) => bare.endsWith(w) && ctx.cutAtSeparator(partAt - w.length, c.start) === c.start)) return true;
    if (otherAfter.some((w) => after.startsWith(w))) {
      const clause = text.slice(from, to);
      if (otherCues.some((w) => clause.includes(w))) return true;
    }
    return false;
  };
  if (attrGrade !== undefined) {
    // A grade word claims newness only from near-new up (轻微划痕 describes a flaw, it claims no grade).
    const wordClaims = words.map((o) => ({ ...o, low: gradeOf.get(o.term)!, high: gradeOf.get(o.term)! })).filter((g) => g.low >= NEAR_NEW);
    const claims: Grade[] = [...numbers, ...wordClaims];
    for (const c of claims.sort((a, b) => a.start - b.start)) {
      if (c.low <= attrGrade || !said(c) || elsewhere(c)) continue;
      reportClaim(report, "condition", c, `claims ${c.term} (${c.low}% new); listing says ${where}`, own);
    }
  }
  for (const f of flawHits) {
    if (!absentAt(text, ctx.clauseStart(f.start), ctx.clauseEnd(f.end - 1), f.start, f.end, data, ctx) || splitWord(ctx, f.start, f.end)) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(f.start), f.start - 6), f.start);
    if (like.some((w) => lead.includes(w))) continue;
    // A flaw named in general (没有任何瑕疵) denies every flaw and any grade below near-new; a named one (没有磨损) that one.
    const against = generic.has(f.term) ? stated.size > 0 || (attrGrade !== undefined && attrGrade < NEAR_NEW) : flaws.has(f.term) && stated.has(f.term);
    if (!against) continue;
    reportClaim(report, "condition", f, `claims no ${f.term}; listing says ${where}`, own);
  }
});
