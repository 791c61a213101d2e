/**
 * Worst-case inputs cost about what ordinary text of the same length costs.
 * Every case is compared with a clean text of the same length, timed in the same
 * run (the smallest of a few runs each); no absolute times. A stage that is
 * quadratic in the text length shows up as a ratio in the hundreds at this size
 * (before the fixes: "1." × 10,000 was ~1,000× and 九 × 20,000 ~100× a clean text).
 */
import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/engine.js";
import type { Item } from "../../src/types.js";

/** Characters per case: large enough that a quadratic stage dominates, small enough for a loaded machine. */
const N = 20_000;
/**
 * Allowed cost per 1,000 characters relative to clean text. Dense cases (a term
 * or a pinyin syllable every few characters: 加微信 × N is a hit every 1.5
 * characters) run every hit through the context steps and scoring, so they cost
 * more per character than text with no hit: measured 6–7× here for 加微信
 * since the per-hit path got cheaper (10–16× before; two candidates every three
 * characters, each through context, classifier and scoring), 2–8× for pinyin and 微信 runs, everything else under 5×. 12× is
 * that plus room for a busy machine; a quadratic stage at this size is in the
 * hundreds (see above).
 */
const FACTOR = 12;

const fill = (unit: string, n = N) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const CLEAN_UNIT = "今天给大家看一款春季新品连衣裙，面料柔软透气，版型宽松，适合日常通勤穿着，洗后不易变形。";

const CASES: Record<string, (n: number) => string> = {
  "one character": (n) => fill("啊", n),
  '"1." runs': (n) => fill("1.", n),
  "digits": (n) => fill("1", n),
  "digits then a unit": (n) => fill("1", n - 2) + "公里",
  "dots after a digit": (n) => "1" + ".".repeat(n - 1),
  "ratio colons": (n) => fill("1:", n),
  "Chinese numerals": (n) => fill("九", n),
  "numerals with units": (n) => fill("九十", n),
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

function time(engine: Engine, item: Item, runs: number): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    engine.review(item);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The case and its clean text timed in turns (so a busy spell on the machine hits both), best of `rounds` each. */
function ratio(engine: Engine, worst: Item, clean: Item, rounds = 4): { worst: number; base: number; ratio: number } {
  let w = Infinity;
  let b = Infinity;
  for (let r = 0; r < rounds; r++) {
    b = Math.min(b, time(engine, clean, 1));
    w = Math.min(w, time(engine, worst, 1));
  }
  return { worst: w, base: b, ratio: w / b };
}

describe("worst-case inputs stay linear", () => {
  const engine = createEngine({ deadlineMs: Infinity });
  const clean = (n: number): Item => ({ id: "clean", channel: "script", text: fill(CLEAN_UNIT, n) });
  // Warm up the JIT and caches on clean text first.
  time(engine, clean(N), 2);

  it.each(Object.keys(CASES))("%s", (name) => {
    const text = CASES[name](N);
    const item: Item = { id: name, channel: "script", text };
    const r = ratio(engine, item, clean(text.length));
    const k = text.length / 1000;
    console.log(`${name}: ${(r.worst / k).toFixed(2)} ms / 1,000 chars vs clean ${(r.base / k).toFixed(2)}: ${r.ratio.toFixed(2)}×`);
    expect(r.ratio, `${name}: ${r.ratio.toFixed(1)}× clean text of the same length`).toBeLessThanOrEqual(FACTOR);
  });

  it("100,000 emoji", () => {
    const text = fill("😀", 200_000);
    const r = ratio(engine, { id: "emoji", channel: "script", text }, clean(text.length), 2);
    console.log(`100,000 emoji: ${r.ratio.toFixed(2)}×`);
    expect(r.ratio).toBeLessThanOrEqual(FACTOR);
  });

  it("a caption of many fragments", () => {
    const fragments = Array.from({ length: 2_000 }, (_, i) => ({ seq: i + 1, text: "家人们加微信" }));
    const chars = fragments.length * 6;
    const cleanFragments = Array.from({ length: 2_000 }, (_, i) => ({ seq: i + 1, text: CLEAN_UNIT.slice(i % 20, (i % 20) + 6) }));
    const r = ratio(engine, { id: "f", channel: "caption", fragments }, { id: "c", channel: "caption", fragments: cleanFragments });
    console.log(`fragments: ${(r.worst / (chars / 1000)).toFixed(2)} ms / 1,000 chars: ${r.ratio.toFixed(2)}×`);
    expect(r.ratio).toBeLessThanOrEqual(FACTOR);
  });
});

describe("the issue's reproductions, at their sizes", () => {
  const engine = createEngine({ deadlineMs: Infinity });
  const clean = (n: number): Item => ({ id: "clean", channel: "script", text: fill(CLEAN_UNIT, n) });
  it.each([
    ['"1." × 15,000 (30 KB)', "1.".repeat(15_000)],
    ['"1" × 100,000', "1".repeat(100_000)],
    ["九 × 100,000", "九".repeat(100_000)],
    ['"1." × 50,000', "1.".repeat(50_000)],
    ["加 + 100,000 dashes + 微信", "加" + "-".repeat(100_000) + "微信"],
  ])("%s", (name, text) => {
    const r = ratio(engine, { id: "repro", channel: "script", text }, clean(text.length), 2);
    console.log(`${name}: ${r.ratio.toFixed(2)}× clean text of ${text.length} characters`);
    expect(r.ratio).toBeLessThanOrEqual(FACTOR);
  });
});

describe("bounded output", () => {
  const engine = createEngine({ deadlineMs: Infinity });

  it("caps the violations of an item and says so", () => {
    const v = engine.review({ id: "many", channel: "script", text: fill("加微信。", 8_000) });
    expect(v.violations.length).toBe(engine.policy.limits.maxViolations);
    expect(v.truncated).toBe(true);
    expect(v.decision).not.toBe("pass");
    // The first ones by place are kept.
    const starts = v.violations.map((x) => x.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("a truncated verdict does not grow with the text: penalties point only at listed violations", () => {
    const small = engine.review({ id: "s", channel: "script", text: fill("jia wei xin bao cheng huo ", 12_000) });
    const large = engine.review({ id: "l", channel: "script", text: fill("jia wei xin bao cheng huo ", 48_000) });
    expect(small.truncated).toBe(true);
    expect(large.truncated).toBe(true);
    expect(JSON.stringify(large).length).toBeLessThan(JSON.stringify(small).length * 1.2);
    const listed = new Set(large.violations.map((v) => v.id));
    for (const p of large.penalties ?? []) for (const id of p.violationIds ?? []) expect(listed.has(id)).toBe(true);
  });

  it("a short item is not truncated", () => {
    const v = engine.review({ id: "few", channel: "script", text: "加微信，全网最低价" });
    expect(v.violations.length).toBeGreaterThan(0);
    expect(v.truncated).toBeUndefined();
  });

  it("a long run of separators is a break: no hit across it", () => {
    const gap = engine.lexicon.variants.maxGap;
    const near = engine.review({ id: "near", channel: "script", text: "加" + "-".repeat(gap) + "微信" });
    expect(near.violations.map((v) => v.matched)).toContain("加" + "-".repeat(gap) + "微信");
    const far = engine.review({ id: "far", channel: "script", text: "加" + "-".repeat(100_000) + "微信" });
    for (const v of far.violations) expect(v.matched.length).toBeLessThanOrEqual(gap + 3);
    expect(far.violations.map((v) => v.matched)).toEqual(["微信"]);
  });
});
