/** price_fraud.strikethrough-attribute: a listing's strikethrough price attribute many times its selling price. */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const RULE = "price_fraud.strikethrough-attribute";
const engine = shippedEngine();
let n = 0;
const listing = (title: string, attributes: Record<string, unknown>): Item => ({ id: `sp${++n}`, channel: "listing", listing: { title, description: "", sellingPoints: [], attributes } });
const found = (item: Item) => engine.review(item).violations.filter((v) => v.ruleId === RULE);

describe(RULE, () => {
  it.each([
    ["a course at 2 against 3980", listing("英语口语课", { price: "2", strikethroughPrice: "3980" }), "listing.attributes.strikethroughPrice"],
    ["Chinese keys with currency marks", listing("羊毛围巾", { 售价: "¥39", 划线价: "¥699" }), "listing.attributes.划线价"],
  ])("reports %s, on the strikethrough attribute", (_what, item, field) => {
    const [v, ...rest] = found(item);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ category: "price_fraud", field });
  });

  it.each([
    ["an ordinary markdown", listing("保温杯", { price: "89", strikethroughPrice: "129" })],
    ["a strikethrough price with no selling price", listing("台灯", { 划线价: "599" })],
    ["a price that is no plain amount", listing("月饼礼盒", { price: "到店咨询", 原价: "398" })],
    ["a clearance that says why (near its expiry date)", listing("临期牛奶 本月到期 低价处理", { 原价: "69", 售价: "9.9" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item)).toEqual([]);
  });
});
