/** prohibited_goods.banned-ingredient-attribute: a listing's attributes naming a banned drug among the ingredients. */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const RULE = "prohibited_goods.banned-ingredient-attribute";
const engine = shippedEngine();
let n = 0;
const listing = (title: string, attributes: Record<string, unknown>): Item => ({ id: `bi${++n}`, channel: "listing", listing: { title, description: "", sellingPoints: [], attributes } });
const found = (item: Item) => engine.review(item).violations.filter((v) => v.ruleId === RULE);

describe(RULE, () => {
  it.each([
    ["a slimming sweet whose 成分 names sibutramine", listing("果味压片糖", { 成分: "山楂粉、添加西布曲明" }), "listing.attributes.成分", 6, 10],
    ["a drug inside an ingredient list", listing("轻体固体饮料", { ingredients: "菊粉、酚酞、麦芽糊精" }), "listing.attributes.ingredients", 3, 5],
  ])("reports %s, at the drug in the attribute", (_what, item, field, start, end) => {
    const [v, ...rest] = found(item);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ category: "prohibited_goods", field, start, end, severity: "severe" });
    expect(v.suggestion).toContain("药品成分");
    expect(engine.review(item).decision).toBe("block");
  });

  it.each([
    ["a test report saying it was not found", listing("代餐奶昔", { 检测结果: "西布曲明：未检出" })],
    ["an ingredient list that denies it", listing("荷叶茶", { 配料: "荷叶、决明子，不含酚酞" })],
    ["attributes with no drug", listing("压片糖果", { 成分: "山楂、白砂糖" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item)).toEqual([]);
  });
});
