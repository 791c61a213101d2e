/** The decoder for split-character and pinyin-initial disguises (src/semantic/decode.ts). Texts written for this test. */
import { describe, expect, it } from "vitest";
import { buildDocument } from "../../src/doc/document.js";
import { decodeHits } from "../../src/semantic/decode.js";
import { shippedEngine } from "../support/engine.js";

const engine = shippedEngine();
const lex = engine.lexicon;
const decode = (t: string) => {
  const doc = buildDocument({ id: "d", channel: "script", text: t }, lex.variants);
  return decodeHits(doc.text, lex).map((h) => ({ id: h.entry.id, text: doc.text.slice(h.start, h.end), variant: h.variant, note: h.note }));
};

describe("split characters", () => {
  it("a character written as its two components reads as the lexicon term", () => {
    const hs = decode("这盆花包成氵舌，放心养");
    expect(hs).toEqual([expect.objectContaining({ id: "absolute.bao-chenghuo", text: "包成氵舌", variant: "variant" })]);
    expect(hs[0].note).toMatch(/"氵舌" read as "活"/);
  });
  it("the engine reports it, with the decoding in explain", () => {
    const v = engine.review({ id: "d1", channel: "script", text: "这盆花包成氵舌，放心养" });
    const x = v.violations.find((y) => y.ruleId === "absolute.bao-chenghuo");
    expect(x?.matched).toBe("包成氵舌");
    expect(x?.explain?.steps[0].note).toMatch(/split character/);
  });
  it("a pair that is a common word is not decoded, and no decoding without a lexicon term", () => {
    expect(decode("这是全网最女子的一件")).toEqual([]);
    expect(decode("氵舌水一样清")).toEqual([]);
  });
});

describe("pinyin initials", () => {
  it("a run of consonants reads as the one term with those initials", () => {
    expect(decode("今天zdjg，冲")).toEqual([expect.objectContaining({ id: "absolute.lowest-price", text: "zdjg", variant: "pinyin" })]);
  });
  it("words with vowels, runs inside longer words and unknown runs are left alone", () => {
    expect(decode("this is the best one")).toEqual([]);
    expect(decode("型号 xzdjgx 黑色")).toEqual([]);
    expect(decode("编号 qqqq")).toEqual([]);
  });
});

describe("fillers inside a word", () => {
  const decodeSep = (t: string) => {
    const doc = buildDocument({ id: "d", channel: "caption", room: "r", seq: 1, text: t }, lex.variants);
    return decodeHits(doc.text, lex, doc.sep).map((h) => ({ id: h.entry.id, text: doc.text.slice(h.start, h.end), note: h.note }));
  };
  it("a term said with a filler between its characters reads as the term, spanning the filler", () => {
    const hs = decodeSep("老库存 百草 那个 枯 要的说");
    expect(hs).toEqual([expect.objectContaining({ id: "prohibited.toxic-chemicals", text: "百草那个枯" })]);
    expect(hs[0].note).toMatch(/filler "那个" inside "百草枯"/);
  });
  it("the engine reports it with the filler in the span", () => {
    const v = engine.review({ id: "f1", channel: "caption", room: "r", seq: 1, text: "地里草多的 百草嗯枯 还有货" });
    const x = v.violations.find((y) => y.category === "prohibited_goods");
    expect(x?.matched).toContain("百草嗯枯");
  });
  it("the entry's exceptions are read without the filler too", () => {
    expect(decodeSep("这个是降那个血压的药 要听医生的").filter((h) => h.id === "efficacy.blood-lowering")).toEqual([]);
    expect(decodeSep("这个茶降那个血压 天天喝").filter((h) => h.id === "efficacy.blood-lowering")).toHaveLength(1);
  });
  it("no reading across a sentence break, none that does not span the filler, none from ordinary speech", () => {
    expect(decodeSep("这片地长满百草。那个枯了的先拔掉")).toEqual([]);
    expect(decodeSep("我们这个产品那个质量大家放心")).toEqual([]);
    expect(decodeSep("这个啊 那个啊 都可以选")).toEqual([]);
  });
});
