/** Valid/invalid tables for the code matchers, on the fixture lexicon's data. */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { fixtureEngine, shippedEngine } from "./support/engine.js";

const engine = fixtureEngine();
const cats = (item: Item) => engine.review(item).violations.map((v) => v.ruleId);

const listing = (listing: Item["listing"]): Item => ({ id: "l", channel: "listing", listing });
const cap = (text: string, l?: Item["listing"]): Item => ({ id: "c", channel: "caption", text, listing: l });
const scr = (text: string): Item => ({ id: "s", channel: "script", text });

const table: Array<[rule: string, invalid: Item[], valid: Item[]]> = [
  [
    "price_fraud.invented-original-price",
    [cap("原价六百八 今天直播间九块九"), listing({ title: "睡衣 原价1999 限时59" }), scr("专柜卖2999，今天199")],
    [cap("日常价129 今天99"), cap("原价299 今天199"), cap("不是原价六百八哈 今天九块九")],
  ],
  [
    "retail_rule.delivery-range",
    [cap("配送范围三十公里都能送"), scr("全市60公里范围都给你送"), listing({ title: "鲜花", description: "配送半径３０ｋｍ" }), listing({ title: "鲜花", shop: { deliveryRange: "25km" } })],
    [cap("配送范围十五公里以内"), cap("配送范围20公里以内"), cap("果园离市区三十公里"), cap("超出30公里不配送")],
  ],
  [
    "retail_rule.agency-chain-claim",
    [cap("我们是连锁门店", { shop: { model: "代运营" } }), listing({ title: "花束", sellingPoints: ["加盟连锁品牌"], shop: { model: "代运营" } })],
    [cap("我们是连锁门店", { shop: { model: "加盟" } }), cap("我们是品牌合作门店 不是连锁哈", { shop: { model: "代运营" } })],
  ],
  [
    "missing_disclosure.no-care-instructions",
    [scr("这盆发财树摆客厅特别大气，一号链接"), listing({ title: "多肉组合盆栽 9头", description: "颜色丰富" }), listing({ title: "月季 免打理", description: "土干浇透" })],
    [scr("这盆发财树放散射光处，土干再浇透，一号链接"), listing({ title: "仿真绿植 假盆栽" }), cap("这盆月季开得好 一号链接"), scr("我家阳台的月季开了")],
  ],
  [
    "attribute_mismatch.claim-vs-attributes",
    [
      cap("这件T恤纯棉的", { attributes: { material: "涤纶" } }),
      cap("这个手镯是足金的", { attributes: { material: "925银 镀金" } }),
      cap("这是新疆阿克苏的", { attributes: { origin: "山东烟台" } }),
      listing({ title: "进口玫瑰", attributes: { origin: "云南昆明" } }),
      cap("这是丹东九九草莓", { attributes: { variety: "红颜" } }),
      cap("一共是十双袜子", { attributes: { quantity: "3双" } }),
      cap("这支口红是迪奥的 正品迪奥", { attributes: { brand: "花间集" } }),
      listing({ title: "纯牛奶", description: "生牛乳100%，不加一滴水", attributes: { ingredients: "生牛乳、白砂糖、卡拉胶" } }),
      listing({ title: "饮料 不含蔗糖", attributes: { 配料: "水、白砂糖" } }),
    ],
    [
      cap("这件T恤纯棉的", { attributes: { material: "棉100%" } }),
      cap("这个面料是涤纶的 不是棉哈", { attributes: { material: "涤纶" } }),
      cap("这是新疆阿克苏的", { attributes: { origin: "新疆阿克苏" } }),
      listing({ title: "新疆长绒棉四件套", attributes: { material: "棉100%（新疆长绒棉）", origin: "江苏南通" } }),
      cap("一天换一双", { attributes: { quantity: "3双" } }),
      cap("迪奥平替 这支口红", { attributes: { brand: "花间集" } }),
      cap("新疆西藏除外 都包邮", { attributes: { origin: "山东烟台" } }),
    ],
  ],
];

describe.each(table)("rule %s", (rule, invalid, valid) => {
  it.each(invalid.map((i) => [JSON.stringify(i), i] as const))("reports %s", (_s, item) => {
    expect(cats(item)).toContain(rule);
  });
  it.each(valid.map((i) => [JSON.stringify(i), i] as const))("does not report %s", (_s, item) => {
    expect(cats(item)).not.toContain(rule);
  });
});

/** attribute_mismatch tables of the shipped lexicon: not-claim compounds, aliases, vague and limit numbers. */
describe("attribute_mismatch on the shipped tables", () => {
  const shipped = shippedEngine();
  const found = (item: Item) => shipped.review(item).violations.filter((v) => v.category === "attribute_mismatch").map((v) => v.term);
  it.each([
    ["a compound holding a material word", cap("薅羊毛的机会来了 这件外套", { attributes: { material: "聚酯纤维" } })],
    ["a compound holding a place word", cap("这个哈密瓜味的软糖", { attributes: { origin: "福建晋江" } })],
    ["a sweetener holding a sugar word", listing({ title: "气泡水 0蔗糖", attributes: { 配料: "水、三氯蔗糖、二氧化碳" } })],
    ["a brand alias of the listed brand", cap("这双是耐克正品", { attributes: { brand: "NIKE" } })],
    ["a vague magnitude", cap("我们家一年卖几万斤", { attributes: { netContent: "5斤" } })],
    ["a load limit, not the content", cap("这个架子最大承重150kg", { attributes: { weight: "3kg" } })],
    ["a welcome to a place", cap("欢迎新疆的朋友下单", { attributes: { origin: "山东烟台" } })],
    ["a variety said less exactly than the attribute", listing({ title: "公益普洱茶饼 357g", attributes: { variety: "普洱生茶" } })],
    ["a farm's stock, a hundred times the listing", listing({ title: "猕猴桃 5斤", description: "十万斤猕猴桃还在地里", attributes: { quantity: "5斤" } })],
    ["a bare one-character material word", cap("这款棉服很保暖", { attributes: { material: "聚酯纤维" } })],
    ["a down content the listing states", listing({ title: "羽绒服 90白鸭绒", attributes: { filling: "白鸭绒90%", 面料: "锦纶100%" } })],
    ["a pure shell fabric over a lining of another fibre", listing({ title: "纯棉衬衫", attributes: { 面料: "棉100%", 里料: "聚酯纤维" } })],
    ["100% in the next field", listing({ title: "羽绒服", sellingPoints: ["80灰鸭绒", "100%纯天然"], attributes: { filling: "灰鸭绒80%", fabric: "锦纶100%" } })],
    ["a material family with no grade", cap("不锈钢材质 耐用", { attributes: { material: "201不锈钢" } })],
    ["a grade named for comparison", cap("比201不锈钢更耐腐蚀", { attributes: { material: "304不锈钢" } })],
    ["pure beef seasoned only", listing({ title: "纯牛肉 牛肉干", attributes: { 配料: "牛肉、食用盐、香辛料" } })],
    ["100% whole wheat of whole-wheat flour only", listing({ title: "100%全麦面包", attributes: { 配料: "全麦粉、水、酵母、食用盐" } })],
    ["a pure word that names no ingredient", listing({ title: "纯手工 牛肉干", attributes: { 配料: "猪肉、牛肉" } })],
    ["a place in the ingredient's own province", listing({ title: "赞皇大枣", attributes: { 配料: "红枣（河北沧州）" } })],
    ["a place before another ingredient", listing({ title: "新疆葡萄干面包", attributes: { 配料: "面粉（河北）、葡萄干" } })],
    ["a number that ends a word before a place", listing({ title: "每单捐1元 江西脐橙", attributes: { 产地: "江西赣州" } })],
    ["原厂 with no brand", cap("原厂配件 品质保证", { attributes: { brand: "速联" } })],
  ])("does not report %s", (_why, item) => {
    expect(found(item)).toEqual([]);
  });
  it.each([
    ["bare 蔗糖 against a no-sugar claim", listing({ title: "豆浆粉 无糖", attributes: { 配料: "大豆、蔗糖" } }), "无糖"],
    ["another brand's name", cap("这双是阿迪达斯正品", { attributes: { brand: "NIKE" } }), "阿迪达斯"],
    ["a count above the listing", cap("一共是五万斤", { attributes: { netContent: "5斤" } }), "五万斤"],
    ["a count split across two caption fragments", { id: "f", channel: "caption", fragments: [{ seq: 1, text: "这一盒是四十" }, { seq: 2, text: "八片装的" }], listing: { attributes: { quantity: "8片" } } } as Item, "四十八片"],
    ["a count right after a weight written with 两", listing({ title: "大闸蟹 公4两母3两 8只装", attributes: { quantity: "6只" } }), "8只"],
    ["a material with its content after it", listing({ title: "四件套", sellingPoints: ["棉100%"], attributes: { material: "聚酯纤维" } }), "棉"],
    ["a down content above the listing", listing({ title: "羽绒服 90白鸭绒", attributes: { filling: "白鸭绒70%" } }), "白鸭绒"],
    ["a down grade the listing lacks", cap("这件是95白鹅绒的", { attributes: { 填充物: "灰鹅绒80%" } }), "白鹅绒"],
    ["a steel grade the listing lacks", listing({ title: "保温杯", description: "食品级316不锈钢内胆", attributes: { material: "201不锈钢" } }), "316不锈钢"],
    ["pure beef against another meat", listing({ title: "纯牛肉 牛肉干", attributes: { 配料: "猪肉、牛肉、淀粉、食用盐" } }), "纯牛肉"],
    ["pure honey against a syrup", listing({ title: "纯蜂蜜", attributes: { 配料表: "蜂蜜、果葡糖浆" } }), "纯蜂蜜"],
    ["100% whole wheat against wheat flour", listing({ title: "全麦面包 100%全麦", attributes: { ingredients: "小麦粉、全麦粉、白砂糖" } }), "100%全麦"],
    ["an origin against the ingredient's own", listing({ title: "若羌灰枣", attributes: { ingredients: "红枣（河北沧州）" } }), "若羌"],
    ["another brand's name with 原厂", cap("华为原厂的充电器", { attributes: { brand: "速联" } }), "华为"],
    ["a brand after a sentence ending in 别", cap("跟专柜看不出区别。华为官方正品", { attributes: { brand: "云朵里" } }), "华为"],
  ])("reports %s", (_why, item, term) => {
    expect(found(item)).toContain(term);
  });
});

describe("care instructions on the shipped lexicons", () => {
  const shipped = shippedEngine();
  const rules = (item: Item) => shipped.review(item).violations.filter((v) => v.category === "missing_disclosure").map((v) => v.ruleId);
  it.each([
    ["vegetable seeds with no sowing advice", listing({ title: "番茄种子 100粒装 阳台种植", description: "当年新种，颗粒饱满。" })],
    ["a plant whose only 'care' is settling in after delivery", listing({ title: "龟背竹盆栽 客厅绿植", description: "带原土发货，收到后缓苗一周。" })],
    ["浇水 inside a claim that it needs none", listing({ title: "绿萝盆栽", description: "不用浇水也不会死，适合懒人。" })],
  ])("reports %s", (_why, item) => {
    expect(rules(item)).toContain("missing_disclosure.no-care-instructions");
  });
  it.each([
    ["seeds with sowing advice", listing({ title: "番茄种子 100粒装", description: "播种方法：浸种一夜，覆土一厘米，保持土壤湿润。" })],
    ["a plant with care advice", listing({ title: "龟背竹盆栽", description: "放明亮散射光处，土干了再浇透，冬季室温10℃以上。" })],
    ["a 种子 that is no seed", scr("他是这届比赛的种子选手，一号链接的运动鞋")],
  ])("does not report %s", (_why, item) => {
    expect(rules(item)).toEqual([]);
  });
});
