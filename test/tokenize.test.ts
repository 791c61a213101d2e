/** Segmentation with jieba's dictionary cut to its common words, lexicon terms as a user dictionary. */
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureJieba, isCommonWord, MIN_DICT_FREQ, tokenize } from "../src/tokenize/jieba.js";

const words = (s: string) => tokenize(s, new Uint8Array(s.length)).words;

describe("jieba with a cut dictionary", () => {
  ensureJieba(["包成活", "全网最低价", "绿泡泡"]);

  it("keeps common words whole, so 最 and 第一 inside them are not claims", () => {
    expect(words("最近第一次最终")).toEqual(["最近", "第一次", "最终"]);
    expect(isCommonWord("第一次")).toBe(true);
  });

  it("segments lexicon terms as whole words", () => {
    expect(words("保证包成活")).toContain("包成活");
    expect(words("今天全网最低价")).toContain("全网最低价");
  });

  it("still segments runs of words it does not know (HMM)", () => {
    const w = words("这款蓝莓苗叶片油亮");
    expect(w.join("")).toBe("这款蓝莓苗叶片油亮");
    expect(w.length).toBeGreaterThan(2);
  });

  it("loads only dictionary words at least MIN_DICT_FREQ frequent", () => {
    const files = readdirSync(tmpdir()).filter((f) => f.startsWith("hegui-jieba-main-") && f.endsWith(".utf8"));
    expect(files.length).toBeGreaterThan(0);
    const lines = readFileSync(join(tmpdir(), files[0]), "utf8").split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(50_000);
    expect(lines.every((l) => Number(l.split(" ")[1]) >= MIN_DICT_FREQ)).toBe(true);
  });
});
