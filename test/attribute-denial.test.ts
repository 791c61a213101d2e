/** attribute_mismatch.claim-vs-denial: the text claims what an attribute expressly denies. */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const RULE = "attribute_mismatch.claim-vs-denial";
let n = 0;
const listing = (title: string, attributes: Record<string, unknown>, description = ""): Item => ({
  id: `den${++n}`,
  channel: "listing",
  listing: { title, description, sellingPoints: [], attributes },
});

describe(RULE, () => {
  const engine = shippedEngine();
  const found = (item: Item) => engine.review(item).violations.filter((v) => v.ruleId === RULE);

  it.each([
    ["a fibre the material attribute denies", listing("桑蚕丝衬衫 男款", { 材质: "涤纶，经检测不含桑蚕丝" }), "桑蚕丝"],
    ["a filling the attribute denies", listing("冬季加厚鹅绒被", { filling: "聚酯纤维（非鹅绒）" }), "鹅绒"],
    ["a place the origin attribute denies", listing("正宗五常大米 新米", { 产地: "非五常本地，外地收购" }), "五常"],
    ["a certification the listing lacks", listing("有机小米 农家", { certification: "无有机认证证书" }), "有机"],
    ["a variety the attribute denies, not the word it shares", listing("散养土鸡蛋 30枚", { 品种: "笼养鸡蛋（非散养土鸡蛋）" }), "散养土鸡蛋"],
    ["a denial closing a list with 等 (famJ)", listing("农家土蜂蜜 500克", { 配料: "果葡糖浆、白砂糖等非蜂蜜成分" }), "蜂蜜"],
  ])("reports %s, at the claimed words", (_what, item, claimed) => {
    const hits = found(item);
    expect(hits).toHaveLength(1);
    const v = hits[0];
    expect(item.listing!.title!.slice(v.start, v.end)).toBe(claimed);
    expect(v.field).toBe("listing.title");
    expect(v.suggestion).toContain("如实描述");
  });

  it.each([
    ["an attribute that asserts and the title agrees", listing("纯棉T恤", { 材质: "棉100%" })],
    ["the shared generic word of a denial (鸡蛋)", listing("新鲜鸡蛋 30枚", { 品种: "笼养鸡蛋（非散养土鸡蛋）" })],
    ["a denial the text repeats as a denial", listing("羽绒服 非鹅绒款", { filling: "鸭绒，非鹅绒" })],
    ["无法 and 无需 deny no thing", listing("一分钱秒杀 牙刷", { shipping: "无法按一分钱发货，运费另计" })],
    ["a maker attribute (judged as counterfeit, not here)", listing("茅台风味白酒", { producer: "非茅台酒厂生产" })],
    // fixO: the denied place asked after and answered no, or named as the seller's address
    ["a denied place asked after and refused", listing("洪泽湖螃蟹", { 产地: "江苏淮安（非阳澄湖）" }, "总有老客户打听阳澄湖的有没有，这次没有，都是洪泽湖的")],
    ["a denied place named as the company's address", listing("太湖螃蟹", { 产地: "苏州吴中（非阳澄湖湖区）" }, "我们仓库在阳澄湖镇，蟹是太湖里养的")],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item)).toEqual([]);
  });
});

describe("attribute_mismatch.claim-vs-attributes: a material value that denies one fibre and names a family", () => {
  const engine = shippedEngine();
  const material = (item: Item) => engine.review(item).violations.filter((v) => v.ruleId === "attribute_mismatch.claim-vs-attributes");
  const spoken = (text: string, attributes: Record<string, unknown>): Item => ({ id: `den${++n}`, channel: "caption", text, listing: { title: "女士毛衣", attributes } });

  const all = (item: Item) => engine.review(item).violations.filter((v) => v.category === "attribute_mismatch");

  it("reads 化纤 with a cashmere test denied (检测未检出) as synthetic, no cashmere: an absence of 化纤 contradicts the family, the cashmere claim the denial", () => {
    const item = spoken("这件百分百纯羊绒 里面没有化纤", { material: "化纤（检测未检出羊绒）" });
    expect(material(item).map((v) => item.text!.slice(v.start, v.end))).toEqual(["化纤"]);
    const hits = all(item);
    expect(hits.map((v) => [v.ruleId, item.text!.slice(v.start, v.end)])).toContainEqual([RULE, "羊绒"]);
    expect(hits.every((v) => v.field === "text")).toBe(true);
  });

  it("fixO: a fabric trade name with the listing's own fibre named beside it is explained, not claimed", () => {
    const t = (text: string, m: string): Item => ({ id: `den${++n}`, channel: "caption", text, listing: { title: "珊瑚绒毯", attributes: { material: m } } });
    expect(material(t("这条毯子叫亲肤棉，其实是涤纶的，摸着软", "涤纶100%"))).toEqual([]);
    expect(material(t("这条毯子是亲肤棉的，摸着软", "涤纶100%")).length).toBe(1);
  });

  it("a title naming the fibre the value denies (检测未检出羊绒): the denial rule's, once", () => {
    const item = listing("羊绒围巾 冬季", { 材质: "腈纶，检测未检出羊绒" });
    expect(all(item).map((v) => [v.ruleId, item.listing!.title!.slice(v.start, v.end)])).toEqual([[RULE, "羊绒"]]);
  });

  it.each([
    ["a synthetic fibre on a listing whose material is 化纤", listing("涤纶运动裤", { 材质: "化纤" })],
    ["a pure synthetic fibre on 化纤 (a family, no blend)", listing("纯涤纶速干T恤", { 材质: "化纤" })],
  ])("stays clean on %s", (_what, item) => {
    expect(material(item)).toEqual([]);
  });
});
