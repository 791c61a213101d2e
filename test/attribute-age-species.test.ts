/**
 * attribute_mismatch on the shipped tables: a plant's age said before or after
 * its name (老桩二十年, 十年悬崖桩) against 树龄 / age, wood species told apart
 * (金丝楠 against 香樟木), and the species of a bonsai against its 品种. Each
 * claim with clean look-alikes: the listing's own figure, a smaller one, the
 * same species. Also: sweet-potato flour named against a cassava ingredient
 * list (纯地瓜粉, 配料就是…), and a place said of the company (注册, 总部) that is
 * no origin claim.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { attributeTerms, spokenWith, titledWith } from "./support/items.js";

const engine = shippedEngine();
const cap = spokenWith;
const titled = titledWith;
const found = (item: Item) => attributeTerms(engine, item);

describe("attribute_mismatch: ages, wood species and bonsai species", () => {
  it.each([
    ["an age named first, the figure after", cap("这盆榕树老桩三十年往上了", { 树龄: "8年" }), "老桩三十年"],
    ["a figure right before the name", cap("纯正的十五年老桩 根盘多漂亮", { 树龄: "3年" }), "十五年老桩"],
    ["a figure, a bound and 的 before the name", cap("这都是二十年以上的老桩子了", { 桩龄: "6年" }), "二十年以上的老桩"],
    ["a title against an English age key", titled("八年悬崖桩 出锦多肉", { age: "2年苗" }), "八年悬崖桩"],
    ["seedling age against 苗龄", cap("发的都是五年苗 当年挂果", { 苗龄: "1年" }), "五年苗"],
    ["one precious wood for another", cap("这个首饰盒是金丝楠木做的", { 材质: "香樟木" }), "金丝楠木"],
    ["one bonsai species for another", cap("这棵就是正宗小叶赤楠 看这个皮", { 品种: "对节白蜡" }), "小叶赤楠"],
    ["pure sweet-potato flour against cassava starch", cap("这批宽粉是纯地瓜粉的 煮不烂", { 配料: "木薯淀粉、水" }), "地瓜粉"],
    ["the ingredient list said as sweet-potato starch", cap("我家酸辣粉配料就是番薯淀粉跟水", { 配料表: "木薯淀粉、饮用水" }), "番薯淀粉"],
  ])("%s", (_why, item, term) => {
    expect(found(item)).toContain(term);
  });

  it.each([
    ["the listing's own age said after the name", cap("这个老桩五年了 慢慢养", { 树龄: "5年" })],
    ["a smaller figure than the listing's", cap("两年苗 好养活", { 苗龄: "3年" })],
    ["the listing's age said anywhere, with a bigger one about another plant", cap("我院子里那棵二十年的老桩不卖 今天卖的是树龄三年的", { 树龄: "3年" })],
    ["the same wood species under another name", cap("香樟的 有股香味 防虫", { 材质: "樟木" })],
    ["the same bonsai species", cap("小叶赤楠 叶子密", { 品种: "小叶赤楠" })],
    ["sweet-potato starch as listed", cap("配料就是红薯淀粉和水 别的没有", { 配料: "红薯淀粉、水" })],
    ["the other starch denied", cap("我们用木薯粉 不是红薯粉 提前说清楚", { 配料: "木薯淀粉、水" })],
    ["the brand registered elsewhere", cap("饼是东莞厂里做的 牌子在澳门注册的", { 产地: "广东省东莞市" })],
    ["the head office elsewhere", cap("我们总部在杭州 这批笋是福建产的", { 产地: "福建省" })],
  ])("none: %s", (_why, item) => {
    expect(found(item)).toEqual([]);
  });
});
