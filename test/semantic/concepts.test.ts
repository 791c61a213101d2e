/** Concept classes combined within a window (lexicons/_concepts.yaml, src/semantic/concepts.ts). */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { checkConceptExamples } from "../../src/lexicon/examples.js";
import { compileLexicon } from "../../src/lexicon/compile.js";
import { LexiconError } from "../../src/lexicon/errors.js";
import { readLexiconDir } from "../../src/lexicon/read.js";
import { createEngine } from "../../src/engine.js";
import { FIXTURE_LEXICONS, shippedEngine } from "../support/engine.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const engine = shippedEngine();
const rules = engine.lexicon.concepts.rules;

describe("shipped concept rules", () => {
  it("are loaded, each citing a rule document and clause", () => {
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const r of rules) expect(r.rule, r.id).toMatch(/《.+》/);
  });
  it.each(rules.map((r) => [r.id, r] as const))("%s: its examples hit and miss as written", (_id, r) => {
    expect(checkConceptExamples(engine, r)).toEqual([]);
  });
});

describe("a concept hit", () => {
  // The fixture lexicons (no sob-story or impersonation entries) with the shipped concepts: the rules alone.
  const dir = mkdtempSync(join(tmpdir(), "hegui-concepts-shipped-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  cpSync(join(root, "lexicons", "_concepts.yaml"), join(dir, "_concepts.yaml"));
  const engine = createEngine({ lexiconDir: dir, classifier: null, semantic: null });
  it("reports which class matched which span, in the original text", () => {
    // Written for this test.
    const text = "我妈生病住院半年了，家人们帮帮忙，买一单红枣吧";
    const v = engine.review({ id: "c1", channel: "script", text });
    const hit = v.violations.find((x) => x.ruleId === "concept.sob-story.hardship-plea");
    expect(hit, JSON.stringify(v.violations)).toBeDefined();
    expect(hit!.category).toBe("sob_story");
    expect(hit!.explain!.variant).toBe("concept");
    const notes = hit!.explain!.steps.filter((s) => s.step === "concept").map((s) => s.note);
    expect(notes.some((n) => /^class hardship: "(生病|住院)"/.test(n))).toBe(true);
    expect(notes.some((n) => /^class plea: "帮帮/.test(n))).toBe(true);
    expect(text.slice(hit!.start, hit!.end)).toBe(hit!.matched);
  });
  it("needs every class within the window", () => {
    const far = "我妈去年生病住院了。" + "今天的天气很好，我们聊聊这款红枣的产地和口感，还有它的吃法和保存方法，".repeat(2) + "大家帮帮忙点个关注";
    expect(engine.review({ id: "c2", channel: "script", text: far }).violations.some((x) => x.ruleId === "concept.sob-story.hardship-plea")).toBe(false);
  });
  it("a class word after a negation cue does not count", () => {
    const v = engine.review({ id: "c3", channel: "script", text: "我们不是官方，也不代表邮政，这款蜂蜜一号链接" });
    expect(v.violations.some((x) => x.ruleId === "concept.impersonation.state-official-selling")).toBe(false);
  });
  it("a class word whose ends fall inside two other words does not count (台风 in 平台|风格)", () => {
    const fires = (text: string) => engine.review({ id: "c5", channel: "script", text }).violations.some((x) => x.ruleId === "concept.hot-event.disaster-selling");
    expect(fires("这个直播平台风格挺好的，大家赶紧下单")).toBe(false);
    expect(fires("台风要来了，大家赶紧下单囤点手电")).toBe(true);
  });
  it("a regulator's warning in the same sentence stops the rule", () => {
    const v = engine.review({ id: "c4", channel: "script", text: "提醒大家，不得借疫情囤货炒作，一号链接这种话术要警惕" });
    expect(v.violations.some((x) => x.ruleId === "concept.hot-event.disaster-selling")).toBe(false);
  });
});

describe("_concepts.yaml validation", () => {
  const dir = mkdtempSync(join(tmpdir(), "hegui-concepts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  const write = (body: string) => writeFileSync(join(dir, "_concepts.yaml"), body);
  const problems = () => {
    try {
      compileLexicon(readLexiconDir(dir));
      return [];
    } catch (e) {
      if (e instanceof LexiconError) return e.problems;
      throw e;
    }
  };
  const rule = (extra: string) => `version: 1
classes:
  aa: [甲乙]
  bb: [丙丁]
rules:
  - id: concept.test
    category: sob_story
    classes: [aa, ${extra}]
    rule: 《测试规范》1.1 测试
    examples: {hit: [甲乙丙丁], miss: [戊己]}
`;
  it("a rule naming an unknown class is refused, naming file, rule and field", () => {
    write(rule("cc"));
    const p = problems();
    expect(p).toEqual([expect.objectContaining({ file: "_concepts.yaml", entry: "concept.test", field: "classes.1" })]);
    expect(p[0].message).toMatch(/unknown class "cc"/);
  });
  it("a bad field is refused with its line", () => {
    write(rule("bb").replace("category: sob_story", "category: nonsense"));
    const p = problems();
    expect(p[0]).toEqual(expect.objectContaining({ file: "_concepts.yaml", field: "rules.0.category", line: 7 }));
  });
  it("a valid file compiles and fires", () => {
    write(rule("bb"));
    const lex = compileLexicon(readLexiconDir(dir));
    expect(lex.concepts.rules.map((r) => r.id)).toEqual(["concept.test"]);
  });
});

describe("concept examples are written fresh", () => {
  const SPLIT = /[，。！？\s、；：,.!?]+/u;
  const sets = [join(root, "..", "shared", "eval", "dev.jsonl"), join(root, "..", "shared", "eval", "real-dev.jsonl"), ...["", "2", "3", "4"].map((n) => join(root, "samples", `holdout${n}.jsonl`))].filter(existsSync);
  const segs = new Map<string, string>();
  for (const f of sets) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as { id: string; text?: string; listing?: { title?: string; description?: string; sellingPoints?: string[] }; fragments?: Array<{ text?: string }> };
      for (const t of [c.text, c.listing?.title, c.listing?.description, ...(c.listing?.sellingPoints ?? []), ...(c.fragments ?? []).map((x) => x.text)]) {
        for (const s of (t ?? "").split(SPLIT)) if ([...s].length >= 8) segs.set(s, c.id);
      }
    }
  }
  it("no example shares an 8+ character clause with an evaluation case", () => {
    const doc = parse(readFileSync(join(root, "lexicons", "_concepts.yaml"), "utf8")) as { rules: Array<{ id: string; examples: { hit: Array<string | { text: string }>; miss: string[] } }> };
    const copies: string[] = [];
    for (const r of doc.rules) {
      for (const e of [...r.examples.hit, ...r.examples.miss]) {
        const ex = typeof e === "string" ? e : e.text;
        for (const s of ex.split(SPLIT)) if (segs.has(s)) copies.push(`${r.id}: ${s} (${segs.get(s)})`);
      }
    }
    expect(sets.length).toBeGreaterThan(0);
    expect(copies).toEqual([]);
  });
});
