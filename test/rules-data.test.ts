/**
 * Rules as data: the code rules hold no word lists (they are lexicon `data:`),
 * each rule declares the data keys it reads, and a lexicon whose file lacks a
 * declared key (or holds one nothing reads) is refused with file, entry and key.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lexiconCheck } from "../src/cli/lexicon-check.js";
import { RULES } from "../src/rules/index.js";
import { dataProblems, defineRule, ruleData, UndeclaredDataError } from "../src/rules/rule.js";

const RULES_DIR = fileURLToPath(new URL("../src/rules", import.meta.url));
const LEXICONS = fileURLToPath(new URL("../lexicons", import.meta.url));

function sources(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith(".ts")) out.push({ file: path, text: readFileSync(path, "utf8") });
  }
  return out;
}

/** Source without comments (line and block), so words quoted in documentation do not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const CJK = "[\\u3400-\\u9fff]";
/** Hard-coded word lists: an array or Set of CJK strings, a CJK alternation (a|b), a map with CJK keys, a CJK word tested with includes/startsWith/endsWith. */
const WORD_LIST = [
  new RegExp(`[\\[,(]\\s*(["'\`])[^"'\`\\n]*${CJK}[^"'\`\\n]*\\1\\s*[,\\]]`, "u"),
  new RegExp(`${CJK}+\\|${CJK}`, "u"),
  new RegExp(`[{,]\\s*${CJK}+\\s*:`, "u"),
  new RegExp(`\\.(includes|startsWith|endsWith|indexOf|has)\\(\\s*(["'\`])[^"'\`\\n]*${CJK}`, "u"),
];

function wordLists(text: string): string[] {
  return code(text)
    .split("\n")
    .filter((line) => WORD_LIST.some((re) => re.test(line)));
}

describe("no word lists in src/rules/", () => {
  it("finds the kinds of list it is for (so the check below can fail)", () => {
    expect(wordLists(`const PROVINCES = new Set([\n  "北京", "天津",\n]);`)).toHaveLength(1);
    expect(wordLists(`const SHIPPING = ["欢迎", "除外"];`)).toHaveLength(1);
    expect(wordLists(`if (/(超出|超过|以外)$/.test(x)) continue;`)).toHaveLength(1);
    expect(wordLists(`const map = { 克: "g", 千克: "kg" };`)).toHaveLength(1);
    expect(wordLists(`if (!text.includes("模具")) return;`)).toHaveLength(1);
    expect(wordLists(`// 北京, 天津 in a comment\nconst x = ["a", "b"];`)).toHaveLength(0);
  });

  it("holds no CJK string arrays, alternations, maps or word tests in any rule module", () => {
    const found = sources(RULES_DIR).flatMap((s) => wordLists(s.text).map((l) => `${s.file}: ${l.trim()}`));
    expect(found).toEqual([]);
  });
});

describe("declared data keys", () => {
  it("every rule declares what it reads, and the shipped lexicons hold every declared key", () => {
    for (const r of RULES) expect(Object.keys(r.meta.data).length, r.meta.id).toBeGreaterThan(0);
  });

  it("a rule's view throws on a key the rule does not declare (shared helpers are typed loosely)", () => {
    const view = ruleData({ brands: ["a"] }, { brands: ["a"] }, { brands: "list" });
    expect(view.list("brands")).toEqual(["a"]);
    expect(() => view.list("brandz")).toThrow(UndeclaredDataError);
    expect(() => view.record("brands")).toThrow(/declared as a list/);
  });

  it("dataProblems names the rule and the key a file lacks or holds in another shape", () => {
    const rule = defineRule({
      meta: { id: "x.y", category: "retail_rule", rule: "rule", severity: "general", confidence: 0.5, description: "d", data: { cues: "list", units: "record" } },
      check() {},
    });
    const p = dataProblems([rule], new Map([["retail_rule", { cues: { a: ["b"] } }]]));
    expect(p.map((x) => [x.rule, x.key])).toEqual([
      ["x.y", "cues"],
      ["x.y", "units"],
    ]);
    expect(p[0].message).toMatch(/as a list; the file has a record/);
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function check(edit: (dir: string) => void): Promise<{ code: number; err: string[] }> {
    const dir = mkdtempSync(join(tmpdir(), "hegui-data-"));
    dirs.push(dir);
    cpSync(LEXICONS, dir, { recursive: true });
    edit(dir);
    const err: string[] = [];
    const code = await lexiconCheck(dir, { out: () => {}, err: (l) => err.push(l), stdoutIsTTY: false }, { examples: false });
    return { code, err };
  }

  it("`hegui lexicon check` fails on a misspelled data key with file, entry and key", async () => {
    const { code, err } = await check((dir) => {
      const f = join(dir, "attribute_mismatch.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/^  brandAssertBefore:/m, "  brandAsertBefore:"));
    });
    expect(code).toBe(2);
    expect(err).toContainEqual(expect.stringMatching(/^attribute_mismatch\.yaml, entry attribute_mismatch\.claim-vs-attributes, field data\.brandAssertBefore: .*does not have/));
    // The misspelled key itself is read by nothing: named too.
    expect(err).toContainEqual(expect.stringMatching(/^attribute_mismatch\.yaml, field data\.brandAsertBefore: .*read by no code rule/));
  });

  it("`hegui lexicon check` fails on a data list nothing reads", async () => {
    const { code, err } = await check((dir) => {
      const f = join(dir, "price_fraud.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/^data:\n/m, "data:\n  nowPriceCues: [今天]\n"));
    });
    expect(code).toBe(2);
    expect(err).toContainEqual(expect.stringMatching(/^price_fraud\.yaml, field data\.nowPriceCues: .*read by no code rule/));
  });

  it("the shipped lexicons pass", async () => {
    const { code, err } = await check(() => {});
    expect(err).toEqual([]);
    expect(code).toBe(0);
  });
});
