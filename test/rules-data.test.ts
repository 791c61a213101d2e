/**
 * Rules as data: the code rules hold no word lists (they are lexicon `data:`),
 * each rule declares the data keys it reads, and a lexicon whose file lacks a
 * declared key (or holds one nothing reads) is refused with file, entry and key.
 * What a code rule's finding cites and says (rule, severity, confidence,
 * suggestion, fix) is its category file's `codeRules:`: a rule without it, an
 * id that is no code rule, or an invalid field is refused the same way.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lexiconCheck } from "../src/cli/lexicon-check.js";
import { RULES } from "../src/rules/index.js";
import { codeRuleMetas, dataProblems, defineRule, ruleData, UndeclaredDataError } from "../src/rules/rule.js";
import { createEngine } from "../src/engine.js";
import { copyLexicons } from "./support/lexicon-copy.js";

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
/**
 * Hard-coded word lists: an array or Set of CJK strings, a CJK alternation (a|b, also one-sided:
 * 品牌|brand), a regex character class holding a CJK character ([、和及]), a map with CJK keys, a
 * CJK word tested with includes/startsWith/endsWith.
 */
const WORD_LIST = [
  new RegExp(`[\\[,(]\\s*(["'\`])[^"'\`\\n]*${CJK}[^"'\`\\n]*\\1\\s*[,\\]]`, "u"),
  new RegExp(`${CJK}+\\|${CJK}`, "u"),
  new RegExp(`${CJK}\\|[^|\\s]|[^|\\s]\\|${CJK}`, "u"),
  // a character class: CJK inside [...] with no quote before it (a string array is the first pattern's)
  new RegExp(`\\[(?:\\\\.|[^\\]"'\`\\n\\\\])*${CJK}[^\\]\\n]*\\]`, "u"),
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
    expect(wordLists(`if (/[、,，/和及]/u.test(raw)) continue;`)).toHaveLength(1);
    expect(wordLists(`if (/品牌|brand/u.test(key)) continue;`)).toHaveLength(1);
    expect(wordLists(`if (/^(?:brand|品牌)$/u.test(key)) continue;`)).toHaveLength(1);
    expect(wordLists(`const parts = raw.split(/[、,，;；\\s]+/u);`)).toHaveLength(0);
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
      meta: { id: "x.y", category: "retail_rule", description: "d", data: { cues: "list", units: "record" } },
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

  /** Edit one shipped category file of a scratch copy, and check it. */
  const checkEdited = (category: string, edit: (text: string) => string) =>
    check((dir) => {
      const f = join(dir, `${category}.yaml`);
      const before = readFileSync(f, "utf8");
      const after = edit(before);
      expect(after, "the edit changes the file").not.toBe(before);
      writeFileSync(f, after);
    });

  describe("code rule metadata (codeRules:)", () => {
    it("every code rule has its metadata in its category's shipped file", () => {
      const files = readdirSync(LEXICONS).filter((n) => !n.startsWith("_") && n.endsWith(".yaml"));
      for (const r of RULES) expect(files, r.meta.id).toContain(`${r.meta.category}.yaml`);
      for (const r of RULES) expect(readFileSync(join(LEXICONS, `${r.meta.category}.yaml`), "utf8"), r.meta.id).toContain(`\n  ${r.meta.id}:\n`);
    });

    it("fails on a code rule with no metadata in its file, naming file, rule id and field", async () => {
      const { code, err } = await checkEdited("price_fraud", (t) => t.replace(/^  price_fraud\.invented-original-price:\n(    .*\n)+/m, ""));
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^price_fraud\.yaml, entry price_fraud\.invented-original-price, field codeRules: code rule .* has no metadata here/));
    });

    it("fails on an id that names no code rule (and on the rule it leaves without metadata)", async () => {
      const { code, err } = await checkEdited("retail_rule", (t) => t.replace(/^  retail_rule\.agency-chain-claim:$/m, "  retail_rule.agency-chain:"));
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^retail_rule\.yaml, entry retail_rule\.agency-chain, field codeRules: no code rule has this id \(code rules of retail_rule: .*retail_rule\.agency-chain-claim/));
      expect(err).toContainEqual(expect.stringMatching(/^retail_rule\.yaml, entry retail_rule\.agency-chain-claim, field codeRules: .*has no metadata here/));
    });

    it("fails on a code rule's metadata in another category's file", async () => {
      const block = "  retail_rule.delivery-range:\n    rule: 一条写错地方的引用\n    severity: general\n    confidence: 0.5\n";
      const { code, err } = await checkEdited("price_fraud", (t) => t.replace(/^codeRules:\n/m, `codeRules:\n${block}`));
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^price_fraud\.yaml, entry retail_rule\.delivery-range, field codeRules: a code rule of retail_rule: its metadata belongs in retail_rule\.yaml/));
    });

    it("fails on an invalid field (zod), with the line, rule id and field", async () => {
      const { code, err } = await checkEdited("retail_rule", (t) =>
        t.replace(/(  retail_rule\.delivery-range:\n(?:    .*\n)*?)    confidence: 0\.85\n/, "$1    confidence: 1.5\n").replace(/(  retail_rule\.agency-chain-claim:\n(?:    .*\n)*?)    severity: general\n/, "$1    severity: grave\n"),
      );
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^retail_rule\.yaml:\d+, entry retail_rule\.delivery-range, field codeRules\.confidence: /));
      expect(err).toContainEqual(expect.stringMatching(/^retail_rule\.yaml:\d+, entry retail_rule\.agency-chain-claim, field codeRules\.severity: /));
    });

    it("fails on a missing required field and on an unknown one", async () => {
      const { code, err } = await checkEdited("missing_disclosure", (t) =>
        t.replace(/^(  missing_disclosure\.no-care-instructions:\n)    rule: .*\n/m, "$1    suggestio: 写错的键\n"),
      );
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^missing_disclosure\.yaml:\d+, entry missing_disclosure\.no-care-instructions, field codeRules\.rule: /));
      expect(err).toContainEqual(expect.stringMatching(/^missing_disclosure\.yaml:\d+, entry missing_disclosure\.no-care-instructions, field codeRules: .*suggestio/));
    });

    it("fails on a {NAME} in a suggestion that the rule's code does not give", async () => {
      const { code, err } = await checkEdited("retail_rule", (t) => t.replace("不超过{MAX_DELIVERY_KM}公里", "不超过{MAX_KM}公里"));
      expect(code).toBe(2);
      expect(err).toContainEqual(expect.stringMatching(/^retail_rule\.yaml, entry retail_rule\.delivery-range, field codeRules\.suggestion: \{MAX_KM\} is no value of the rule's code \(it gives: MAX_DELIVERY_KM\)/));
    });

    it("fills a {NAME} of the suggestion from the rule's code", () => {
      const rule = defineRule({ meta: { id: "x.y", category: "retail_rule", description: "d", values: { CAP: 7 }, data: { cues: "list" } }, check() {} });
      const { metas, problems } = codeRuleMetas([rule], [{ file: "retail_rule.yaml", category: "retail_rule", codeRules: { "x.y": { rule: "第一条", severity: "minor", confidence: 0.5, suggestion: "不超过{CAP}公里" } } }]);
      expect(problems).toEqual([]);
      expect(metas.get("x.y")).toEqual({ id: "x.y", category: "retail_rule", file: "retail_rule.yaml", rule: "第一条", severity: "minor", confidence: 0.5, suggestion: "不超过7公里" });
    });

    it("a changed suggestion, confidence and citation in a lexicon copy show up in the verdict, no release needed", () => {
      const item = { id: "d", channel: "caption" as const, text: "配送范围三十公里都能送" };
      const base = createEngine({ lexiconDir: copyLexicons("rulemeta-base"), classifier: null, semantic: null }).review(item);
      const dir = copyLexicons("rulemeta", (d) => {
        const f = join(d, "retail_rule.yaml");
        const t = readFileSync(f, "utf8");
        const edited = t.replace(
          /(  retail_rule\.delivery-range:\n)(?:    .*\n)+?(  \S)/,
          "$1    rule: 第7.1条 配送范围（改过的引用）\n    severity: minor\n    confidence: 0.6\n    suggestion: 写明实际能送到的范围，最远{MAX_DELIVERY_KM}公里\n$2",
        );
        expect(edited).not.toBe(t);
        writeFileSync(f, edited);
      });
      const v = createEngine({ lexiconDir: dir, classifier: null, semantic: null }).review(item);
      const was = base.violations.find((x) => x.ruleId === "retail_rule.delivery-range");
      const now = v.violations.find((x) => x.ruleId === "retail_rule.delivery-range");
      expect(was).toMatchObject({ suggestion: "配送范围按门店实际配送能力设置，不超过20公里", rule: "《【即时零售】鲜花行业管理规范》7.1 实际配送范围最高20km", severity: "general", confidence: 0.85 });
      expect(now).toMatchObject({ suggestion: "写明实际能送到的范围，最远20公里", rule: "第7.1条 配送范围（改过的引用）", severity: "minor", confidence: 0.6, field: was!.field, start: was!.start, end: was!.end });
    });
  });
});
