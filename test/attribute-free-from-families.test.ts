/**
 * attribute_mismatch families: free-from claims by class (grain, gluten,
 * hair-dye chemicals, silicone) against the ingredients; a wild claim against a farmed
 * word in any attribute (品种: 养殖…); a thing's figure named inside the value
 * (鱼翅成分每罐不足1克); whole-cut against 调制 meat; a plant's maturity; and the care
 * notes of missing_disclosure (属正常现象). Each family with its clean look-alikes.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const engine = shippedEngine();
let n = 0;
const cap = (text: string, attributes: Record<string, string>, title = "商品"): Item => ({ id: `fe${++n}`, channel: "caption", text, listing: { title, attributes } });
const listing = (title: string, attributes: Record<string, string>, description = ""): Item => ({
  id: `fe${++n}`,
  channel: "listing",
  listing: { title, description, sellingPoints: [], attributes },
});
const cats = (item: Item, cat: string) => engine.review(item).violations.filter((v) => v.category === cat);

describe("attribute_mismatch families", () => {
  it.each<[string, Item]>([
    ["grain-free dog food listing corn", listing("成犬粮 零谷物配方", { 配料: "鸭肉、玉米淀粉、豌豆" })],
    ["grain-free said aloud with fillers", cap("嗯这个狗粮呢 无谷的 放心喂", { 配料表: "三文鱼粉、糙米、鱼油" })],
    ["gluten-free bread with wheat", listing("全麦吐司 无麸质", { 配料: "全麦粉、小麦粉、酵母" })],
    ["pure-plant hair dye with an oxidation dye", listing("植物染发霜 纯植物 不伤发", { 成分: "水、甲苯-2,5-二胺硫酸盐、指甲花提取物" })],
    ["chemical-free hair dye said aloud", cap("我们家这个染发的啊 零化学添加", { 成分: "对氨基苯酚、海娜粉" })],
    ["silicone-free shampoo listing a siloxane", listing("柔顺洗发露 无硅油", { 成分: "水、月桂醇硫酸酯钠、聚二甲基硅氧烷" })],
    ["wild fish against a farmed variety", cap("这个鲈鱼都是野生的 江里打的", { 品种: "养殖鲈鱼" })],
    ["wild ginseng against a farmed product name", cap("纯野生的 老山里挖出来的", { 品名: "人工种植五年参" })],
    ["plenty of an ingredient against its figure in the value", cap("鱼翅含量很足 每一口都有", { 配料: "鱼翅成分每罐不足1克" })],
    ["whole-cut beef against seasoned meat", cap("这个牛排是原切的 不是拼的", { 加工方式: "调制肉制品" })],
    ["an old stump against a first-year seedling", listing("老桩月季 多头", { 苗龄: "当年苗" })],
    ["a fruiting tree against a small seedling", listing("苹果树 挂果大树 当年结果", { 规格: "扦插小苗" })],
    ["several varieties against one named", listing("绣球花苗 六个品种 一起发", { 品种: "无尽夏" })],
    ["several varieties in the title against one named", listing("欧洲月季苗 八个品种", { 品种: "龙沙宝石" })],
    ["a mix of varieties against one named", listing("郁金香种球 多品种混发", { 品种: "黑骑士" })],
    ["a spirulina figure in the value, plenty said", listing("螺旋藻片 满满的螺旋藻", { 配料: "螺旋藻含量≤5%" })],
  ])("%s", (_what, item) => {
    expect(cats(item, "attribute_mismatch").length).toBeGreaterThan(0);
  });

  it.each<[string, Item]>([
    ["grain-free with no grain listed", listing("猫粮 无谷配方", { 配料: "鸡肉、豌豆、鱼油" })],
    ["no MSG with wheat listed", listing("手工挂面 无谷氨酸钠", { 配料: "小麦粉、食用盐" })],
    ["grain-free denied", cap("这款不是无谷的 含玉米", { 配料: "鸡肉粉、玉米" })],
    ["silicone-free stated in the value", listing("洗发水 无硅油", { 成分: "水、无硅油配方表活" })],
    ["pure vegetable oil, not a dye claim", listing("纯植物油 炒菜香", { 配料: "大豆油、菜籽油" })],
    ["wild said of a wild-harvested variety", cap("这个是野生的", { 品种: "野生小黄鱼" })],
    ["farmed in a brand name", cap("野生的口感", { 品牌: "养殖人家" })],
    ["whole-cut said of whole-cut", cap("原切的牛排 放心买", { 加工方式: "原切" })],
    ["a seedling growing into an old stump", listing("月季小苗 两年就能养成老桩", { 苗龄: "一年苗" })],
    ["several varieties to choose from", listing("绣球花苗 六个品种可选", { 品种: "无尽夏" })],
    ["several varieties, all of them listed", listing("绣球花苗 三个品种", { 品种: "无尽夏、花手鞠、万华镜" })],
    ["several varieties said by a host", cap("我们直播间有六个品种", { 品种: "无尽夏" })],
    ["a sugar alcohol is no gluten", listing("无麸质 低卡饼干", { 配料: "燕麦、麦芽糖醇、麦芽糊精" })],
    ["buckwheat flour is no wheat", listing("无麸质 荞麦挂面", { 配料: "荞麦面粉、饮用水" })],
    ["a figure ending in 0 is no zero claim", listing("100谷物 杂粮冲饮", { 配料: "燕麦、玉米、小麦" })],
    ["a term the value denies with 0", listing("洗发露 无硅油", { 成分: "水、0硅油柔顺剂" })],
    ["a denial heading a run of terms", listing("狗粮 无谷", { 配料: "鸭肉、豌豆，不含玉米小麦" })],
    ["a plant-extract lotion is no hair dye", listing("纯植物萃取 滋润面霜", { 成分: "水、甘油、三乙醇胺" })],
    ["a plant toothpaste is no hair dye", listing("纯植物 亮白牙膏", { 成分: "碳酸钙、过氧化氢" })],
    ["farmed in a use attribute", cap("野生的鱼爱吃这个饲料", { 适用: "水产养殖" })],
    ["farmed in an origin attribute", cap("野生的口感", { 产地: "寿光大棚基地" })],
    ["farmed in a spec attribute", cap("纯野生的", { 规格: "家养小份" })],
    ["a grower's count of varieties tried", listing("红颜草莓 现摘", { 品种: "红颜" }, "我们试种了8个品种，这款最甜")],
    ["one of a tea's famous varieties", listing("岩茶四大品种之一 水仙", { 品种: "水仙" })],
    ["a shop with many varieties", listing("多肉植物 品种齐全 店里挑", { 品种: "熊童子" })],
    ["varieties separated by a space", listing("多肉拼盘 5个品种混发", { 品种: "熊童子 桃蛋" })],
    ["the real figure said", cap("鱼翅成分每罐不足1克 主要是汤", { 配料: "鱼翅成分每罐不足1克" })],
  ])("%s: clean", (_what, item) => {
    expect(cats(item, "attribute_mismatch")).toEqual([]);
  });
});

describe("care notes", () => {
  it("a note that shedding is normal counts as care given", () => {
    expect(cats(listing("向日葵花束 同城", {}, "花瓣轻微卷边属正常现象，收到请及时醒花"), "missing_disclosure")).toEqual([]);
    expect(cats(listing("向日葵花束 同城", {}, "新鲜采摘"), "missing_disclosure").length).toBeGreaterThan(0);
  });
});
