/**
 * normalize takes a plain path for text made of plain characters and falls back
 * to every step otherwise (src/normalize/normalize.ts): both must give the same
 * text, offsets and separators, for any text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize, normalizeFull, type NormText } from "../src/normalize/normalize.js";
import { compileVariants, EMPTY_VARIANTS } from "../src/normalize/variants.js";
import { loadLexicon } from "../src/lexicon/index.js";

const fold = (s: string) => normalize(s, EMPTY_VARIANTS).text;
const small = compileVariants({ 微信: ["薇信", "威信", "vx", "绿泡泡"], 加微: ["加薇", "➕v", "+v"], "100%": ["百分之百", "百分百"], 最: ["蕞"] }, fold);

const plainOf = (n: NormText) => ({ text: n.text, src: [...n.src], srcEnd: [...n.srcEnd], sep: [...n.sep], originalLength: n.originalLength });

/** Characters of every kind the plain path decides on: kept, separators, points, format, and those it leaves to the full path. */
const PIECES = [
  ..."加微信薇威绿泡家人们百分之最蕞好的哈国家级包成活六五一二十三9０１.．:：,，。！？、 　-—~…【】（）%+＋vxVXabcAB\u200b\u200d\ufe0f❤心丨丶",
  "國家級", "開光", "薇信", "百分之百", "百分百", "最最最", "哈哈哈", "666", "三三三", "9.9", "1:1", "8.9.9", "🌸", "💯", "➕v", "𠮷",
];

function same(text: string, variants: typeof small) {
  expect(plainOf(normalize(text, variants)), JSON.stringify(text)).toEqual(plainOf(normalizeFull(text, variants)));
}

describe("normalize: the plain path", () => {
  it("gives what every step gives, on texts of mixed characters (small disguise map)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (parts) => same(parts.join(""), small)),
      { numRuns: 3000, seed: 15 },
    );
  });

  it("gives what every step gives with the shipped disguise map, its forms included", () => {
    const lex = loadLexicon();
    const forms = [...lex.variants.forms.keys()];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...forms)), { maxLength: 30 }), (parts) => same(parts.join(""), lex.variants)),
      { numRuns: 3000, seed: 16 },
    );
  });

  it("gives what every step gives on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => same(s, small)),
      { numRuns: 2000, seed: 17 },
    );
  });

  it("breaks at a gap of separators longer than the map's limit", () => {
    same(`加${"-".repeat(20)}微信`, small);
    same(`加${"\u200b".repeat(20)}微信`, small);
  });
});
