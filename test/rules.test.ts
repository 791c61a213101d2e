/** Valid/invalid cases for the code matchers, on the fixture lexicon's data, checked like textlint's tester (rule id, span, suggestion, fix). */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { fixtureEngine, shippedEngine } from "./support/engine.js";
import { testRule } from "./support/rule-tester.js";

const engine = fixtureEngine();

const listing = (listing: Item["listing"]): Item => ({ id: "l", channel: "listing", listing });
const cap = (text: string, l?: Item["listing"]): Item => ({ id: "c", channel: "caption", text, listing: l });
const scr = (text: string): Item => ({ id: "s", channel: "script", text });

const PRICE = "只标注真实成交过的价格，如“日常价X元，今日直播间X元”";
const RANGE = "配送范围按门店实际配送能力设置，不超过20公里";
const CHAIN = "代运营门店请使用“品牌合作门店”的表述";
const CARE = "补充养护说明：光照、浇水、温度等注意事项";
const ATTR = "按商品属性如实描述材质、品牌、数量、品种/产地和成分";

/** Each code rule on the fixture lexicon: every finding with its words, place, suggestion and fix (none of these offers one). */
testRule(() => engine, "price_fraud.invented-original-price", {
  invalid: [
    { item: cap("原价六百八 今天直播间九块九"), errors: [{ span: "原价六百八 今天直播间九块九", field: "text", start: 0, suggestion: PRICE, fix: null }] },
    { item: listing({ title: "睡衣 原价1999 限时59" }), errors: [{ span: "原价1999 限时59", field: "listing.title", start: 3, suggestion: PRICE, fix: null }] },
    { item: scr("专柜卖2999，今天199"), errors: [{ span: "专柜卖2999，今天199", field: "text", start: 0 }] },
    // the original repeated, as a host does, is no selling price: the one after it is
    { item: cap("原价八万八啊八万八 今天九千九"), errors: [{ span: "原价八万八啊八万八 今天九千九", field: "text", start: 0 }] },
  ],
  // a lone numeral before a count word counts something (三位数, 一个), no price
  valid: [cap("日常价129 今天99"), cap("原价299 今天199"), cap("不是原价六百八哈 今天九块九"), cap("专柜要两万多 我们这个跟专柜一个样"),
    // a longer number before a count word counts too (30天内可退): the reference price has a source, no selling price
    listing({ title: "烤鱼双人餐", description: "划线价268元为店内价目表标价，45天内有效" }),
    // a clock hour or a date after the reference price is the offer's end, no selling price
    cap("原价二百六 券后价活动十一点截止 过后恢复"), scr("专柜卖三百二，这个价格到二十八号截止")],
});

testRule(() => engine, "retail_rule.delivery-range", {
  invalid: [
    { item: cap("配送范围三十公里都能送"), errors: [{ span: "配送范围三十公里", field: "text", start: 0, suggestion: RANGE, fix: null }] },
    { item: scr("全市60公里范围都给你送"), errors: [{ span: "60公里范围", field: "text", start: 2 }] },
    { item: listing({ title: "鲜花", description: "配送半径３０ｋｍ" }), errors: [{ span: "配送半径３０ｋｍ", field: "listing.description", start: 0 }] },
    { item: listing({ title: "鲜花", shop: { deliveryRange: "25km" } }), errors: [{ span: "25km", field: "listing.shop.deliveryRange", start: 0, suggestion: RANGE, fix: null }] },
    // famJ: the range written in words around the number
    { item: listing({ title: "鲜花", shop: { deliveryRange: "全城配送约30公里" } }), errors: [{ span: "全城配送约30公里", field: "listing.shop.deliveryRange", start: 0, suggestion: RANGE, fix: null }] },
    { item: listing({ title: "鲜花", shop: { deliveryRange: "超出25公里不送" } }), errors: [] },
    // fixO: a bracketed note refusing a place measures that place, not the range; a note that extends it still counts
    { item: listing({ title: "鲜花", shop: { deliveryRange: "8公里内（店离高铁站30公里，高铁站不送）" } }), errors: [] },
    { item: listing({ title: "鲜花", shop: { deliveryRange: "8公里内（节假日可送到30公里）" } }), errors: [{ span: "8公里内（节假日可送到30公里）", field: "listing.shop.deliveryRange", start: 0, suggestion: RANGE, fix: null }] },
  ],
  valid: [cap("配送范围十五公里以内"), cap("配送范围20公里以内"), cap("果园离市区三十公里"), cap("超出30公里不配送")],
});

testRule(() => engine, "retail_rule.agency-chain-claim", {
  invalid: [
    { item: cap("我们是连锁门店", { shop: { model: "代运营" } }), errors: [{ span: "连锁", field: "text", start: 3, suggestion: CHAIN }] },
    {
      item: listing({ title: "花束", sellingPoints: ["加盟连锁品牌"], shop: { model: "代运营" } }),
      errors: [
        { span: "加盟", field: "listing.sellingPoints[0]", start: 0 },
        { span: "连锁", field: "listing.sellingPoints[0]", start: 2 },
      ],
    },
  ],
  valid: [cap("我们是连锁门店", { shop: { model: "加盟" } }), cap("我们是品牌合作门店 不是连锁哈", { shop: { model: "代运营" } })],
});

testRule(() => engine, "missing_disclosure.no-care-instructions", {
  invalid: [
    { item: scr("这盆发财树摆客厅特别大气，一号链接"), errors: [{ span: "发财树", field: "text", start: 2, suggestion: CARE, fix: null }] },
    { item: listing({ title: "多肉组合盆栽 9头", description: "颜色丰富" }), errors: [{ span: "多肉", field: "listing.title", start: 0 }] },
    // Care is given (浇透), but 免打理 hides that it is needed.
    { item: listing({ title: "月季 免打理", description: "土干浇透" }), errors: [{ span: "免打理", field: "listing.title", start: 3 }] },
    // A price said sells a script's plant; a caption that sells is read with its listing.
    { item: scr("小多肉到了，一盆十二块"), errors: [{ span: "多肉", field: "text", start: 1 }] },
    { item: cap("月季小苗到了 上链接", { title: "月季 小苗", description: "两棵装" }), errors: [{ span: "月季", field: "text", start: 0 }] },
  ],
  valid: [
    scr("这盆发财树放散射光处，土干再浇透，一号链接"),
    listing({ title: "仿真绿植 假盆栽" }),
    cap("这盆月季开得好 一号链接"),
    scr("我家阳台的月季开了"),
    // the listing gives the care; a caption with a listing but no selling cue is one moment of the stream
    cap("月季小苗到了 上链接", { title: "月季 小苗", description: "土干浇透，放在光照好的阳台" }),
    cap("这盆月季是老品种了", { title: "月季 小苗" }),
    // 一块 of "together" or "a piece" is no price said
    scr("这盆月季跟那盆绣球放一块儿，开花很好看"),
    scr("月季开了，一块地里种了三十棵"),
  ],
});

testRule(() => engine, "attribute_mismatch.claim-vs-attributes", {
  invalid: [
    { item: cap("这件T恤纯棉的", { attributes: { material: "涤纶" } }), errors: [{ span: "纯棉", field: "text", start: 4, suggestion: ATTR, fix: null }] },
    { item: cap("这个手镯是足金的", { attributes: { material: "925银 镀金" } }), errors: [{ span: "足金", start: 5 }] },
    // The place and the place inside it: two claims.
    { item: cap("这是新疆阿克苏的", { attributes: { origin: "山东烟台" } }), errors: [{ span: "新疆", start: 2 }, { span: "阿克苏", start: 4 }] },
    { item: listing({ title: "进口玫瑰", attributes: { origin: "云南昆明" } }), errors: [{ span: "进口", field: "listing.title", start: 0 }] },
    { item: cap("这是丹东九九草莓", { attributes: { variety: "红颜" } }), errors: [{ span: "九九", start: 4 }] },
    // another species than the variety attribute names
    { item: listing({ title: "车厘子 果苗", attributes: { variety: "李子" } }), errors: [{ span: "车厘子", field: "listing.title", start: 0 }] },
    { item: cap("一共是十双袜子", { attributes: { quantity: "3双" } }), errors: [{ span: "十双", start: 3 }] },
    { item: cap("这支口红是迪奥的 正品迪奥", { attributes: { brand: "花间集" } }), errors: [{ span: "迪奥", start: 5 }, { span: "迪奥", start: 11 }] },
    {
      item: listing({ title: "纯牛奶", description: "生牛乳100%，不加一滴水", attributes: { ingredients: "生牛乳、白砂糖、卡拉胶" } }),
      errors: [
        { span: "100%", field: "listing.description", start: 3 },
        { span: "不加一滴水", field: "listing.description", start: 8 },
      ],
    },
    { item: listing({ title: "饮料 不含蔗糖", attributes: { 配料: "水、白砂糖" } }), errors: [{ span: "不含蔗糖", field: "listing.title", start: 3, fix: null }] },
  ],
  valid: [
    cap("这件T恤纯棉的", { attributes: { material: "棉100%" } }),
    cap("这个面料是涤纶的 不是棉哈", { attributes: { material: "涤纶" } }),
    cap("这是新疆阿克苏的", { attributes: { origin: "新疆阿克苏" } }),
    listing({ title: "新疆长绒棉四件套", attributes: { material: "棉100%（新疆长绒棉）", origin: "江苏南通" } }),
    cap("一天换一双", { attributes: { quantity: "3双" } }),
    cap("迪奥平替 这支口红", { attributes: { brand: "花间集" } }),
    cap("新疆西藏除外 都包邮", { attributes: { origin: "山东烟台" } }),
    listing({ title: "樱桃 果苗", attributes: { variety: "樱桃" } }),
    listing({ title: "樱桃番茄 种子", attributes: { variety: "李子" } }),
    // the attribute's own species named too: the other fruit is a pairing or a comparison
    listing({ title: "美早车厘子 五斤 搭配蓝莓更好吃", attributes: { variety: "美早" } }),
    listing({ title: "红颜草莓 三斤", description: "口感像蓝莓一样清甜", attributes: { variety: "红颜" } }),
  ],
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
    ["a material denied and priced above the goods", cap("这双是PU的 不是真皮 真皮的哪有这个价", { attributes: { material: "PU皮" } })],
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
    // 多肉 said of its keeping is the plant; needs denied in a caption are hidden there.
    ["多肉 said to keep itself", cap("宝子们多肉好养得很 不用管它 五块钱一盆"), "不用管它"],
    ["a soil-dependent blue promised to stay", cap("这盆绣球花到家颜色就这么蓝"), "就这么蓝"],
    ["water and sun denied in one breath", cap("这盆君子兰放家里不用浇水不用晒"), "不用浇水不用晒"],
  ])("reports %s as hidden needs", (_why, item, span) => {
    const hits = shipped.review(item).violations.filter((v) => v.category === "missing_disclosure");
    expect(hits.map((v) => item.text!.slice(v.start, v.end))).toContain(span);
  });
  it.each([
    ["seeds with sowing advice", listing({ title: "番茄种子 100粒装", description: "播种方法：浸种一夜，覆土一厘米，保持土壤湿润。" })],
    ["a plant with care advice", listing({ title: "龟背竹盆栽", description: "放明亮散射光处，土干了再浇透，冬季室温10℃以上。" })],
    ["a 种子 that is no seed", scr("他是这届比赛的种子选手，一号链接的运动鞋")],
    ["a flower shop chain named by 鲜花", scr("我们鲜花连锁在本市有十几家门店，一般两小时内送到")],
    ["fruit called fleshy (这盆 aside, 多肉多汁)", scr("这款番茄多肉多汁，九块九两斤")],
  ])("does not report %s", (_why, item) => {
    expect(rules(item)).toEqual([]);
  });
});
