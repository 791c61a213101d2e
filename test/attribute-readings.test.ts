/**
 * attribute_mismatch.claim-vs-attributes on the shipped tables: how a claim is
 * read before it is checked. A year only where it is said of the goods (not
 * an event, a sale, a founding, a fit); an absence not asked or withheld (有没有
 * 划痕？, 是不是实木, 不敢说没有瑕疵, …是不可能的); a condition grade of the item, not
 * of a part or of another link's goods, nor a customer word (新客); a pure word
 * that starts a word of its own (not 安全是, 齐全是); w as watts, not a count of
 * sales (月销10w, 卖了10w台). Each positive with its rule id and span; each
 * family with clean look-alikes.
 */
import { describe, expect, it } from "vitest";
import type { Aspect, Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const RULE = "attribute_mismatch.claim-vs-attributes";
const engine = shippedEngine();
let n = 0;
const cap = (text: string, attributes: Record<string, string>): Item => ({ id: `rd${++n}`, channel: "caption", text, listing: { attributes } });
const titled = (title: string, sellingPoints: string[], attributes: Record<string, string>): Item => ({
  id: `rd${++n}`,
  channel: "listing",
  listing: { title, description: "", sellingPoints, attributes },
});
const titledCap = (title: string, text: string, attributes: Record<string, string>): Item => ({ id: `rd${++n}`, channel: "caption", text, listing: { title, attributes } });
const found = (item: Item) => engine.review(item).violations.filter((v) => v.category === "attribute_mismatch");

describe("attribute_mismatch: claims still read", () => {
  it.each<[string, Item, string, Aspect]>([
    // year: goods shapes
    ["a year before a goods word, 的 between", cap("这是2011年的老白茶 枣香明显", { 年份: "2018" }), "2011年", "year"],
    ["是 … 年的 closing the clause", cap("这一饼是2013年的", { 年份: "2019" }), "2013年", "year"],
    ["a year with 份", cap("正经2014年份的普洱", { 年份: "2020" }), "2014年", "year"],
    ["a year of making with no listing year said", cap("2017年压制的砖茶", { 年份: "2021" }), "2017年", "year"],
    ["a Chinese year against a full-width attribute", cap("这是二零一二年的料", { 年份: "２０１８" }), "二零一二年", "year"],
    ["a year against a Chinese-digit attribute", cap("这坛是2006年酿的", { 年份: "二〇一五" }), "2006年", "year"],
    // absence: still a claim
    ["an absence after an unrelated negation a few characters back", cap("这个可马虎不得这不是塑料的", { 材质: "ABS塑料" }), "塑料", "material"],
    ["a flaw said to be absent, filler and after-cue", cap("表盘一丁点磨损都没有", { 瑕疵: "表盘边缘轻微磨损" }), "磨损", "condition"],
    ["a board said to be absent", cap("这个柜子不含任何密度板", { 材质: "松木+密度板" }), "密度板", "material"],
    // condition: the whole item
    ["a grade of the whole after a part named earlier", cap("电池换过 整机九五新", { 成色: "八成新" }), "九五新", "condition"],
    ["new in words of the item", cap("这台相机全新的 放心", { 成色: "八成新" }), "全新", "condition"],
    // material: pure words that start a word
    ["a pure link starting its word", cap("这个斗柜全部是实木", { 材质: "橡胶木+密度板" }), "实木", "material"],
    ["a pure prefix starting its word", cap("整张床都是纯实木", { 材质: "橡胶木+密度板" }), "纯实木", "material"],
    // quantity: watts
    ["watts in lower case above the rating", cap("这个头子30w快充", { 功率: "10W" }), "30w", "quantity"],
    // quantity: units converted (斤 against g) and a half after the unit
    ["a weight in 斤 with a half, against grams", cap("这罐蜂蜜一斤半足足的", { 净含量: "500g" }), "一斤半", "quantity"],
    ["a weight in 斤 against kilograms", cap("整整三斤的量", { 净含量: "1kg" }), "三斤", "quantity"],
    ["a weight over a pack's total", cap("一共三斤", { 净含量: "500g×2袋" }), "三斤", "quantity"],
    ["a marinated kind against whole-cut", cap("这款是腌制好的调理牛排", { 加工方式: "原切" }), "调理", "variety"],
    // material: a part's material is skipped only when it is another family than the attribute's
    ["a claimed material for the goods right after a part's", cap("橡胶轮胎 车身纯铜的", { 材质: "合金" }), "纯铜", "material"],
    ["the goods' own material after a part's named before (坐垫海绵 整个都是真皮)", cap("坐垫海绵 整个沙发都是真皮的", { 材质: "棉麻布" }), "真皮", "material"],
    ["a part named in the title is the goods", titledCap("汽车方向盘套", "真皮方向盘套 手感好", { 材质: "PU" }), "真皮", "material"],
    // kinds that exclude each other, conditions and materials under other keys
    ["purebred against a hybrid variety", cap("这对是纯种的 血统没问题", { 品种: "杂交孔雀鱼" }), "纯种", "variety"],
    ["an all-solid guitar against laminated sides", cap("这把琴是全单板 放心", { 背侧板: "桃花心木合板" }), "全单板", "material"],
    ["new against refurbished", cap("这台是全新的 放心", { 成色: "翻新机" }), "全新", "condition"],
    ["pure wool against a composition key", cap("纯羊毛的毯子", { 成分: "100%聚酯纤维" }), "纯羊毛", "material"],
    ["a starch of another plant than the listed one", cap("就是用的红薯淀粉 口感筋道", { 配料: "木薯淀粉、水" }), "红薯淀粉", "ingredients"],
    ["whole-cut meat against a marinated product", cap("这个牛排是原切的 放心", { 加工方式: "调理腌制" }), "原切", "variety"],
    // variety: synonyms are one variety, another variety of the same produce still claims
    ["another honey against a synonym of the listing's", cap("咱家山上的百花蜜", { 品种: "洋槐蜜" }), "百花蜜", "variety"],
  ])("%s", (_what, item, claimed, aspect) => {
    const hits = found(item).filter((x) => x.field === "text");
    const v = hits.find((x) => x.evidence?.aspect === aspect && item.text!.slice(x.start, x.end).includes(claimed));
    expect(v, JSON.stringify(hits.map((x) => [x.term, x.evidence?.aspect]))).toBeDefined();
    expect(v!.ruleId).toBe(RULE);
    expect(v!.field).toBe("text");
    expect(v!.spans[0]).toEqual({ field: "text", start: v!.start, end: v!.end });
    expect(item.text!.slice(v!.start, v!.end)).toBe(claimed);
  });
});

describe("attribute_mismatch: a year opening a listing's name", () => {
  it("reads the year that opens a title or a selling point as the goods' year", () => {
    const item = titled("2007年易武古树生普 357克", ["2007年陈期 干仓"], { 年份: "2020" });
    const hits = found(item).filter((v) => v.evidence?.aspect === "year");
    expect(hits.map((v) => [v.ruleId, v.field, v.start, v.end])).toEqual([
      [RULE, "listing.title", 0, 5],
      [RULE, "listing.sellingPoints[0]", 0, 5],
    ]);
  });
  it("stays clean when the opening year is the attribute's", () => {
    expect(found(titled("2020年易武古树生普", ["2020年春茶"], { 年份: "2020" }))).toEqual([]);
  });
});

describe("attribute_mismatch: look-alikes that claim nothing", () => {
  it.each<[string, Item]>([
    // A. a year of something else
    ["the year of a live session", cap("2025年最后一次开播 大家多多支持", { 年份: "2019" })],
    ["the year of a live session, 是 … 的 and an event", cap("今天是2025年的最后一场 感谢大家", { 年份: "2020" })],
    ["a founding year with 就 before 开始", cap("我们家1996年就开始种茶了", { 年份: "2019" })],
    ["a sales year in Chinese digits", cap("二零二二年我们发了八万单", { 年份: "2018" })],
    ["a year of the best sellers (年度)", cap("2021年度销冠", { 年份: "2018" })],
    ["a year of selling", cap("卖了2021年整整一年", { 年份: "2018" })],
    ["a later step when the listing's year is said of the goods", cap("2018年的毛料，2019年压成饼", { 年份: "2018" })],
    ["the years of cars a holder fits", cap("这个手机支架2012年的车也能用", { 适用年份: "2016-2024" })],
    ["a fit key with a year and a goods shape", cap("2012年产的车型都适配", { 适配年份: "2016-2024" })],
    // B. an absence asked, chosen, withheld or undone
    ["a flaw asked with 有没有 and a question mark", cap("有没有划痕？我拿近点给你们看", { 瑕疵: "底部两道划痕" })],
    ["solid wood asked with 是不是, then affirmed", cap("有人问是不是实木的，是的，整块实木", { 材质: "实木" })],
    ["a fibre asked", cap("有没有化纤？看吊牌", { 面料: "棉80% 锦纶20%" })],
    ["boards asked, then admitted", cap("有没有板子？有的，背板是", { 材质: "橡胶木+密度板" })],
    ["a choice with 无论是不是", cap("无论是不是化纤 穿着都舒服", { 面料: "棉80% 锦纶20%" })],
    ["a flaw asked with 有无", cap("有无划痕大家自己判断", { 瑕疵: "底部两道划痕" })],
    ["a flaw asked with 吗", cap("一点磨损都没有吗", { 瑕疵: "边角磨损" })],
    ["an absence withheld", cap("我不敢说没有瑕疵", { 成色: "八成新" })],
    ["an absence undone: 是不可能的", cap("一点使用痕迹都没有是不可能的", { 成色: "八成新" })],
    ["an absence undone: 是不存在的", cap("完全没有磨损的二手是不存在的", { 瑕疵: "边角磨损" })],
    // C. a grade of a part, of another link's goods, asked, or no grade
    ["a new part fitted", cap("给它换了全新的电池，外观八成新", { 成色: "八成新" })],
    ["a part said to be new", cap("屏幕是全新的，边框有磕碰", { 成色: "八成新" })],
    ["a new part right after the grade", cap("配了全新充电器", { 成色: "八成新" })],
    ["sealed goods at another link", cap("全新未拆封的在五号链接，这台九成新", { 成色: "九成新" })],
    ["unopened goods are another link", cap("没拆封的是另一个链接", { 成色: "八成新" })],
    ["a grade asked and answered", cap("九五新？不是，八成新", { 成色: "八成新" })],
    ["new customers", cap("满199新客立减二十", { 成色: "八成新" })],
    ["new users", cap("九成新用户都会回购", { 成色: "八成新" })],
    ["new fans", cap("99新粉专属福利", { 成色: "八成新" })],
    // D. a pure character inside a word
    ["安全是 before solid wood", cap("环保安全是实木最大的优点", { 材质: "橡胶木+密度板" })],
    ["齐全是 before solid wood", cap("款式齐全是实木板材都有", { 材质: "橡胶木+密度板" })],
    ["齐全 before a pure term", cap("配件齐全实木底座", { 材质: "橡胶木+密度板" })],
    // E. w as ten thousand
    ["monthly sales in w", cap("月销10w 好评如潮", { 功率: "5W" })],
    ["units sold in w", cap("卖了10w台了", { 功率: "5W" })],
    ["sold count in w", cap("已售20w", { 功率: "5W" })],
    ["a count unit after w", cap("30w台已经发出去了", { 功率: "5W" })],
    ["followers in w", cap("粉丝50w 感谢大家", { 功率: "5W" })],
    // F. units converted: the same weight in other units, a half price
    ["one 斤 against 500 g", cap("一罐一斤足足的", { 净含量: "500g" })],
    ["a kilogram in 公斤 against 2 斤", cap("一共一公斤", { 净含量: "2斤" })],
    ["a half price after 斤", cap("第二斤半价", { 净含量: "500g" })],
    // the attribute read as the text is: its half after the unit, and a pack's total (250g*4 = 2 斤)
    ["a half after the unit in the attribute too", cap("这一包是两斤半的", { 净含量: "两斤半" })],
    ["a pack's total in 斤 against its parts in g", cap("四小包一共两斤", { 净含量: "250g*4包" })],
    ["a pack's total against parts times a count", cap("两袋加起来正好两斤", { 净含量: "500g×2袋" })],
    // cooking the buyer is told to do is no processed kind
    ["marinating at home against whole-cut", cap("回家自己腌制一下 煎着吃更香", { 加工方式: "原切" })],
    ["a marinating time against whole-cut", cap("买回去腌制半小时再下锅", { 加工方式: "原切" })],
    // G. another family named for a part
    ["rubber tyres on an alloy model", cap("车模是合金的 配橡胶轮胎", { 材质: "合金" })],
    ["a metal zip on a canvas bag", cap("帆布包 铜拉链 很顺滑", { 材质: "帆布" })],
    ["a rubber sole on leather shoes", cap("头层牛皮鞋面 橡胶的鞋底 防滑", { 材质: "头层牛皮" })],
    ["a part named before its foam (坐垫海绵)", cap("布艺沙发 坐垫海绵回弹好 外套能拆", { 材质: "棉麻布" })],
    ["a part named before its wood (框架是实木)", cap("框架是实木的 外面包的是布", { 材质: "棉麻布" })],
    ["a listing title naming a part's material (餐椅 坐垫海绵)", { id: "rd-title-part", channel: "listing", listing: { title: "橡木餐椅 坐垫海绵 两把装", attributes: { 材质: "橡木" } } }],
    ["a yield per mu in 斤 against a pack in kg", cap("这块地亩产差不多一千二百斤", { 净含量: "25kg" })],
    ["a solid top over laminate sides", cap("面单的 背侧是合板", { 背侧板: "椴木合板" })],
    ["the listed starch said", cap("用的是木薯淀粉 弹牙", { 配料: "木薯淀粉、水" })],
    ["a marinated steak said to be marinated", cap("这是调理牛排 不是原切的 价格也实在", { 加工方式: "调理腌制" })],
    ["a wood's price in a comparison", cap("桌面是橡胶木的 北美胡桃的价钱要贵好几倍", { 材质: "橡胶木" })],
    ["a wood colour name", cap("这个漆面叫黑胡桃色 挺耐脏", { 材质: "橡胶木" })],
    // I. kinds agreeing
    ["purebred against purebred", cap("纯种的 血统纯正", { 品种: "纯种日本蓝尾" })],
    ["a laminate said of a laminate", cap("这把是合板的 入门够用", { 背侧板: "桃花心木合板" })],
    ["refurbished said of refurbished", cap("这台是官方翻新机 外观九成新", { 成色: "翻新机" })],
    ["food ingredients without a material", cap("纯羊奶粉 冲着喝", { 配料: "全脂羊乳粉" })],
    // H. synonyms of one variety
    ["槐花蜜 against 洋槐蜜", cap("正宗槐花蜜 结晶细腻", { 品种: "洋槐蜜" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item).map((v) => `${v.term} (${v.evidence?.aspect})`)).toEqual([]);
  });
});

describe("attribute_mismatch: fit words, ratings, region teas and honey keys", () => {
  it.each<[string, Item]>([
    ["a material right after a fit word (the goods work on it)", titled("磨刀石套装 三件", ["能磨不锈钢刀，不适用于陶瓷刀"], { 材质: "白刚玉" })],
    ["a coating's waterproof rating (PU3000) against the fabric", titled("户外雨衣 成人", ["涂层PU3000防水"], { material: "涤纶" })],
    ["a tea named for its region against one of its cultivars", titled("明前西湖龙井 100g", [], { 品种: "群体种" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item)).toEqual([]);
  });

  it.each<[string, Item, string]>([
    ["a honey variety against 花种 (the nectar named by the key)", cap("这罐是正宗椴树蜜 一年就摇一次", { 花种: "百花蜜" }), "椴树蜜"],
    ["a material claim after a fit word elsewhere in the clause", cap("这件适合夏天穿 是纯棉的", { material: "涤纶" }), "纯棉"],
  ])("reports %s", (_what, item, span) => {
    const hits = found(item).filter((v) => v.ruleId === RULE);
    expect(hits.map((v) => item.text!.slice(v.start, v.end))).toEqual([span]);
  });
});

describe("attribute_mismatch: a brand named on an unbranded listing", () => {
  it("reports a brand of three or more characters said to be what the goods are (就是X)", () => {
    const item = cap("这口锅 就是双立人的 放心拍", { brand: "无品牌" });
    expect(found(item).map((v) => item.text!.slice(v.start, v.end))).toEqual(["双立人"]);
  });
  it.each<[string, Item]>([
    ["a likeness after the brand (那种)", cap("这个就是双立人那种三层钢的做法 我们自己厂做的", { brand: "无品牌" })],
    ["a two-character brand that is also a word (这是苹果)", cap("这是苹果 脆甜多汁", { brand: "无" })],
    ["a brand denied", cap("这刀不是双立人 就是普通钢的", { brand: "无品牌" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item)).toEqual([]);
  });
});
