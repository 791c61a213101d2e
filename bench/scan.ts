/**
 * Scan throughput in-process: the full pipeline against three baselines run on
 * the same texts with the same lexicon terms, interleaved run by run so each
 * run's ratios come from one stretch of the machine's load:
 *
 * - `@monyone/aho-corasick` (its double-array build, `/fast`),
 * - `modern-ahocorasick`,
 * - a plain V8 RegExp alternation of the terms (longest first).
 *
 * `ratioToFastest` is the pipeline's chars/s over the faster of the RegExp
 * alternation and `@monyone/aho-corasick` (median over runs of each run's
 * ratio); the same for captions alone (items of ≤ 50 characters, where the
 * fixed per-item cost shows). The stage split (normalize, match, context,
 * rules, model, score) comes from one extra instrumented pass.
 */
import { AhoCorasick as MonyoneAhoCorasick } from "@monyone/aho-corasick/fast";
import AhoCorasick from "modern-ahocorasick";
import { analyze, stageTimes, type StageTimes } from "../src/analyze.js";
import { Deadline } from "../src/deadline.js";
import type { Engine } from "../src/engine.js";
import { itemFields } from "../src/doc/document.js";
import type { Item } from "../src/types.js";

/** Minimum, median and maximum of a set of runs. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

export function spread(xs: number[], digits = 0): Spread {
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { min: r(s[0]), median: r(median), max: r(s[s.length - 1]), runs: xs.map(r) };
}

export interface MatcherResult {
  charsPerSec: Spread;
  itemsPerSec: Spread;
  /** Characters per second of this process's CPU time (less moved by other processes than wall time). */
  charsPerCpuSec: Spread;
}

export interface StageCost {
  /** Microseconds per 1,000 characters. */
  usPer1000Chars: number;
  /** Microseconds per item. */
  usPerItem: number;
  share: number;
}

export interface ScanSet {
  items: number;
  chars: number;
  pipeline: MatcherResult;
  baselines: { monyone: MatcherResult; modernAhoCorasick: MatcherResult; regex: MatcherResult; regexChunked: MatcherResult };
  fastestBaseline: "monyone" | "regex";
  /** Pipeline chars/s over the fastest anchor's (RegExp alternation, @monyone/aho-corasick), each run; and its spread. */
  ratioToFastest: Spread;
  ratioToFastestCpu: Spread;
  ratioToRegexChunked: Spread;
  ratioToModernAhoCorasick: Spread;
  violations: number;
}

type Fn = (i: number) => number;
type Matcher = "pipeline" | "monyone" | "modernAhoCorasick" | "regex" | "regexChunked";
const MATCHERS: Matcher[] = ["pipeline", "monyone", "modernAhoCorasick", "regex", "regexChunked"];

/** Items per block: the matchers take turns block by block, so a burst of load on the machine falls on all of them. */
const BLOCK = 100;

/** One run: wall and CPU seconds of each matcher over all items, interleaved by block. */
function timeRun(n: number, fns: Record<Matcher, Fn>): { wall: Record<Matcher, number>; cpu: Record<Matcher, number> } {
  const wall = Object.fromEntries(MATCHERS.map((m) => [m, 0])) as Record<Matcher, number>;
  const cpu = { ...wall };
  let sink = 0;
  for (let b = 0; b < n; b += BLOCK) {
    const e = Math.min(n, b + BLOCK);
    for (const m of MATCHERS) {
      const fn = fns[m];
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = b; i < e; i++) sink += fn(i);
      wall[m] += Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(c0);
      cpu[m] += (c.user + c.system) / 1e6;
    }
  }
  if (sink < 0) throw new Error("unreachable");
  return { wall, cpu };
}

function runSet(engine: Engine, items: Item[], rounds: number, re: RegExp[], mony: MonyoneAhoCorasick, modern: AhoCorasick, log: (s: string) => void, label: string): ScanSet {
  const fields = items.map((it) => itemFields(it).map((f) => f.text));
  const chars = fields.reduce((n, fs) => n + fs.reduce((m, t) => m + t.length, 0), 0);
  const n = items.length;
  const [whole, ...chunks] = re;
  const fns: Record<Matcher, Fn> = {
    pipeline: (i) => engine.review(items[i]).violations.length,
    monyone: (i) => fields[i].reduce((k, t) => k + mony.matchInText(t).length, 0),
    modernAhoCorasick: (i) => fields[i].reduce((k, t) => k + modern.search(t).length, 0),
    regex: (i) => fields[i].reduce((k, t) => k + (t.match(whole)?.length ?? 0), 0),
    regexChunked: (i) => fields[i].reduce((k, t) => chunks.reduce((kk, r) => kk + (t.match(r)?.length ?? 0), k), 0),
  };
  // Warm-up: every matcher once over a slice (V8 tiers regexps and functions up).
  for (const m of MATCHERS) for (let i = 0; i < Math.min(n, 300); i++) fns[m](i);
  const wall: Record<Matcher, number[]> = { pipeline: [], monyone: [], modernAhoCorasick: [], regex: [], regexChunked: [] };
  const cpu: Record<Matcher, number[]> = { pipeline: [], monyone: [], modernAhoCorasick: [], regex: [], regexChunked: [] };
  for (let r = 0; r < rounds; r++) {
    const t = timeRun(n, fns);
    for (const m of MATCHERS) {
      wall[m].push(t.wall[m]);
      cpu[m].push(t.cpu[m]);
    }
    const f = (m: Matcher) => Math.round(chars / t.wall[m]).toLocaleString("en-US");
    log(`  ${label} run ${r + 1}/${rounds} (chars/s): pipeline ${f("pipeline")}, monyone ${f("monyone")}, regex ${f("regex")}, regex chunked ${f("regexChunked")}, modern-ahocorasick ${f("modernAhoCorasick")}`);
  }
  const result = (m: Matcher): MatcherResult => ({
    charsPerSec: spread(wall[m].map((s) => chars / s)),
    itemsPerSec: spread(wall[m].map((s) => n / s)),
    charsPerCpuSec: spread(cpu[m].map((s) => chars / s)),
  });
  const fastest = spread(wall.monyone).median <= spread(wall.regex).median ? "monyone" : "regex";
  let violations = 0;
  for (let i = 0; i < n; i++) violations += fns.pipeline(i);
  const ratio = (t: Record<Matcher, number[]>, to: (r: number) => number) => spread(t.pipeline.map((s, r) => to(r) / s), 4);
  return {
    items: n,
    chars,
    pipeline: result("pipeline"),
    baselines: { monyone: result("monyone"), modernAhoCorasick: result("modernAhoCorasick"), regex: result("regex"), regexChunked: result("regexChunked") },
    fastestBaseline: fastest,
    // Per run: the pipeline over the faster of the two anchors in that same run (wall time, and CPU time of this process).
    ratioToFastest: ratio(wall, (r) => Math.min(wall.monyone[r], wall.regex[r])),
    ratioToFastestCpu: ratio(cpu, (r) => Math.min(cpu.monyone[r], cpu.regex[r])),
    ratioToRegexChunked: ratio(wall, (r) => wall.regexChunked[r]),
    ratioToModernAhoCorasick: ratio(wall, (r) => wall.modernAhoCorasick[r]),
    violations,
  };
}

/** Cost per stage: one instrumented pass of the whole pipeline (analyze's stages, the learned model, scoring). */
function stageSplit(engine: Engine, items: Item[], chars: number): Record<keyof StageTimes | "model" | "score", StageCost> {
  const st = stageTimes();
  let model = 0;
  let score = 0;
  const lex = engine.lexicon;
  for (const item of items) {
    const deadline = Deadline.none();
    const a = analyze(item, lex, { deadline, stages: st });
    let t = performance.now();
    const withModel = engine.withModel(a, item.channel, lex);
    model += performance.now() - t;
    t = performance.now();
    engine.verdict(item, withModel.candidates, lex.version, { deadline });
    score += performance.now() - t;
  }
  const ms = { ...st, model, score };
  const total = Object.values(ms).reduce((a, b) => a + b, 0);
  const out = {} as Record<keyof typeof ms, StageCost>;
  for (const [k, v] of Object.entries(ms) as Array<[keyof typeof ms, number]>) {
    out[k] = {
      usPer1000Chars: Math.round(((v * 1000) / chars) * 1000 * 10) / 10,
      usPerItem: Math.round(((v * 1000) / items.length) * 10) / 10,
      share: Math.round((v / total) * 1000) / 1000,
    };
  }
  return out;
}

export interface ScanBench {
  terms: number;
  all: ScanSet;
  captions: ScanSet;
  stages: { all: Record<string, StageCost>; captions: Record<string, StageCost> };
}

/** Terms per alternation of the chunked RegExp baseline. */
const REGEX_CHUNK = 2000;

/** Items of at most this many characters are the captions set. */
export const CAPTION_MAX_CHARS = 50;

export function benchScan(engine: Engine, items: Item[], rounds = 3, log: (s: string) => void = () => {}): ScanBench {
  const terms = [...new Set(engine.lexicon.entries.flatMap((e) => [...e.terms.values()]))];
  const alt = (ts: string[]) =>
    new RegExp(
      ts
        .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .sort((a, b) => b.length - a.length)
        .join("|"),
      "g",
    );
  // The plain alternation of all terms; and the same terms in alternations of at most REGEX_CHUNK terms each:
  // past about 20 KB of pattern V8 no longer compiles a regexp to machine code and interprets it (100x slower).
  const re = [alt(terms)];
  for (let k = 0; k < terms.length; k += REGEX_CHUNK) re.push(alt(terms.slice(k, k + REGEX_CHUNK)));
  const mony = new MonyoneAhoCorasick(terms);
  const modern = new AhoCorasick(terms);
  const short = items.filter((it) => itemFields(it).reduce((n, f) => n + f.text.length, 0) <= CAPTION_MAX_CHARS);
  log(`scan: ${items.length.toLocaleString("en-US")} items, ${rounds} runs; captions alone: ${short.length.toLocaleString("en-US")} items ≤ ${CAPTION_MAX_CHARS} chars`);
  const all = runSet(engine, items, rounds, re, mony, modern, log, "all");
  const captions = runSet(engine, short, rounds, re, mony, modern, log, "captions");
  const shortChars = captions.chars;
  return {
    terms: terms.length,
    all,
    captions,
    stages: { all: stageSplit(engine, items, all.chars), captions: stageSplit(engine, short, shortChars) },
  };
}
