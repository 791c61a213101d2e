/**
 * attribute_mismatch on the shipped tables: material families (carbon fibre,
 * plastics, upholstery cloth vs leather), the colour aspect, named active
 * ingredients, sugar denials, a main ingredient of another kind, unbranded
 * listings and a country-only origin. Each claim with its clean look-alikes:
 * the same claim when the attribute agrees, denied, or about another thing.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const engine = shippedEngine();
type Listing = NonNullable<Item["listing"]>;
const cap = (text: string, attributes: Record<string, string>): Item => ({ id: "c", channel: "caption", text, listing: { attributes } });
const frags = (texts: string[], attributes: Record<string, string>): Item => ({
  id: "f",
  channel: "caption",
  fragments: texts.map((text, i) => ({ seq: i + 1, text })),
  listing: { attributes },
});
const listing = (l: Listing): Item => ({ id: "l", channel: "listing", listing: l });
const found = (item: Item) =>
  engine
    .review(item)
    .violations.filter((v) => v.category === "attribute_mismatch")
    .map((v) => ({ term: v.term, rule: v.ruleId }));

describe("attribute_mismatch: claims the listing's attributes contradict", () => {
  it.each([
    ["carbon fibre said of a TPU case, across fragments", frags(["这块手机壳后背是纯", "碳纤维材质 轻得很"], { 材质: "TPU" }), "碳纤维材质"],
    ["carbon fibre said of a PC shell", cap("外壳用的碳纤维 很结实", { material: "PC" }), "碳纤维"],
    ["top-grain leather said of tech cloth", cap("这套沙发坐垫是头层牛皮 耐磨", { 材质: "科技布" }), "头层牛皮"],
    ["genuine leather said of a suede-look polyester", cap("靠背那块是真皮的哦", { 面料: "麂皮绒" }), "真皮"],
    ["silicone said of TPU", cap("这个壳是液态硅胶的 手感软", { 材质: "TPU" }), "液态硅胶"],
    ["human hair said of a synthetic wig", cap("这顶整顶都是真人发 能烫能染", { 材质: "高温丝" }), "真人发"],
    ["leather said of this sofa, with 那种", cap("这个沙发就是真皮那种", { 材质: "PU" }), "真皮"],
    ["cotton said of this item, with 的那件", cap("我身上这件就是纯棉的那件 很舒服", { 面料: "聚酯纤维" }), "纯棉"],
    ["human hair said of this wig, with 那顶", cap("这顶就是真人发那顶", { 材质: "高温丝" }), "真人发"],
  ])("material: %s", (_why, item, term) => {
    expect(found(item).map((f) => f.term)).toContain(term);
  });

  it.each([
    ["a flower colour of another family", cap("这盆蟹爪兰开出来是橘黄色的", { 颜色: "白色" }), "橘黄色"],
    ["opens flowers of another colour", cap("这种绣球开蓝色的花 特别仙", { 颜色: "粉色" }), "蓝色"],
    ["a goods colour stated with 是…的", cap("这只保温杯是墨绿色的", { 颜色: "白色" }), "墨绿色"],
    ["a colour going on about it", cap("三枝开的是鹅黄色的很温柔", { 颜色: "紫色" }), "鹅黄色"],
    ["a bare colour word written as a colour", cap("这批开的是紫的", { color: "yellow" }), "紫"],
  ])("colour: %s", (_why, item, term) => {
    const f = found(item);
    expect(f.map((x) => x.term)).toContain(term);
    expect(f.find((x) => x.term === term)?.rule).toBe("attribute_mismatch.color-vs-attributes");
  });

  it.each([
    ["an active ingredient not listed", cap("这瓶水乳添加了百分之三的视黄醇", { 成分: "水、丁二醇、甘油、泛醇" }), "视黄醇"],
    ["an active ingredient by another name, not listed", cap("面霜里富含玻色因", { 全成分: "水、角鲨烷、神经酰胺np" }), "玻色因"],
    ["no sugar added, with sugar listed", cap("这款桃酥我们半点糖都不加", { 配料: "低筋面粉、白砂糖、猪油" }), "糖都不加"],
    ["zero added cane sugar, with white sugar listed", listing({ title: "燕麦脆 零添加蔗糖", attributes: { 配料表: "燕麦、绵白糖、植物油" } }), "零添加蔗糖"],
    ["a sugar denied with a filler between", cap("没加任何糖 放心吃", { 配料: "山楂、冰糖" }), "没加任何糖"],
    ["a whey title over a soy protein list", listing({ title: "分离乳清蛋白 增肌粉", attributes: { 配料: "大豆蛋白、可可粉" } }), "分离乳清蛋白"],
    ["a goat milk title over a cow milk list", listing({ title: "高钙羊奶粉 学生", attributes: { 配料: "生牛乳、白砂糖" } }), "羊奶粉"],
    ["a meat named after an assertion in the description", listing({ title: "肉肠", description: "用的是牛肉，口感扎实", attributes: { 配料: "鸡肉、猪肉、淀粉" } }), "牛肉"],
  ])("ingredients: %s", (_why, item, term) => {
    expect(found(item).map((f) => f.term)).toContain(term);
  });

  it.each([
    ["a brand's original goods on an unbranded listing", cap("这根线就是华为原装的", { 品牌: "无品牌" }), "华为"],
    ["genuine brand goods on a white-label listing", listing({ title: "正品小米 充电宝", attributes: { 品牌: "白牌" } }), "小米"],
  ])("brand: %s", (_why, item, term) => {
    expect(found(item).map((f) => f.term)).toContain(term);
  });

  it.each([
    ["a foreign origin against 中国", listing({ title: "电饭煲", description: "原产地：德国", attributes: { 产地: "中国" } }), "德国"],
    ["a foreign place said to be the origin against 国产", cap("这批是泰国原装的", { origin: "国产" }), "泰国"],
    ["an import claim against 中国大陆", cap("这个面霜是原装进口的", { 产地: "中国大陆" }), "原装进口"],
  ])("origin: %s", (_why, item, term) => {
    expect(found(item).map((f) => f.term)).toContain(term);
  });
});

describe("attribute_mismatch: clean look-alikes", () => {
  it.each([
    // material
    ["carbon fibre said of carbon fibre", cap("这个壳是碳纤维的", { 材质: "碳纤维" })],
    ["carbon fibre denied", cap("这个壳不是碳纤维的 是TPU软壳", { 材质: "TPU" })],
    ["leather denied with 非", listing({ title: "沙发", description: "面料是科技布，非真皮，好打理", attributes: { 材质: "科技布" } })],
    ["leather named as a likeness", cap("这个科技布摸起来像真皮一样", { 材质: "科技布" })],
    ["leather said of leather", cap("坐垫是头层牛皮的", { 材质: "头层牛皮" })],
    // colour
    ["the listing's colour", cap("开出来是粉红色的", { 颜色: "粉色" })],
    ["a colour overlapping the listing's family", cap("这款是玫红色的", { 颜色: "红色" })],
    ["the pot's colour", cap("花盆是白色的 花是粉色的", { 颜色: "粉色" })],
    ["the leaves' colour", cap("叶子是绿色的 很精神", { 颜色: "紫色" })],
    ["a mixed or random listing colour", cap("这批开出来是黄色的", { 颜色: "混色 随机发" })],
    ["a colour denied", cap("不是红色的哈", { 颜色: "粉色" })],
    ["a colour asked about", cap("这个开出来是红色的吗", { 颜色: "粉色" })],
    ["a choice between colours", cap("你要红色还是粉色", { 颜色: "粉色" })],
    ["a colour word in another word", cap("这个是网红的款", { 颜色: "白色" })],
    ["a colour word that names no colour", cap("我们种的是绿色食品 放心买", { 颜色: "红色" })],
    ["a colour of a noun after it", cap("主播今天是藏青色的外套", { 颜色: "白色" })],
    ["the skin's colour", cap("手背皮肤是白的 上色很明显", { 颜色: "红色" })],
    ["the colour at first bloom", cap("刚开始是白色的 后面越开越粉", { 颜色: "粉色" })],
    // ingredients
    ["an active ingredient listed under another name", cap("里面加了玻尿酸 很补水", { 成分: "水、甘油、透明质酸钠" })],
    ["an active ingredient denied", cap("不含视黄醇 孕妇也能用", { 成分: "水、甘油、泛醇" })],
    ["a sugar denied that the list does not hold", cap("没加白砂糖 甜味来自蜂蜜", { 配料: "燕麦、蜂蜜" })],
    ["no sugar added, with no sugar listed", cap("一点糖都没放", { 配料: "红薯" })],
    ["a sweetener denied, sugar listed", cap("不加糖精", { 配料: "面粉、白砂糖" })],
    ["a flavour, not a meat", listing({ title: "牛肉味饼干", attributes: { 配料: "小麦粉、鸡肉粉、白砂糖" } })],
    ["the kind the list holds", listing({ title: "乳清蛋白粉", attributes: { 配料: "浓缩乳清蛋白、大豆分离蛋白" } })],
    ["a meat named in passing in the description", listing({ title: "鸡肉肠", description: "比猪肉肠更低脂", attributes: { 配料: "鸡肉、鸡皮、淀粉" } })],
    // brand
    ["a fruit on an unbranded listing", cap("这个是苹果 脆甜", { 品牌: "无" })],
    ["goods that fit a brand", cap("适配苹果原装接口 充得快", { 品牌: "无品牌" })],
    ["a brand's goods named for comparison", cap("价格比华为原装的少一半", { 品牌: "无品牌" })],
    ["an empty brand attribute", cap("这是华为原装的", { 品牌: "" })],
    // origin
    ["foreign style words on a Chinese origin", listing({ title: "保温杯", description: "德国工艺 日式简约设计", attributes: { 产地: "中国" } })],
    ["an imported part on a Chinese origin", listing({ title: "电动牙刷", description: "采用进口电机", attributes: { 产地: "中国" } })],
    ["a province on a Chinese origin", cap("这批是浙江永康产的", { 产地: "中国大陆" })],
    ["an import claim denied", cap("不是进口的 国产的", { 产地: "国产" })],
    // another item on sale
    ["the material of another item (去拍…那款)", cap("这个是高温丝的 要烫染的话去拍真人发那款", { 材质: "高温丝" })],
    ["the material of another listing link", cap("这件是涤纶的 全棉的那件在三号链接", { 面料: "聚酯纤维" })],
  ])("does not report %s", (_why, item) => {
    expect(found(item)).toEqual([]);
  });
});

describe("attribute keys", () => {
  it("a key holding words of two kinds takes the longest (面料成分 is material)", () => {
    expect(found(cap("这件是纯棉的", { 面料成分: "聚酯纤维100%" })).map((f) => f.term)).toContain("纯棉");
  });
});

describe("a material value written part by part (面料：…；填充：…)", () => {
  it("a pure claim checks each part on its own: cotton shell and polyester filling is no blend", () => {
    expect(found(cap("主面料是纯棉的", { 材质: "面料：棉100%；填充：聚酯纤维" }))).toEqual([]);
  });
  it("a part that is itself a blend still contradicts a pure claim", () => {
    expect(found(cap("面料是纯棉的", { 材质: "面料：棉60%涤纶40%；填充：聚酯纤维" })).map((f) => f.term)).toContain("纯棉");
  });
  it("an unlabeled value with two materials is still a blend", () => {
    expect(found(cap("这件是纯棉的", { 材质: "棉100% 聚酯纤维" })).map((f) => f.term)).toContain("纯棉");
  });
});
