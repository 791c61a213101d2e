/**
 * Patterns that backtrack catastrophically are refused: by the compiler (the
 * product of all slot widths) and by `hegui lexicon check`'s adversarial probe
 * (time relative to a linear baseline pattern over the same text).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileLexicon } from "../src/lexicon/compile.js";
import { formatProblem, LexiconError } from "../src/lexicon/errors.js";
import { loadLexicon } from "../src/lexicon/index.js";
import { probeLexicon, probePattern } from "../src/lexicon/probe.js";
import { readLexiconDir } from "../src/lexicon/read.js";
import { compilePattern, MAX_SPLITS, PatternError, runPattern } from "../src/match/pattern.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const SLOW = "{gap:20}家{gap:20}人{gap:20}家{gap:20}人{gap:20}家{gap:20}们";
const id = (s: string) => s;
const noGroups = () => undefined;

const root = fileURLToPath(new URL("..", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function lexiconWith(pattern: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hegui-slowpat-"));
  dirs.push(dir);
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  const body =
    "category: counterfeit\nversion: 1\ntitle: t\ndefaults:\n  rule: 《抖音小店运营规范》发布假冒伪劣商品\nentries:\n" +
    `  - id: cf.family\n    patterns: ['${pattern}']\n    examples: {hit: [家人家人家们], miss: [你好]}\n`;
  writeFileSync(join(dir, "counterfeit.yaml"), body);
  return dir;
}

describe("the pattern compiler's budget", () => {
  it("refuses the pattern of the issue, naming the pattern", () => {
    expect(() => compilePattern(SLOW, id, noGroups)).toThrow(PatternError);
    expect(() => compilePattern(SLOW, id, noGroups)).toThrow(new RegExp(`85766121 > ${MAX_SPLITS}.*家`));
  });

  it("refuses it in a lexicon with file, entry, field and pattern", () => {
    let problems: string[] = [];
    try {
      compileLexicon(readLexiconDir(lexiconWith(SLOW)));
    } catch (e) {
      if (!(e instanceof LexiconError)) throw e;
      problems = e.problems.map(formatProblem);
    }
    expect(problems.join("\n")).toMatch(/counterfeit\.yaml(:\d+)?, entry cf\.family, field patterns\.0: .*\{gap:20\}家\{gap:20\}人/);
  });

  it("accepts patterns within the budget, and the budget counts every slot", () => {
    expect(compilePattern("{gap:20}家{gap:20}人{gap:10}们", id, noGroups).splits).toBe(21 * 21 * 11);
    expect(compilePattern("{gap:20}家{gap:20}人{gap:20}们{gap:5}", id, noGroups).splits).toBe(21 * 21 * 21 * 6);
    expect(21 * 21 * 21 * 6).toBeLessThanOrEqual(MAX_SPLITS);
    expect(() => compilePattern("{gap:20}家{gap:20}人{gap:20}们{gap:20}好", id, noGroups)).toThrow(PatternError);
    expect(21 ** 4).toBeGreaterThan(MAX_SPLITS);
  });

  it("every shipped and fixture lexicon compiles", () => {
    expect(loadLexicon().stats.patterns).toBeGreaterThan(100);
    expect(loadLexicon(FIXTURE_LEXICONS).stats.patterns).toBeGreaterThan(0);
  });
});

describe("the adversarial probe", () => {
  it("builds a probe that makes the pattern try every split", () => {
    const p = compilePattern(SLOW, id, noGroups, { maxSplits: Infinity });
    expect(p.probe).toBe("家人家人家");
    // The slow pattern finds nothing in its probe: every attempt fails after all splits.
    expect(runPattern(p, p.probe.repeat(4))).toEqual([]);
  });

  it("refuses the slow pattern relative to the baseline, and passes an ordinary one", () => {
    const slow = probePattern(compilePattern(SLOW, id, noGroups, { maxSplits: Infinity }));
    expect(slow.slow).toBe(true);
    const fine = probePattern(compilePattern("(好评|晒图){gap:8}返{num}(元|块)", id, noGroups));
    expect(fine.slow).toBe(false);
    expect(slow.ratio).toBeGreaterThan(fine.ratio * 10);
  });

  it("passes every pattern of the shipped lexicons", () => {
    const results = probeLexicon(loadLexicon());
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((r) => r.slow).map((r) => `${r.entry}: ${r.source} ${r.ratio.toFixed(0)}×`)).toEqual([]);
  });

  it("hegui lexicon check refuses the lexicon with exit 2, naming file, entry and pattern", () => {
    const r = spawnSync(process.execPath, [join(root, "bin", "hegui.js"), "lexicon", "check", lexiconWith(SLOW)], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/counterfeit\.yaml(:\d+)?, entry cf\.family, field patterns\.0: .*家\{gap:20\}们/);
  });

  it("hegui lexicon check reports the probe on a good lexicon", () => {
    const r = spawnSync(process.execPath, [join(root, "bin", "hegui.js"), "lexicon", "check", FIXTURE_LEXICONS], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/patterns: \d+ probed, slowest .*× baseline/);
  });
});
