import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../src/match/aho-corasick.js";
import { charIndex, fuzzyFind } from "../src/match/fuzzy.js";
import { parseChinese, parseNumber, parsePrice } from "../src/match/numbers.js";
import { compilePattern, PatternError, runPattern } from "../src/match/pattern.js";
import { pinyinView, syllableCuts, termPinyin } from "../src/match/pinyin.js";
import { SEP_STRONG } from "../src/normalize/chars.js";

describe("Aho–Corasick", () => {
  it("finds every occurrence, overlapping ones too", () => {
    const ac = new AhoCorasick<string>();
    for (const p of ["he", "she", "his", "hers", "最好", "好"]) ac.add(p, p);
    const hits = ac.search("ushers 最好").map((h) => `${h.value}@${h.start}`);
    expect(hits.sort()).toEqual(["he@2", "hers@2", "she@1", "好@8", "最好@7"].sort());
  });
  it("agrees with indexOf on random text", () => {
    const words = ["包成活", "成活", "活动", "包邮", "邮"];
    const ac = new AhoCorasick<string>();
    for (const w of words) ac.add(w, w);
    const text = "包成活动包邮包成活成活邮";
    const expected: string[] = [];
    for (const w of words) for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) expected.push(`${w}@${i}`);
    expect(ac.search(text).map((h) => `${h.value}@${h.start}`).sort()).toEqual(expected.sort());
  });
});

describe("numbers", () => {
  it.each([
    ["三十", 30], ["十五", 15], ["六百八", 680], ["一百二十", 120], ["两万", 20000], ["一千", 1000], ["九", 9],
    // a digit right after 万/亿 is one place lower, as after 百/千; after 零 it is units
    ["八万八", 88000], ["两万五", 25000], ["一亿二", 120000000], ["六百零八", 608], ["一千零五", 1005], ["两万零三", 20003], ["两千零二十", 2020], ["十万八千", 108000],
  ])("%s = %d", (s, v) => expect(parseChinese(s)).toBe(v));
  it("parses mixed and Arabic numbers and prices", () => {
    expect(parseNumber("3万")).toBe(30000);
    expect(parseNumber("9.9")).toBe(9.9);
    expect(parsePrice("九块九")).toBeCloseTo(9.9);
    expect(parsePrice("2999元")).toBe(2999);
  });
});

describe("patterns", () => {
  const fold = (s: string) => s;
  const groups = (n: string) => (n === "unit" ? ["公里", "km"] : undefined);
  it("matches numbers with conditions", () => {
    const p = compilePattern("一年{gap:2}开{num>=300}天", fold, groups);
    expect(runPattern(p, "一年能开320天").length).toBe(1);
    expect(runPattern(p, "一年能开200天").length).toBe(0);
  });
  it("matches groups and alternations", () => {
    const p = compilePattern("{num>20}{@unit}(都能送|范围)", fold, groups);
    expect(runPattern(p, "三十公里都能送").length).toBe(1);
    expect(runPattern(p, "15km范围").length).toBe(0);
  });
  it("reads an Arabic number and a Chinese one next to it as two numbers", () => {
    const p = compilePattern("{num<5}年质保", fold, groups);
    expect(runPattern(p, "39.9一年质保").map((h) => h.numbers)).toEqual([[1]]);
    expect(runPattern(compilePattern("{num>=10000}元", fold, groups), "1.5万元").map((h) => h.numbers)).toEqual([[15000]]);
  });
  it.each(["{gap:20}{num}{gap:20}", "a{gap:50}b", "{bogus}", "(a|b", "{@nope}", "(返{num}|返现)", "(的)?好", "好的?", "好*"])("refuses %s", (src) => {
    expect(() => compilePattern(src, fold, groups)).toThrow(PatternError);
  });
});

describe("fuzzy and pinyin", () => {
  it("finds windows at edit distance 1", () => {
    const text = "这个好评反现活动";
    const hits = fuzzyFind(text, "好评返现", charIndex(text));
    expect(hits.map((h) => text.slice(h.start, h.end))).toContain("好评反现");
  });
  it("builds a pinyin view", () => {
    expect(termPinyin("包成活")).toBe("baochenghuo");
    const v = pinyinView("保成活ok");
    expect(v.text).toBe("baochenghuook");
    expect(v.latin[v.text.length - 1]).toBe(1);
  });
  it("cuts a run of Latin letters between pinyin syllables only when the whole run is pinyin", () => {
    const cuts = (s: string) => [...syllableCuts(s)].flatMap((c, i) => (c ? [i] : []));
    expect(cuts("dangqiyuansu")).toEqual(expect.arrayContaining([4, 6, 10]));
    expect(cuts("sixinch")).toEqual([]);
    expect(cuts("english")).toEqual([]);
  });
  it("marks word edges: separators, field edges and syllable cuts, never inside an English word", () => {
    const edgesOf = (text: string, sep?: Uint8Array) => {
      const v = pinyinView(text, sep);
      return [...v.edge].flatMap((e, i) => (e ? [i] : []));
    };
    // 200g|chuchangjia: a separator (。) before c.
    const text = "200gchuchangjia";
    const sep = new Uint8Array(text.length);
    sep[4] = SEP_STRONG;
    expect(edgesOf(text, sep)).toContain(4);
    expect(edgesOf(text)).not.toContain(4);
    expect(edgesOf("dangqiyuansu")).toEqual(expect.arrayContaining([0, 4, 6, 12]));
    expect(edgesOf("sixinch")).toEqual([0, 7]);
  });
});
