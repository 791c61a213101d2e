/**
 * Worst-case inputs against clean text of the same length, on the compiled engine in a plain Node
 * process (what `hegui` runs): each case and its clean text are timed in turns, the smallest of a
 * few runs each, and reported as a ratio (no absolute times). test/perf/worst-case.test.ts runs this
 * and holds every ratio under its limit.
 *
 *   node --expose-gc dist/bench/worst-case.js [--json] [--only NAME] [--rounds N] [--clock wall|cpu]
 *
 * Why a process of its own: under the test runner the engine's source is transformed so that every
 * imported binding is read through a getter, which the per-hit path pays thousands of times per item
 * and clean text almost never; the ratio then measures the transform. With --expose-gc, garbage left
 * by one timed run is collected before the next starts (not the default: a run after a full
 * collection pays for growing the young generation again, which makes the ratios noisier).
 * --clock cpu times the process's CPU (all its threads) instead of the wall clock.
 */
import { pathToFileURL } from "node:url";
import { createEngine, type Engine } from "../src/engine.js";
import type { Item } from "../src/types.js";
import { machine } from "./machine.js";

/** Characters per case: large enough that a quadratic stage dominates, small enough for a loaded machine. */
export const N = 20_000;

export const fill = (unit: string, n = N) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
export const CLEAN_UNIT = "今天给大家看一款春季新品连衣裙，面料柔软透气，版型宽松，适合日常通勤穿着，洗后不易变形。";

/** Inputs of N characters that once made a stage quadratic, or that are dense in hits. */
export const CASES: Record<string, (n: number) => string> = {
  "one character": (n) => fill("啊", n),
  '"1." runs': (n) => fill("1.", n),
  "digits": (n) => fill("1", n),
  "digits then a unit": (n) => fill("1", n - 2) + "公里",
  "dots after a digit": (n) => "1" + ".".repeat(n - 1),
  "ratio colons": (n) => fill("1:", n),
  "Chinese numerals": (n) => fill("九", n),
  "numerals with units": (n) => fill("九十", n),
  // a live plant makes the care check look for a price said (三十九块) in the whole text
  "a plant then numerals": (n) => "月季" + fill("九", n - 2),
  "pinyin": (n) => fill("jia wei xin bao cheng huo ", n),
  "pinyin run together": (n) => fill("jiaweixinbaochenghuo", n),
  "separators": (n) => "加" + "-".repeat(n - 3) + "微信",
  "separators between every character": (n) => fill("加 ", n),
  "dense terms 家人": (n) => fill("家人", n),
  "dense terms 微信": (n) => fill("微信", n),
  "dense hits 加微信": (n) => fill("加微信", n),
  // a claim whose fix deletes its clause, in a caption run with no clause mark (only spaces)
  "clause fixes in an unpunctuated run": (n) => fill("家人们这个月季包成活 今天下单还送花盆 ", n),
  "delivery cues and distances": (n) => fill("配送30公里", n),
  "prices": (n) => fill("原价999现价9块9", n),
  "emoji": (n) => fill("😀", n),
  "hearts before 心": (n) => fill("❤心", n),
  "Latin letters": (n) => fill("v", n),
  "mixed disguise": (n) => fill("加V薇信 jia wei xin 1.2.3 九九九 家人们 😀-- 國家級 ", n),
};

/** The reproductions, at their own sizes. */
export const REPRODUCTIONS: Array<[string, string]> = [
  ['"1." × 15,000 (30 KB)', "1.".repeat(15_000)],
  ['"1" × 100,000', "1".repeat(100_000)],
  ["九 × 100,000", "九".repeat(100_000)],
  ['"1." × 50,000', "1.".repeat(50_000)],
  ["加 + 100,000 dashes + 微信", "加" + "-".repeat(100_000) + "微信"],
  ["100,000 emoji", fill("😀", 200_000)],
];

export interface CaseResult {
  name: string;
  chars: number;
  /** Milliseconds per 1,000 characters, the case and its clean text (smallest of the rounds). */
  msPer1000: number;
  cleanMsPer1000: number;
  ratio: number;
}

const collect: () => void = typeof (globalThis as { gc?: () => void }).gc === "function" ? (globalThis as unknown as { gc: () => void }).gc : () => {};

/** Milliseconds of CPU this process spent (all its threads: the garbage collector's helpers too). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let clock: () => number = () => performance.now();

/** `times` reviews of one item timed as one block, per review. */
function block(engine: Engine, item: Item, times = 1): number {
  collect();
  const t0 = clock();
  for (let i = 0; i < times; i++) engine.review(item);
  return (clock() - t0) / times;
}

/**
 * The case and its clean text timed in turns (a busy spell on the machine hits both), smallest of
 * `rounds` each. The clean text is timed in blocks of as many reviews as make one review of the
 * case (a clean review is several times shorter): a run of 5 ms finds a quiet spell on a busy
 * machine far more often than one of 50 ms, and the smallest of a few short runs would set the
 * case against a clean time no long run could reach.
 */
export function ratio(engine: Engine, worst: Item, clean: Item, chars: number, name: string, rounds = 6): CaseResult {
  const w0 = block(engine, worst);
  const b0 = block(engine, clean);
  const times = Math.max(1, Math.min(50, Math.round(w0 / Math.max(b0, 1e-3))));
  let w = w0;
  let b = b0;
  for (let r = 0; r < rounds; r++) {
    b = Math.min(b, block(engine, clean, times));
    w = Math.min(w, block(engine, worst));
  }
  const k = chars / 1000;
  return { name, chars, msPer1000: w / k, cleanMsPer1000: b / k, ratio: w / b };
}

export function measure(opts: { only?: string; rounds?: number } = {}): CaseResult[] {
  const engine = createEngine({ deadlineMs: Infinity });
  const clean = (n: number): Item => ({ id: "clean", channel: "script", text: fill(CLEAN_UNIT, n) });
  // Warm up the JIT and caches on clean text first.
  for (let i = 0; i < 2; i++) engine.review(clean(N));
  const want = (name: string) => !opts.only || name === opts.only;
  const out: CaseResult[] = [];
  for (const [name, make] of Object.entries(CASES)) {
    if (!want(name)) continue;
    const text = make(N);
    out.push(ratio(engine, { id: name, channel: "script", text }, clean(text.length), text.length, name, opts.rounds));
  }
  if (want("a caption of many fragments")) {
    const fragments = Array.from({ length: 2_000 }, (_, i) => ({ seq: i + 1, text: "家人们加微信" }));
    const cleanFragments = Array.from({ length: 2_000 }, (_, i) => ({ seq: i + 1, text: CLEAN_UNIT.slice(i % 20, (i % 20) + 6) }));
    out.push(
      ratio(engine, { id: "f", channel: "caption", fragments }, { id: "c", channel: "caption", fragments: cleanFragments }, 12_000, "a caption of many fragments", opts.rounds),
    );
  }
  for (const [name, text] of REPRODUCTIONS) {
    if (!want(name)) continue;
    out.push(ratio(engine, { id: "repro", channel: "script", text }, clean(text.length), text.length, name, 2));
  }
  return out;
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rounds = arg("--rounds") ? Number(arg("--rounds")) : undefined;
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) {
    console.error(`--rounds: a whole number above 0, not ${arg("--rounds")}`);
    process.exit(2);
  }
  const c = arg("--clock") ?? "wall";
  if (c !== "cpu" && c !== "wall") {
    console.error(`--clock: cpu or wall, not ${c}`);
    process.exit(2);
  }
  clock = c === "cpu" ? cpuMs : () => performance.now();
  const only = arg("--only");
  if (only && !(only in CASES) && only !== "a caption of many fragments" && !REPRODUCTIONS.some(([n]) => n === only)) {
    console.error(`--only: no case named ${JSON.stringify(only)}`);
    process.exit(2);
  }
  const results = measure({ only, rounds });
  const gc = typeof (globalThis as { gc?: unknown }).gc === "function";
  if (argv.includes("--json")) {
    console.log(JSON.stringify({ machine: machine(), gcBetweenRuns: gc, results }));
    return;
  }
  console.log(`worst-case inputs vs clean text of the same length (${machine().cpu}; ${gc ? "garbage collected between runs" : "run with --expose-gc to collect garbage between runs"})`);
  for (const r of results) console.log(`${r.name.padEnd(36)} ${r.msPer1000.toFixed(2).padStart(6)} ms / 1,000 chars vs clean ${r.cleanMsPer1000.toFixed(2)}: ${r.ratio.toFixed(2)}×`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
