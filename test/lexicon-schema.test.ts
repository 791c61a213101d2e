/** Lexicon validation: every error names the file, the entry and the field. */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, LexiconError } from "../src/lexicon/errors.js";
import { readLexiconDir } from "../src/lexicon/read.js";
import { compileLexicon } from "../src/lexicon/compile.js";
import { compilePattern, PatternError } from "../src/match/pattern.js";
import fc from "fast-check";
import { FIXTURE_LEXICONS } from "./support/engine.js";

function withFile(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hegui-lex-"));
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  writeFileSync(join(dir, name), body);
  return dir;
}

function problems(dir: string): string[] {
  try {
    compileLexicon(readLexiconDir(dir));
  } catch (e) {
    if (e instanceof LexiconError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

const head = "category: counterfeit\nversion: 1\ntitle: t\ndefaults:\n  rule: 《抖音小店运营规范》发布假冒伪劣商品\nentries:\n";

describe("lexicon validation", () => {
  it("names file, line, entry and field for a schema error", () => {
    const dir = withFile("counterfeit.yaml", head + "  - id: cf.x\n    terms: [高仿]\n    severity: awful\n    examples: {hit: [高仿], miss: [你好]}\n");
    const p = problems(dir);
    expect(p.some((s) => /counterfeit\.yaml:\d+, entry cf\.x, field severity/.test(s))).toBe(true);
  });
  it("rejects an entry without examples", () => {
    const p = problems(withFile("counterfeit.yaml", head + "  - id: cf.y\n    terms: [高仿]\n"));
    expect(p.join("\n")).toMatch(/entry cf\.y, field examples/);
  });
  it("rejects unsafe or broken patterns and unknown groups", () => {
    const p = problems(withFile("counterfeit.yaml", head + "  - id: cf.z\n    patterns: ['{gap:9}{gap:9}{num}']\n    near: {groups: [nosuch]}\n    examples: {hit: [a], miss: [b]}\n"));
    expect(p.join("\n")).toMatch(/entry cf\.z, field patterns\.0/);
    expect(p.join("\n")).toMatch(/entry cf\.z, field near\.groups\.0/);
  });
  it("an unless list may name groups: unknown ones are errors, known ones stop the entry like its own words", () => {
    const p = problems(withFile("counterfeit.yaml", head + "  - id: cf.u\n    terms: [高仿]\n    unless: {groups: [nosuch], terms: [正品]}\n    examples: {hit: [高仿], miss: [b]}\n"));
    expect(p.join("\n")).toMatch(/entry cf\.u, field unless\.groups\.0.*unknown group "nosuch"/);
    const lex = compileLexicon(readLexiconDir(withFile("counterfeit.yaml", head + "  - id: cf.u\n    terms: [高仿]\n    unless: {groups: [contact], terms: [正品]}\n    examples: {hit: [高仿], miss: [b]}\n")));
    const u = lex.entries.find((e) => e.id === "cf.u")!.unless;
    expect(u).toContain("私聊");
    expect(u).toContain("正品");
    const plain = compileLexicon(readLexiconDir(withFile("counterfeit.yaml", head + "  - id: cf.v\n    terms: [高仿]\n    unless: [正品]\n    examples: {hit: [高仿], miss: [b]}\n")));
    expect(plain.entries.find((e) => e.id === "cf.v")!.unless).toEqual(["正品"]);
  });
  it("rejects YAML syntax errors with a line", () => {
    const p = problems(withFile("counterfeit.yaml", head + "  - id: [unclosed\n"));
    expect(p[0]).toMatch(/counterfeit\.yaml:\d+/);
  });
  it("rejects duplicate ids and a category that does not match the file", () => {
    const dup = problems(withFile("counterfeit.yaml", head + "  - id: fx.lowest\n    terms: [高仿]\n    examples: {hit: [高仿], miss: [你好]}\n"));
    expect(dup.join("\n")).toMatch(/duplicate id/);
    const wrong = problems(withFile("bad_values.yaml", head.replace("entries:\n", "entries: []\n")));
    expect(wrong.join("\n")).toMatch(/bad_values\.yaml.*field category/);
  });
  it("versions lexicons by content", () => {
    const a = readLexiconDir(FIXTURE_LEXICONS).version;
    const b = readLexiconDir(withFile("bad_values.yaml", "category: bad_values\nversion: 1\ntitle: t\ndefaults:\n  rule: 《x》3.2.2\n")).version;
    expect(a).not.toBe(b);
  });
});

describe("lexicon data is never executed", () => {
  it("refuses or ignores YAML tags that would build code", () => {
    const p = problems(withFile("counterfeit.yaml", head + "  - id: cf.code\n    terms: [!!js/function 'function () { process.exit(9) }']\n    examples: {hit: [高仿], miss: [你好]}\n"));
    expect(p.join("\n")).toMatch(/counterfeit\.yaml:\d+.*tag/i);
  });
  it("takes regular-expression syntax in a pattern as literal text, and refuses the quantifiers ? and *", () => {
    const fold = (s: string) => s;
    const p = compilePattern("(a+)+b.[c]$^", fold, () => undefined);
    expect("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".match(p.regex)).toBeNull();
    expect("x a++b.[c]$^ y".match(p.regex)?.[0]).toBe("a++b.[c]$^");
    // Read literally they would never match normalized text: an author who wrote them meant a quantifier.
    expect(() => compilePattern("(a+)+b.*c", fold, () => undefined)).toThrow(PatternError);
    expect(() => compilePattern("好(的)?", fold, () => undefined)).toThrow(PatternError);
  });
  it("compiles every pattern to bounded quantifiers only (property)", () => {
    const piece = fc.oneof(
      fc.constantFrom("{num}", "{num>5}", "{gap:3}", "{gap:20}", "(包|保)", "*", "+", "?", ".", "\\", "[", "]", "^", "$"),
      fc.string({ minLength: 1, maxLength: 3 }).filter((s) => !/[{}()|]/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (parts) => {
        let p;
        try {
          p = compilePattern(parts.join(""), (s) => s, () => undefined);
        } catch (e) {
          expect(e).toBeInstanceOf(PatternError);
          return;
        }
        // Strip escapes and classes; what remains may hold only {n,m} and lazy ? after them.
        const bare = p.regex.source.replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
        expect(bare).not.toMatch(/[*+]|\{\d+,\}/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("pattern alternations", () => {
  it("refuse an empty alternative, which would silently make a group required", () => {
    expect(() => compilePattern("买(一|)送", (s) => s, () => undefined)).toThrow(/empty alternative/);
  });
});

describe("per-term pinyin and example spans", () => {
  const entry = (examples: string) =>
    head.replace(/counterfeit/g, "false_efficacy") +
    "  - id: fe.lower\n    pinyin: latin\n    fuzzy: false\n    terms: [降糖, { term: 降血压, pinyin: homophone }]\n" +
    examples;
  const file = "false_efficacy.yaml";

  it("a term with its own pinyin mode is read in it; the entry's other terms keep the entry's", async () => {
    const { createEngine } = await import("../src/engine.js");
    const dir = withFile(file, entry("    examples: {hit: [降糖], miss: [姜糖水]}\n"));
    const engine = createEngine({ lexiconDir: dir, classifier: null, semantic: null });
    const hits = (text: string) => engine.review({ id: "p", channel: "script", text }).violations.filter((v) => v.ruleId === "fe.lower").map((v) => v.matched);
    expect(hits("这个茶能降血丫")).toEqual(["降血丫"]); // homophone of the term in homophone mode
    expect(hits("这个茶能 jiang tang")).toEqual(["jiang tang"]); // latin reading of a latin-mode term
    expect(hits("冬天喝姜糖水")).toEqual([]); // no homophone reading of a latin-mode term
  });

  it("an example's stated span must be the words the hit rests on", async () => {
    const { createEngine } = await import("../src/engine.js");
    const { checkAllExamples } = await import("../src/lexicon/examples.js");
    const ok = withFile(file, entry("    examples: {hit: [{text: 这个茶能降血丫, span: 降血丫}], miss: [姜糖水]}\n"));
    expect(checkAllExamples(createEngine({ lexiconDir: ok, classifier: null, semantic: null })).filter((f) => f.entry === "fe.lower")).toEqual([]);
    const bad = withFile(file, entry("    examples: {hit: [{text: 这个茶能降血丫, span: 这个茶}], miss: [姜糖水]}\n"));
    const f = checkAllExamples(createEngine({ lexiconDir: bad, classifier: null, semantic: null })).filter((x) => x.entry === "fe.lower");
    expect(f).toMatchObject([{ file, entry: "fe.lower", field: "examples.hit.0.span", message: 'expected the hit on "这个茶", got "降血丫"' }]);
  });

  it("a term's pinyin mode is one of none, latin, homophone (named with file, entry and field)", () => {
    const p = problems(withFile(file, head.replace(/counterfeit/g, "false_efficacy") + "  - id: fe.x\n    terms: [{ term: 降糖, pinyin: sound }]\n    examples: {hit: [降糖], miss: [你好]}\n"));
    expect(p.join("\n")).toMatch(/false_efficacy\.yaml:\d+, entry fe\.x, field terms\.0/);
  });
});

describe("terms in two entries (a warning of `hegui lexicon check`)", () => {
  it("counts a term listed in two entries and two spellings of one term in one entry, and names them", async () => {
    const { lintLexicon, sharedTermGroups } = await import("../src/lexicon/lint.js");
    const { lexiconCheck } = await import("../src/cli/lexicon-check.js");
    const dir = withFile(
      "counterfeit.yaml",
      head +
        "  - id: cf.a\n    terms: [高仿, 一比一复刻, the best, thebest]\n    examples: {hit: [高仿包], miss: [你好]}\n" +
        "  - id: cf.b\n    terms: [高仿, A货]\n    pinyin: latin\n    examples: {hit: [A货包], miss: [你好]}\n",
    );
    const files = readLexiconDir(dir);
    const lint = lintLexicon(files, compileLexicon(files));
    expect(sharedTermGroups(lint.sharedTerms)).toContainEqual({ entries: ["cf.a", "cf.b"], terms: ["高仿"] });
    expect(lint.respelled).toContainEqual({ file: "counterfeit.yaml", entry: "cf.a", spellings: ["the best", "thebest"] });
    const out: string[] = [];
    const code = await lexiconCheck(dir, { out: (l) => out.push(l), err: () => {}, stdoutIsTTY: false }, { examples: false, duplicates: true });
    expect(code).toBe(0); // a warning, no refusal
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^warning: ${lint.sharedTerms.length} terms are listed in two or more entries`)));
    expect(out).toContainEqual("  cf.a + cf.b: 1 terms: 高仿");
    expect(out).toContainEqual('  counterfeit.yaml, entry cf.a: "the best" and "thebest" are one term');
  });
});
