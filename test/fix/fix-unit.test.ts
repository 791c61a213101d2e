/** Fixes: clause ranges, fix specs, choosing among overlapping fixes, validation of fix specs. */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyToText, selectFixes, setFieldText } from "../../src/fix/apply.js";
import { clauseRange, makeFix, type FixTarget } from "../../src/fix/make.js";
import { compileLexicon } from "../../src/lexicon/compile.js";
import { formatProblem, LexiconError } from "../../src/lexicon/errors.js";
import { readLexiconDir } from "../../src/lexicon/read.js";
import type { Fix } from "../../src/types.js";
import { Engine } from "../../src/engine.js";
import { checkEntryExamples } from "../../src/lexicon/examples.js";
import { loadPolicy } from "../../src/score/policy.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";

const del = (t: string, word: string, listing = false) => {
  const s = t.indexOf(word);
  const r = clauseRange(t, s, s + word.length, listing);
  if (!r) throw new Error(`no clause around ${word}`);
  return t.slice(0, r.start) + t.slice(r.end);
};

describe("clauseRange", () => {
  it("reads no clause in a long run without a clause mark (linear in the text)", () => {
    const run = "家人们这个包成活 ".repeat(100);
    expect(clauseRange(run, 450, 453)).toBeUndefined();
    expect(clauseRange(`短句里有包成活，${run}`, 4, 7)).toEqual({ start: 0, end: 8 });
  });
  it("takes the clause and the comma after it", () => {
    expect(del("先看颜色，这个能治好胃病，再看做工。", "治好")).toBe("先看颜色，再看做工。");
  });
  it("takes the comma before a clause that ends its sentence and keeps the full stop", () => {
    expect(del("先看颜色，这个能治好胃病。下一款", "治好")).toBe("先看颜色。下一款");
  });
  it("takes a whole sentence with its end marks", () => {
    expect(del("这个能治好胃病！！然后看下一款", "治好")).toBe("然后看下一款");
  });
  it("keeps a newline", () => {
    expect(del("第一行\n这个能治好胃病\n第三行", "治好")).toBe("第一行\n\n第三行");
  });
  it("does not cut at a decimal point", () => {
    expect(del("只要9.9元包治百病，快来", "包治百病")).toBe("快来");
  });
  it("takes a bracketed clause with its brackets", () => {
    expect(del("兰花两苗【包成活】送肥料", "包成活")).toBe("兰花两苗送肥料");
  });
  it("ends clauses at spaces in listing fields only", () => {
    expect(del("月季盆栽 包成活 四季开花", "包成活", true)).toBe("月季盆栽 四季开花");
    expect(del("月季盆栽 包成活 四季开花", "包成活", false)).toBe("");
  });
});

const target = (text: string, word: string, extra: Partial<FixTarget> = {}): FixTarget => {
  const start = text.indexOf(word);
  const end = start + word.length;
  return { fieldText: text, field: "text", spans: [{ field: "text", start, end }], start, end, term: word, normalized: word, ...extra };
};

describe("makeFix", () => {
  it("replaces by term, strips a superlative, deletes a term or a clause", () => {
    expect(makeFix({ replace: { 最低价: "优惠价" } }, target("今天最低价，快拍", "最低价"))).toMatchObject({ start: 2, end: 5, text: "优惠价", kind: "replace" });
    expect(makeFix({ strip: ["最"] }, target("这是最好用的锅", "最好用的"))).toMatchObject({ text: "好用的", kind: "replace" });
    expect(makeFix({ delete: "term" }, target("这是顶级面料", "顶级"))).toMatchObject({ start: 2, end: 4, text: "", kind: "delete-term" });
    expect(makeFix({ delete: "clause" }, target("面料不错，吃了能治胃病，快拍", "治胃病"))).toMatchObject({ start: 5, end: 12, text: "", kind: "delete-clause" });
  });
  it("falls back in order, and offers nothing where nothing applies", () => {
    // A replacement map without this term, then strip that changes nothing (a pinyin reading), then delete.
    expect(makeFix({ replace: { 最低价: "优惠价" }, delete: "term" }, target("今天zuidijia快拍", "zuidijia", { term: "最便宜" }))).toMatchObject({ text: "", kind: "delete-term" });
    expect(makeFix({ strip: ["最"] }, target("今天zuihaode锅", "zuihaode"))).toBeUndefined();
    expect(makeFix("none", target("今天最低价", "最低价"))).toBeUndefined();
    expect(makeFix(undefined, target("今天最低价", "最低价"))).toBeUndefined();
  });
  it("offers no fix that would empty the field, or for a hit across fields", () => {
    expect(makeFix({ delete: "clause" }, target("吃了能治胃病", "治胃病"))).toBeUndefined();
    expect(makeFix({ delete: "term" }, target("包治百病！", "包治百病"))).toBeUndefined();
    const t = target("吃了能治胃病，快拍", "治胃病");
    expect(makeFix({ delete: "clause" }, { ...t, spans: [...t.spans, { field: "fragments[1].text", start: 0, end: 1 }] })).toBeUndefined();
  });
  it("a deleted term that leaves an empty clause takes the clause", () => {
    expect(makeFix({ delete: "term" }, target("好锅，没有之一，快拍", "没有之一"))).toMatchObject({ start: 3, end: 8, kind: "delete-clause" });
  });
});

describe("applying fixes", () => {
  const f = (start: number, end: number, text = ""): Fix => ({ field: "text", start, end, text, kind: text ? "replace" : "delete-term" });
  it("keeps the outermost, then the first, of overlapping fixes", () => {
    const { chosen, skipped } = selectFixes([f(2, 4, "x"), f(0, 6), f(5, 8), f(8, 9, "y")]);
    expect(chosen).toEqual([f(0, 6), f(8, 9, "y")]);
    expect(skipped).toHaveLength(2);
  });
  it("applies from the end so offsets stay valid", () => {
    expect(applyToText("0123456789", [f(1, 3, "ab"), f(5, 9, "")])).toBe("0ab349");
  });
  it("sets a field of a raw item and leaves every other field alone", () => {
    const raw = { id: 7, channel: "listing", listing: { title: "a", sellingPoints: ["b", "c"], attributes: { x: 1 } }, extra: [1] };
    expect(setFieldText(raw, "listing.sellingPoints[1]", "C")).toBe(true);
    expect(setFieldText(raw, "listing.title", "A")).toBe(true);
    expect(setFieldText(raw, "fragments[0].text", "z")).toBe(false);
    expect(raw).toEqual({ id: 7, channel: "listing", listing: { title: "A", sellingPoints: ["b", "C"], attributes: { x: 1 } }, extra: [1] });
  });
});

describe("fix specs in lexicons", () => {
  const head = "category: counterfeit\nversion: 1\ntitle: t\ndefaults:\n  rule: 《抖音小店运营规范》发布假冒伪劣商品\nentries:\n";
  const dirWith = (body: string) => {
    const dir = mkdtempSync(join(tmpdir(), "hegui-lex-fix-"));
    cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
    writeFileSync(join(dir, "counterfeit.yaml"), head + body);
    return dir;
  };
  const problems = (body: string) => {
    const dir = dirWith(body);
    try {
      compileLexicon(readLexiconDir(dir));
    } catch (e) {
      if (e instanceof LexiconError) return e.problems.map(formatProblem).join("\n");
      throw e;
    }
    return "";
  };
  const entry = (fix: string) => `  - id: cf.x\n    terms: [高仿, 超A]\n    fix: ${fix}\n    examples: {hit: [高仿包], miss: [你好]}\n`;
  it("accepts replace, strip, delete and none", () => {
    expect(problems(entry("{ replace: { 高仿: 正品 }, delete: clause }"))).toBe("");
    expect(problems(entry("{ strip: [高] }"))).toBe("");
    expect(problems(entry("none"))).toBe("");
  });
  it("refuses templates and guidance as fix text, naming file, line, entry and field", () => {
    for (const t of ["立减X元", "采用XX工艺", "如“口碑不错”", "改为推荐"]) {
      expect(problems(entry(`{ replace: "${t.replace(/"/g, '\\"')}" }`))).toMatch(/counterfeit\.yaml:\d+, entry cf\.x, field fix/);
    }
  });
  it("refuses an empty spec, an unknown delete mode and a replacement for a term the entry lacks", () => {
    expect(problems(entry("{}"))).toMatch(/entry cf\.x, field fix/);
    expect(problems(entry("{ delete: sentence }"))).toMatch(/entry cf\.x, field fix/);
    expect(problems(entry("{ replace: { 低仿: 正品 } }"))).toMatch(/entry cf\.x, field fix\.replace\.低仿: "低仿" is not one of this entry's terms/);
  });
  it("lexicon check runs each fix on the entry's hit examples: a fix that leaves the hit fails", () => {
    const check = (fix: string) => {
      const engine = new Engine(compileLexicon(readLexiconDir(dirWith(entry(fix).replace("[高仿, 超A]", "[高仿, 仿品]")))), loadPolicy(), true, { classifier: null });
      return checkEntryExamples(engine, engine.lexicon.byId.get("cf.x")!);
    };
    expect(check("{ replace: { 高仿: 手工 } }")).toEqual([]);
    const bad = check("{ replace: { 高仿: 仿品 } }");
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file: "counterfeit.yaml", entry: "cf.x", field: "examples.hit.0" });
    expect(bad[0].message).toMatch(/still a hit after its fix: 仿品包/);
  });
});
