/**
 * attribute_mismatch.claim-vs-attributes, the goods' class (src/rules/attribute/product-class.ts):
 * the listing's own class attribute (类别: 固体饮料, 食品类别: 普通食品) against what the title,
 * a selling point or the host calls the goods (奶粉, 保健品). Each positive: the rule id, the span
 * of the claimed word in its field, the typed evidence naming the attribute; then the clean look-alikes.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { fieldText } from "./support/items.js";

const RULE = "attribute_mismatch.claim-vs-attributes";
const engine = shippedEngine();
let n = 0;
const listing = (title: string, attributes: Record<string, string>, description = ""): Item => ({
  id: `pc${++n}`,
  channel: "listing",
  listing: { title, description, sellingPoints: [], attributes },
});
const cap = (text: string, attributes: Record<string, string>): Item => ({ id: `pc${++n}`, channel: "caption", text, listing: { attributes } });
const classHits = (item: Item) =>
  engine.review(item).violations.filter((v) => v.category === "attribute_mismatch" && v.evidence?.aspect === "variety");

describe("attribute_mismatch: what the goods are called against their class attribute", () => {
  it.each<[string, Item, string, string]>([
    ["a solid drink titled as milk powder", listing("中老年高钙奶粉 早餐冲调", { 类别: "固体饮料" }), "奶粉", "类别"],
    ["a tablet candy sold as a health food", listing("护肝片 保健品 熬夜人群", { 产品类别: "压片糖果" }), "保健品", "产品类别"],
    ["an ordinary food called a health food in the description", listing("黑芝麻核桃丸", { category: "普通预包装食品" }, "这是一款蓝帽子认证的好东西"), "蓝帽子", "category"],
    ["the host calls a solid drink formula", cap("这罐配方粉宝宝喝了不上火", { 食品类型: "固体饮料" }), "配方粉", "食品类型"],
  ])("%s", (_what, item, claimed, key) => {
    const hits = classHits(item);
    const v = hits.find((x) => fieldText(item, x.field).slice(x.start, x.end) === claimed);
    expect(v, JSON.stringify(hits.map((x) => x.term))).toBeDefined();
    expect(v!.ruleId).toBe(RULE);
    expect(v!.spans[0]).toEqual({ field: v!.field, start: v!.start, end: v!.end });
    expect(v!.evidence?.listing?.some((a) => a.key === key)).toBe(true);
    expect(v!.fix).toBeUndefined();
  });

  it.each<[string, Item]>([
    ["a solid drink called what it is", listing("牛奶风味固体饮料 速溶冲调", { 类别: "固体饮料" })],
    ["the milk-powder scoop of a solid drink", listing("可可固体饮料", { 类别: "固体饮料" }, "用奶粉勺取两勺，温水冲调")],
    ["an ordinary food said not to be a health food", listing("芝麻丸 零食", { 食品类别: "普通食品" }, "本品不是保健品，不能代替药物")],
    ["milk powder whose class attribute says milk powder", listing("全脂奶粉 成人", { 类别: "调制乳粉" })],
    ["a class key on goods of no listed class", listing("保健品收纳盒 七格", { 类别: "收纳用品" })],
  ])("%s", (_what, item) => {
    expect(classHits(item)).toEqual([]);
  });
});
