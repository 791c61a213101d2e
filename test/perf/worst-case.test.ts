/**
 * Worst-case inputs cost about what ordinary text of the same length costs.
 * Every case is compared with a clean text of the same length, timed in the same
 * run (the smallest of a few runs each); no absolute times. A stage that is
 * quadratic in the text length shows up as a ratio in the hundreds at this size
 * (before the fixes: "1." × 10,000 was ~1,000× and 九 × 20,000 ~100× a clean text).
 *
 * The timing runs after every other test file (the "perf" project of vitest.config.ts, the
 * last group), in a plain Node process on the compiled engine (bench/worst-case.ts, built by
 * the global setup), as `hegui` runs it: under the test runner's transform every
 * imported binding is a getter call, which the per-hit path pays thousands of times per
 * item and clean text almost never, so the ratio there measured the transform as well.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";

/**
 * Allowed cost per 1,000 characters relative to clean text. Dense cases (a term
 * or a pinyin syllable every few characters: 加微信 × N is a hit every 1.5
 * characters) run every hit through the context steps and scoring, so they cost
 * more per character than text with no hit: measured 8.5–10× for 加微信 on the compiled
 * engine, on a quiet machine (two candidates every three characters, each through context,
 * classifier and scoring; four raw hits every three), 6–7.5× for prices (several price
 * patterns read each pair), 4–5× for pinyin, everything else under 5×. 12× is that plus a
 * little room; a quadratic stage at this size is in the hundreds (see above: an O(hits × n)
 * loop put in on purpose measured 138× for 加微信). The per-hit path is the next thing to
 * make cheaper (issue #15), not this limit.
 */
const FACTOR = 12;

const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

interface CaseResult {
  name: string;
  chars: number;
  msPer1000: number;
  cleanMsPer1000: number;
  ratio: number;
}

const SCRIPT = fileURLToPath(new URL("../../dist/bench/worst-case.js", import.meta.url));

/** Runs the measurement in its own process without blocking this worker (a blocked worker misses the runner's RPC deadline). */
function measure(): Promise<CaseResult[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCRIPT, "--json"], { encoding: "utf8", maxBuffer: 1 << 24, timeout: 240_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${SCRIPT} failed: ${err.message}\n${stderr}`));
      resolve((JSON.parse(stdout) as { results: CaseResult[] }).results);
    });
  });
}

describe("worst-case inputs stay linear (compiled engine, plain Node process)", () => {
  let results: CaseResult[] = [];
  beforeAll(async () => {
    results = await measure();
  }, 300_000);
  const names = [
    ...["one character", '"1." runs', "digits", "digits then a unit", "dots after a digit", "ratio colons", "Chinese numerals", "numerals with units", "a plant then numerals"],
    ...["pinyin", "pinyin run together", "separators", "separators between every character", "dense terms 家人", "dense terms 微信", "dense hits 加微信"],
    ...["clause fixes in an unpunctuated run", "delivery cues and distances", "prices", "emoji", "hearts before 心", "Latin letters", "mixed disguise"],
    ...["a caption of many fragments"],
    // the reproductions, at their sizes
    ...['"1." × 15,000 (30 KB)', '"1" × 100,000', "九 × 100,000", '"1." × 50,000', "加 + 100,000 dashes + 微信", "100,000 emoji"],
  ];

  it("measures every case", () => {
    expect(results.map((r) => r.name).sort()).toEqual([...names].sort());
  });

  it.each(names)("%s", (name) => {
    const r = results.find((x) => x.name === name)!;
    console.log(`${name}: ${r.msPer1000.toFixed(2)} ms / 1,000 chars vs clean ${r.cleanMsPer1000.toFixed(2)}: ${r.ratio.toFixed(2)}×`);
    expect(r.ratio, `${name}: ${r.ratio.toFixed(1)}× clean text of the same length`).toBeLessThanOrEqual(FACTOR);
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
