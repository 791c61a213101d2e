/**
 * attribute_mismatch, figures: a listing attribute that holds one figure (电池健康:
 * 82%, 含量: 20%, 度数: 53度, 燕窝含量: 每碗不足2g) and a claim in the text that names
 * the same attribute (its key as written, `numericKeyAliases`, or the key's
 * thing and measure word apart: 燕窝的含量) with a clearly larger figure
 * (百分之百, 满血, 九成, 两个g, 60度), or, against a figure given as an upper bound
 * (不足2g, 低于5%), a figure at or above it or a word of plenty (含量足, 满满的燕窝).
 * The same figure in other words (百分之八十二 for 82%, 1.8米 for 180cm) is none;
 * nor is a text that states the listing's own figure anywhere (the host says the
 * real value, or corrects themself), a figure asked (电池健康多少), negated, or
 * given as a lower bound (80%以上). Some names follow their figure (十年老桩,
 * 二十年以上的悬崖桩 against 树龄: 5年): `numericNamesAfterFigure` per key, with
 * `numericFigureGaps` allowed between. Word lists: `numericKeyAliases`,
 * `numericKeyMeasures`, `numericKeyAspects`, `numericLinks`, `numericUnits`,
 * `numericFullWords`, `numericUpperBound`, `numericUpperAfter`, `numericLowerAfter`, `numericRangeLinks`
 * (a range 一百二到一百五十厘米 is read as its lower figure in the unit said last),
 * `numericPlentyAfter`, `numericPlentyBefore`, `numericSkipKeys`, with `unitAliases`
 * and `unitScales` of the quantity check (lexicons/attribute_mismatch.yaml).
 */
import { CHINESE_NUMBER_CHARS, NUMBER_SOURCE, parseNumber } from "../../match/numbers.js";
import type { Attr } from "../attributes.js";
import { alternation, perLexicon, type SharedData } from "../rule.js";
import type { Aspect } from "../../types.js";
import { aspectRule, askedAfter, claimOk, longestAffix, reportClaim, splitWord, unitTables } from "./shared.js";

const DATA = {
  numericKeyAliases: "record",
  numericNamesAfterFigure: "record",
  numericFigureGaps: "list",
  numericKeyMeasures: "list",
  numericKeyAspects: "record",
  numericLinks: "list",
  numericUnits: "list",
  numericPercentBefore: "list",
  numericFullWords: "list",
  numericUpperBound: "rawList",
  numericUpperAfter: "list",
  numericLowerAfter: "list",
  numericPlentyAfter: "list",
  numericPlentyBefore: "list",
  numericSkipKeys: "rawList",
  numericRangeLinks: "list",
  unitAliases: "record",
  unitScales: "record",
  colorQuestionAfter: "list",
} as const;

type Data = SharedData<typeof DATA>;

/** A figure in the unit it is compared under (% for 成 and 百分之, g for 斤). */
interface Figure {
  value: number;
  unit: string;
}

/** A listing attribute read as one figure. */
interface NumericAttr {
  attr: Attr;
  fig: Figure;
  /** 不足2g: the real figure is below it. */
  upper: boolean;
  /** The text names for the attribute (key, aliases, 燕窝的含量). */
  names: string[];
  /** The thing measured (燕窝 of 燕窝含量), for a word of plenty before it (满满的燕窝). */
  thing?: string;
  /** Names said after their figure (老桩 of 十年老桩). */
  after: string[];
}

/** 1 at the UTF-16 code of each character a figure may start with (a digit or a Chinese numeral). */
const FIGURE_START = new Uint8Array(0x10000);
for (const c of `0123456789${CHINESE_NUMBER_CHARS}`) FIGURE_START[c.charCodeAt(0)] = 1;

/** A digit or a point (inside a figure), by UTF-16 code. */
function digitOrPoint(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

/** Relative difference below which two figures are the same (rounding: 82% and 百分之八十二点五). */
const SAME = 0.03;

const tables = perLexicon((data: Data) => {
  const { unitOf, scaleOf } = unitTables(data.record("unitAliases"), data.record("unitScales"));
  const units = data.list("numericUnits");
  // 百分之八十二, 82%, 九成, 两个g, 53度: a figure, then a unit (个 before a letter unit: 两个g).
  const percent = data.list("numericPercentBefore");
  const figure = new RegExp(`^(?:(?:${alternation(percent.length ? percent : ["%"])})(${NUMBER_SOURCE})|(${NUMBER_SOURCE})(?:个?(${alternation(units.length ? units : ["%"])}))?)`, "u");
  const aliasOf = new Map<string, string[]>();
  for (const [key, names] of Object.entries(data.record("numericKeyAliases"))) aliasOf.set(key, names);
  const afterOf = new Map<string, string[]>();
  for (const [key, names] of Object.entries(data.record("numericNamesAfterFigure"))) afterOf.set(key, names);
  const aspectOf: Array<[string, Aspect]> = [];
  for (const [aspect, words] of Object.entries(data.record("numericKeyAspects"))) for (const w of words) aspectOf.push([w, aspect as Aspect]);
  return { unitOf, scaleOf, figure, aliasOf, afterOf, aspectOf, percent };
});

/** A unit as compared: folded (克 = g), scaled (斤 = 500 g), 成 as tens of per cent. */
function fold(data: Data, value: number, unit: string): Figure {
  const { unitOf, scaleOf } = tables(data);
  if (unit === "成") return { value: value * 10, unit: "%" };
  const u = unitOf.get(unit) ?? unit;
  const s = scaleOf.get(u);
  return s ? { value: Math.round(value * s.factor * 1000) / 1000, unit: s.base } : { value, unit: u };
}

/** The figure at the start of `s` (百分之百, 82%, 两个g, 九成), with its length; a full word (满血) is 100%. */
function readFigure(data: Data, s: string): { fig: Figure; len: number; unitless: boolean } | undefined {
  const full = longestAffix(s, data.list("numericFullWords"));
  if (full) return { fig: { value: 100, unit: "%" }, len: full.length, unitless: false };
  const m = tables(data).figure.exec(s);
  if (!m) return undefined;
  if (m[1] !== undefined) {
    const v = parseNumber(m[1]);
    return Number.isFinite(v) ? { fig: { value: v, unit: "%" }, len: m[0].length, unitless: false } : undefined;
  }
  const v = parseNumber(m[2]);
  if (!Number.isFinite(v)) return undefined;
  if (m[3] === undefined) return { fig: { value: v, unit: "" }, len: m[0].length, unitless: true };
  return { fig: fold(data, v, m[3]), len: m[0].length, unitless: false };
}

/** An attribute that holds one figure and little else (82%, 每碗不足2g, 53度), read from its normalized value. */
function numericAttr(data: Data, a: Attr): NumericAttr | undefined {
  if (a.kind === "condition" || a.kind === "year" || a.kind === "color") return undefined;
  if (data.rawList("numericSkipKeys").some((w) => a.key.toLowerCase().includes(w.toLowerCase()))) return undefined;
  // The thing named in the value before its measure (阿胶成分每块不到3克, 鲜肉含量30%): read the figure after it.
  let v = a.value;
  let inner: string | undefined;
  const measures = data.list("numericKeyMeasures");
  for (const m of measures) {
    const at = v.indexOf(m);
    if (at >= 2 && at <= 8 && !/[0-9]/u.test(v.slice(0, at)) && /[0-9]/u.test(v.slice(at + m.length))) {
      inner = v.slice(0, at);
      v = v.slice(at + m.length);
      break;
    }
  }
  if (v.length === 0 || v.length > 12) return undefined;
  const digits = [...v.matchAll(/[0-9]+(?:\.[0-9]+)?/gu)];
  if (digits.length !== 1) return undefined;
  const at = digits[0].index!;
  const read = readFigure(data, v.slice(at));
  if (!read || read.unitless) return undefined;
  // Little besides the figure: a bound word and a per-unit phrase (每碗) at most.
  if (v.length - read.len > 5) return undefined;
  const rest = v.slice(at + read.len);
  if (data.list("numericLowerAfter").some((w) => rest.startsWith(w))) return undefined;
  const raw = a.raw;
  const upper = data.rawList("numericUpperBound").some((w) => raw.includes(w)) || data.list("numericUpperAfter").some((w) => rest.startsWith(w));
  const key = a.key.replace(/[\s:：]/gu, "").toLowerCase();
  if (key.length < 2) return undefined;
  const names = [key, ...(tables(data).aliasOf.get(key) ?? [])];
  let thing: string | undefined;
  const measure = longestAffix(key, measures, true);
  if (inner) {
    // Any measure word names the thing's figure (燕窝含量 for a value 燕窝成分 …).
    thing = inner;
    for (const m of measures) names.push(`${inner}${m}`, `${inner}的${m}`);
  } else if (measure && key.length - measure.length >= 2) {
    thing = key.slice(0, -measure.length);
    names.push(`${thing}的${measure}`);
  }
  return { attr: a, fig: read.fig, upper, names, thing, after: tables(data).afterOf.get(key) ?? [] };
}

/** The aspect a figure's claim is typed under (含量: ingredients, 电池健康: condition), quantity by default. */
function aspectOf(data: Data, n: NumericAttr): Aspect {
  if (n.attr.kind !== "other") return n.attr.kind;
  const key = n.attr.key;
  for (const [w, aspect] of tables(data).aspectOf) if (key.includes(w)) return aspect;
  return "quantity";
}

export const numericRule = aspectRule("figures claimed for a listing attribute that holds a figure", DATA, ({ ctx, data, report }, attrs) => {
  const nums = attrs.map((a) => numericAttr(data, a)).filter((n): n is NumericAttr => n !== undefined);
  if (nums.length === 0) return;
  const text = ctx.text;
  const links = data.list("numericLinks");
  const rangeLinks = data.list("numericRangeLinks");
  const plentyAfter = data.list("numericPlentyAfter");
  const plentyBefore = data.list("numericPlentyBefore");
  const question = data.list("colorQuestionAfter");
  const gaps = data.list("numericFigureGaps");
  const { percent } = tables(data);
  const same = (a: Figure, b: Figure) => a.unit === b.unit && Math.abs(a.value - b.value) <= SAME * Math.max(Math.abs(a.value), Math.abs(b.value));
  // Every figure said in the text (82%, 百分之八十二), read once for all the attributes.
  const said: Figure[] = [];
  for (let i = 0; i < text.length; i++) {
    if (FIGURE_START[text.charCodeAt(i)] === 0 || (i > 0 && digitOrPoint(text.charCodeAt(i - 1)))) continue;
    const lead = percent.find((w) => i >= w.length && text.startsWith(w, i - w.length));
    const from = lead ? i - lead.length : i;
    const r = readFigure(data, text.slice(from, from + 16));
    if (r && !r.unitless) said.push(r.fig);
  }
  for (const n of nums) {
    const claims: Array<{ start: number; end: number; term: string; note: string }> = [];
    // The listing's own figure said anywhere: the host gives the real value.
    let stated = said.some((f) => same(f, n.fig));
    if (stated) continue;
    for (const name of new Set(n.names)) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const end = at + name.length;
        if (splitWord(ctx, at, end)) continue;
        let rest = text.slice(end, ctx.clauseEnd(end - 1) + 1);
        const link = longestAffix(rest, links);
        const valueAt = end + (link?.length ?? 0);
        rest = text.slice(valueAt, ctx.clauseEnd(Math.max(valueAt - 1, end - 1)));
        let r = readFigure(data, rest);
        // 一百三到一百六十厘米: a range's lower figure, in the unit said after the upper one.
        if (r?.unitless) {
          const after = rest.slice(r.len);
          const rangeLink = longestAffix(after, rangeLinks);
          const upper = rangeLink ? tables(data).figure.exec(after.slice(rangeLink.length)) : null;
          if (upper && upper[2] !== undefined && upper[3] !== undefined) {
            // Only a range read in one unit (八十到一米五 is two units: left unread).
            const low = fold(data, r.fig.value, upper[3]);
            const high = fold(data, parseNumber(upper[2]), upper[3]);
            if (low.value <= high.value) r = { fig: low, len: r.len + rangeLink!.length + upper[0].length, unitless: false };
          }
        }
        let claimEnd: number;
        let note: string;
        // A figure cut by a mark (90-105cm reads 90105cm) is two figures: none read.
        if (r && ctx.cutAtSeparator(valueAt, valueAt + r.len) < valueAt + r.len) continue;
        if (r) {
          const fig = r.unitless ? { value: r.fig.value, unit: n.fig.unit } : r.fig;
          if (r.unitless && n.fig.unit !== "%" && n.fig.unit !== "度") continue;
          if (fig.unit !== n.fig.unit || same(fig, n.fig)) {
            if (same(fig, n.fig)) stated = true;
            continue;
          }
          if (!(n.upper ? fig.value >= n.fig.value : fig.value > n.fig.value)) continue;
          claimEnd = valueAt + r.len;
          note = `claims ${text.slice(at, claimEnd)}; listing says ${n.attr.key}: ${n.attr.raw}`;
        } else {
          const plenty = n.upper ? longestAffix(rest, plentyAfter) : undefined;
          if (!plenty) continue;
          claimEnd = valueAt + plenty.length;
          note = `claims plenty (${text.slice(at, claimEnd)}); listing says ${n.attr.key}: ${n.attr.raw}`;
        }
        if (!claimOk(ctx, at)) continue;
        const tail = text.slice(claimEnd, Math.min(ctx.clauseEnd(claimEnd - 1), claimEnd + 3));
        if (question.some((w) => tail.includes(w)) || askedAfter(ctx, ctx.clauseEnd(claimEnd - 1) - 1)) continue;
        claims.push({ start: at, end: claimEnd, term: text.slice(at, claimEnd), note });
      }
    }
    // 十年老桩, 二十年以上的悬崖桩: a figure right before a name that follows its figure.
    for (const name of new Set(n.after)) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        if (splitWord(ctx, at, at + name.length)) continue;
        const from = Math.max(ctx.clauseStart(at), at - 12);
        const gap = longestAffix(text.slice(from, at), gaps, true) ?? "";
        const figEnd = at - gap.length;
        let claim: { start: number; fig: Figure } | undefined;
        for (let j = from; j < figEnd && !claim; j++) {
          if (FIGURE_START[text.charCodeAt(j)] === 0 || (j > 0 && digitOrPoint(text.charCodeAt(j - 1)))) continue;
          const r = readFigure(data, text.slice(j, figEnd));
          if (r && !r.unitless && j + r.len === figEnd) claim = { start: j, fig: r.fig };
        }
        if (!claim) continue;
        if (claim.fig.unit !== n.fig.unit) continue;
        if (same(claim.fig, n.fig)) {
          stated = true;
          continue;
        }
        if (!(n.upper ? claim.fig.value >= n.fig.value : claim.fig.value > n.fig.value)) continue;
        if (!claimOk(ctx, claim.start)) continue;
        const end = at + name.length;
        claims.push({ start: claim.start, end, term: text.slice(claim.start, end), note: `claims ${text.slice(claim.start, end)}; listing says ${n.attr.key}: ${n.attr.raw}` });
      }
    }
    // 满满的燕窝, 全是燕窝: plenty said of the thing, against an upper bound.
    if (n.upper && n.thing) {
      for (let at = text.indexOf(n.thing); at >= 0; at = text.indexOf(n.thing, at + 1)) {
        const lead = text.slice(Math.max(ctx.clauseStart(at), at - 6), at);
        const cue = longestAffix(lead, plentyBefore, true);
        if (!cue) continue;
        const start = at - cue.length;
        if (!claimOk(ctx, start) || splitWord(ctx, at, at + n.thing.length)) continue;
        claims.push({ start, end: at + n.thing.length, term: text.slice(start, at + n.thing.length), note: `claims plenty of ${n.thing}; listing says ${n.attr.key}: ${n.attr.raw}` });
      }
    }
    if (stated) continue;
    for (const c of claims) reportClaim(report, aspectOf(data, n), c, c.note, [n.attr]);
  }
});
