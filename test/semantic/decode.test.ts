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
