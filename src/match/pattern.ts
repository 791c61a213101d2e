/**
 * The lexicon pattern language (docs/lexicons.md): literal text with bounded
 * slots — {num}, {num>N}, {gap:N}, {@group}, (a|b). Patterns compile to a
 * RegExp whose every quantifier is bounded and whose runs of touching
 * variable-width slots are capped, so matching cannot backtrack catastrophically.
 *
 * Literals between slots do not stop the backtracking: over text where each
 * literal occurs at many places (家人家人… for {gap:20}家{gap:20}人…) every
 * slot's every width is tried with every other's. So the product of all slot
 * widths in the pattern — its worst-case splits per start position — is capped
 * (`MAX_SPLITS`), and `hegui lexicon check` runs each pattern over an adversarial
 * probe text (`CompiledPattern.probe`) against a baseline (src/lexicon/probe.ts).
 */
import { NUMBER_SOURCE, parseNumber } from "./numbers.js";

export interface NumCondition {
  op: ">" | ">=" | "<" | "<=" | "=";
  value: number;
}

export interface CompiledPattern {
  source: string;
  regex: RegExp;
  /** Capture-group index -> numeric condition. */
  conditions: Array<{ group: number; cond?: NumCondition }>;
  /**
   * Strings one of which every match contains (its longest literal, or one
   * alternation's options): a prefilter, so the expression runs only on texts
   * that hold an anchor. Empty when the pattern has no literal part.
   */
  anchors: string[];
  /**
   * For a pattern without anchors: the options of one of its named groups
   * ({@name}), one of which every match contains — a prefilter checked before
   * the expression runs (the pattern keeps its place among the unanchored).
   * Empty when it has none either.
   */
  gate: string[];
  /**
   * Every literal part's options (a literal, an alternation's options, a named
   * group's terms): every match holds one option of each, so a text lacking
   * all options of one cannot match (the prefilter of src/match/hits.ts).
   */
  requires: string[][];
  /** Product of every variable slot's width: the worst-case number of ways to split a match attempt. */
  splits: number;
  /**
   * One period of an adversarial text: every literal part in order (the first
   * option of each choice, a digit for {num}) but the last, so a match attempt
   * tries every split and then fails. Repeated, it is the probe text.
   */
  probe: string;
}

export class PatternError extends Error {}

/**
 * Every quantifier is bounded; slots that touch multiply the ways a match can be
 * split, so a run of touching slots is capped, and so is the number of slots.
 */
const MAX_RUN = 300;
const MAX_VARIABLES = 6;
/** Most splits (product of all slot widths) a pattern may allow. The shipped lexicons reach 52,272 (loose price comparisons, whose literals between the slots keep them fast: the probe in `hegui lexicon check` measures them under 30× a one-gap pattern); the pathological nested-gap pattern is 85,766,121. */
export const MAX_SPLITS = 60_000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function testCond(v: number, c: NumCondition): boolean {
  switch (c.op) {
    case ">": return v > c.value;
    case ">=": return v >= c.value;
    case "<": return v < c.value;
    case "<=": return v <= c.value;
    default: return v === c.value;
  }
}

/**
 * Compile a pattern. `fold` normalizes literal text like the input text;
 * `group` returns the (normalized) terms of a named group or undefined.
 */
export function compilePattern(
  source: string,
  fold: (s: string) => string,
  group: (name: string) => string[] | undefined,
  opts: { maxSplits?: number } = {},
): CompiledPattern {
  const maxSplits = opts.maxSplits ?? MAX_SPLITS;
  let re = "";
  const conditions: CompiledPattern["conditions"] = [];
  let groupNo = 0;
  let i = 0;
  /** Product of the widths of the variable slots in the current run (backtracking bound). */
  let run = 1;
  let variables = 0;
  let splits = 1;
  /** Literal parts in order ("" for a slot), for the probe text. */
  const pieces: Array<{ text: string; literal: boolean }> = [];
  let literal = "";
  const anchorSets: string[][] = [];
  const groupSets: string[][] = [];
  const flushLiteral = () => {
    if (literal) {
      const folded = fold(literal);
      if (folded) {
        anchorSets.push([folded]);
        pieces.push({ text: folded, literal: true });
        re += escape(folded);
        run = 1;
      }
      literal = "";
    }
  };
  const variable = (part: string, width: number, probe: string) => {
    splits *= width;
    pieces.push({ text: probe, literal: false });
    run *= width;
    if (run > MAX_RUN) throw new PatternError(`variable-width slots in a row allow too many splits (${run} > ${MAX_RUN}) in "${source}"`);
    if (++variables > MAX_VARIABLES) throw new PatternError(`more than ${MAX_VARIABLES} variable-width slots in "${source}"`);
    re += part;
  };
  while (i < source.length) {
    const ch = source[i];
    if (ch === "{") {
      const close = source.indexOf("}", i);
      if (close < 0) throw new PatternError(`unclosed "{" in "${source}"`);
      const slot = source.slice(i + 1, close);
      flushLiteral();
      let m: RegExpExecArray | null;
      if ((m = /^num(?:(>=|<=|>|<|=)(\d+(?:\.\d+)?))?$/.exec(slot))) {
        groupNo++;
        conditions.push({ group: groupNo, cond: m[1] ? { op: m[1] as NumCondition["op"], value: Number(m[2]) } : undefined });
        variable(`(${NUMBER_SOURCE})`, 12, "1");
      } else if ((m = /^gap:(\d+)$/.exec(slot))) {
        const n = Number(m[1]);
        if (n < 1 || n > 20) throw new PatternError(`{gap:${n}} must be 1..20 in "${source}"`);
        variable(`[^]{0,${n}}?`, n + 1, "");
      } else if ((m = /^@([\w-]+)$/.exec(slot))) {
        const terms = group(m[1]);
        if (!terms) throw new PatternError(`unknown group "${m[1]}" in "${source}"`);
        const alts = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
        if (alts.length) groupSets.push(alts);
        pieces.push({ text: alts[alts.length - 1] ?? "", literal: true });
        re += `(?:${alts.map(escape).join("|")})`;
        run = 1;
      } else {
        throw new PatternError(`unknown slot {${slot}} in "${source}"`);
      }
      i = close + 1;
    } else if (ch === "(") {
      const close = source.indexOf(")", i);
      if (close < 0) throw new PatternError(`unclosed "(" in "${source}"`);
      flushLiteral();
      const inner = source.slice(i + 1, close);
      if (/[{}()]/.test(inner)) throw new PatternError(`slots and groups are not allowed inside (…|…) in "${source}"`);
      const alts = inner.split("|").map((a) => fold(a));
      if (alts.some((a) => !a)) throw new PatternError(`empty alternative in (…|…) in "${source}": an alternation cannot make its group optional`);
      anchorSets.push(alts);
      pieces.push({ text: alts[0], literal: true });
      re += `(?:${alts.sort((a, b) => b.length - a.length).map(escape).join("|")})`;
      run = 1;
      i = close + 1;
    } else if (ch === "}" || ch === ")" || ch === "|") {
      throw new PatternError(`stray "${ch}" in "${source}"`);
    } else if (ch === "?" || ch === "*") {
      // Read as a literal these would silently never match (normalized text keeps no
      // ? or *): the language has no quantifiers. A + stays a literal (1+1, +v).
      throw new PatternError(`"${ch}" is no quantifier in this pattern language in "${source}": list the alternatives, e.g. (的|地), or use {gap:N}`);
    } else {
      literal += ch;
      i++;
    }
  }
  flushLiteral();
  if (!re) throw new PatternError(`empty pattern "${source}"`);
  if (splits > maxSplits) {
    throw new PatternError(`the slots allow too many ways to split one match attempt (${splits} > ${maxSplits}, the product of their widths; literals between them do not bound it) in "${source}"`);
  }
  const requires = [...anchorSets, ...groupSets];
  // The best anchor set: the one whose shortest member is longest.
  const score = (set: string[]) => Math.min(...set.map((x) => x.length)) - set.length / 100;
  const anchors = anchorSets.sort((a, b) => score(b) - score(a))[0] ?? [];
  const gate = anchors.length ? [] : (groupSets.sort((a, b) => score(b) - score(a))[0] ?? []);
  // The probe leaves out the last literal part: every attempt then fails after trying every split.
  let last = -1;
  pieces.forEach((p, k) => {
    if (p.literal) last = k;
  });
  const probe = pieces.filter((_, k) => k !== last).map((p) => p.text).join("") || "1";
  return { source, regex: new RegExp(re, "gu"), conditions, anchors, gate, requires, splits, probe };
}

export interface PatternHit {
  start: number;
  end: number;
  numbers: number[];
}

/** Run a compiled pattern over normalized text. */
export function runPattern(p: CompiledPattern, text: string): PatternHit[] {
  const out: PatternHit[] = [];
  // exec in a loop, as matchAll does (without its copy of the expression per call).
  const re = p.regex;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      // Step over the empty match, by code point (the expression is unicode).
      const at = re.lastIndex;
      const c = text.charCodeAt(at);
      const d = text.charCodeAt(at + 1);
      re.lastIndex = at + (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1);
      continue;
    }
    const numbers: number[] = [];
    let ok = true;
    for (const { group, cond } of p.conditions) {
      const v = parseNumber(m[group] ?? "");
      numbers.push(v);
      if (cond && !(Number.isFinite(v) && testCond(v, cond))) ok = false;
    }
    if (ok) out.push({ start: m.index!, end: m.index! + m[0].length, numbers });
  }
  return out;
}
