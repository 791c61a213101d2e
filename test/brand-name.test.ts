/**
 * The context step `brand`: a lexicon word inside the listing's own brand name is
 * that name (a 永久 bicycle), only where the brand is written; the same word
 * elsewhere, a brand attribute of another kind (适用品牌) or a brand that is the
 * whole word outside the title is still judged.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const engine = shippedEngine();
const ids = (item: Item) => engine.review(item).violations.map((v) => v.ruleId);
const bike = (title: string, description: string, attributes: Record<string, string>): Item => ({ id: "l", channel: "listing", listing: { title, description, attributes } });

describe("brand step", () => {
  it("cancels the brand's own name in the title", () => {
    const v = engine.review(bike("永久 儿童自行车 16寸", "适合身高105到125厘米", { 品牌: "永久" }));
    expect(v.violations).toEqual([]);
  });

  it("still judges the same word elsewhere in the listing", () => {
    expect(ids(bike("永久 儿童自行车 16寸", "车架永久不生锈 永久保修", { 品牌: "永久" }))).toContain("absolute.yongjiu");
  });

  it("reads only brand keys, not the brand a product fits (适用品牌)", () => {
    expect(ids(bike("永久 自行车挡泥板", "通用款", { 适用品牌: "永久" }))).toContain("absolute.yongjiu");
  });

  it("cancels a word that is a proper part of a longer brand name wherever the name is written", () => {
    const item: Item = { id: "c", channel: "caption", text: "这款永久牌老式自行车 骑着稳", listing: { attributes: { brand: "永久牌" } } };
    expect(ids(item)).not.toContain("absolute.yongjiu");
  });
});
