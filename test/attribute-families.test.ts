/**
 * attribute_mismatch.claim-vs-attributes on the shipped tables, for the claim
 * families added together: engineered boards said to be solid wood or absent,
 * wood species, a condition grade above the listing's, a flaw said to be absent,
 * the year of the goods, exclusive kinds of one raw material (tree age of tea,
 * single or blended, harvest season, bird's nest form), power and battery
 * figures, and the brand of what the goods fit (no brand claim). Each positive:
 * the rule id, the span (field and original offsets of the claimed words), the
 * typed aspect and no fix (only the writer knows what the listing says); each
 * family with its clean look-alikes.
 */
import { describe, expect, it } from "vitest";
import type { Aspect, Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { fieldText } from "./support/items.js";

const RULE = "attribute_mismatch.claim-vs-attributes";
const engine = shippedEngine();
let n = 0;
const cap = (text: string, attributes: Record<string, string>): Item => ({ id: `fam${++n}`, channel: "caption", text, listing: { attributes } });
const listing = (title: string, attributes: Record<string, string>, description = ""): Item => ({
  id: `fam${++n}`,
  channel: "listing",
  listing: { title, description, sellingPoints: [], attributes },
});
const found = (item: Item) => engine.review(item).violations.filter((v) => v.category === "attribute_mismatch");


describe("attribute_mismatch: claim families checked against the attributes", () => {
  it.each<[string, Item, string, Aspect]>([
    ["solid wood said of the whole, the attribute naming a board", cap("这张书桌全都是实木做的", { 材质: "松木指接板+密度板" }), "实木", "material"],
    ["solid wood said of a board sold with 实木 in its name", cap("这个床头柜是实木的", { 材质: "实木多层板" }), "实木", "material"],
    ["boards said to be absent, the attribute naming one", cap("衣柜里找不到一块板子 全是木头", { 材质: "橡胶木+刨花板" }), "板子", "material"],
    ["pure cotton said of cotton blended with a synthetic named by its family word", cap("这床被套是纯棉的 睡着透气", { 面料: "棉60% 化纤40%" }), "纯棉", "material"],
    ["a seawater pearl kind said of freshwater pearls", cap("这条链子是南洋白珠 光泽特别足", { 材质: "淡水珍珠" }), "南洋白珠", "material"],
    ["rosewood said of African padauk", listing("檀香紫檀手串 老料 2.0", { 材质: "非洲血檀" }), "檀香紫檀", "material"],
    ["a board named and said to be absent", cap("柜门没有一块颗粒板", { 材质: "实木颗粒板" }), "颗粒板", "material"],
    ["synthetic fibre said to be absent from a blend", cap("这条裤子一点化纤都没有", { 面料: "棉70% 锦纶30%" }), "化纤", "material"],
    ["one precious wood species for another", cap("这是正宗的海南黄花梨", { 材质: "东京黄檀（越南黄花梨）" }), "海南黄花梨", "material"],
    ["oak said of rubberwood", cap("餐椅是纯橡木的", { 材质: "橡胶木" }), "橡木", "material"],
    ["a grade said in figures above the condition attribute", cap("这个单反九五新 镜头干净", { 成色: "八成新" }), "九五新", "condition"],
    ["a grade in tenths above the attribute", cap("整体9.5成新的", { 新旧程度: "7成新" }), "9.5成新", "condition"],
    ["near-new said in words above the attribute", cap("表带没怎么戴过 很新", { 品相: "8成新" }), "没怎么戴过", "condition"],
    ["a stated flaw said to be absent", cap("镜面一点划痕都看不到", { 瑕疵: "镜面有两道细小划痕" }), "划痕", "condition"],
    ["any flaw denied against a grade below near-new", cap("没有任何使用痕迹的", { 成色: "九成新" }), "使用痕迹", "condition"],
    ["a four-digit year other than the attribute's", cap("这是2008年的熟普 汤色红浓", { 年份: "2020" }), "2008年", "year"],
    ["a year in Chinese digits with a leading zero", cap("零九年压的饼 越放越香", { 年份: "2017年" }), "零九年", "year"],
    ["ancient-tree tea said of terrace tea", cap("这款生普是古树的料", { 原料: "台地茶" }), "古树", "variety"],
    ["single-origin said of a blend", cap("百分百纯料 一口就知道", { 工艺: "拼配" }), "纯料", "variety"],
    ["spring tea said of an autumn harvest", cap("我们这个是头春的", { 采摘季节: "秋茶" }), "头春", "variety"],
    ["whole nests said of strips", cap("盒子里都是整盏的", { 规格: "燕条" }), "整盏", "variety"],
    ["a spring flush claimed beside the autumn tea's own name, no explaining link", cap("秋茶的价格 头春的口感", { 采摘季节: "秋茶" }), "头春", "variety"],
    ["whole-cut said, the listing's processed kind denied in the same clause", cap("这块是原切的 可不是拼接肉 放心", { 工艺: "拼接调理" }), "原切", "variety"],
    ["a power in Chinese numerals above the rating", cap("这台暖风机两千瓦的 十分钟屋里就暖了", { 额定功率: "800W" }), "两千瓦", "quantity"],
    ["a battery capacity above the rating", cap("充电宝三万毫安的 出差带着", { 电池容量: "10000mAh" }), "三万毫安", "quantity"],
    ["an original claim of a fitted brand", cap("这是华为原装的壳", { 品牌: "壳匠", 适用机型: "华为Mate60" }), "华为", "brand"],
    ["another brand's original goods on a branded listing", listing("苹果原装数据线 快充", { 品牌: "绿联" }), "苹果", "brand"],
    ["titanium said of a TR90 frame", cap("这副眼镜整个都是纯钛的", { 框架材质: "TR90" }), "纯钛的", "material"],
    ["layered Damascus steel said of a plain stainless blade", cap("这把是大马士革钢 花纹很漂亮", { 刀身材质: "5Cr15MoV" }), "大马士革钢", "material"],
    ["one baijiu aroma type for another", listing("酱香型 纯粮白酒 整箱", { 香型: "浓香型" }), "酱香型", "variety"],
    ["a gold fineness counted in nines above the listing's", cap("这只镯子是五个九的 送人有面子", { 材质: "足金990" }), "五个九", "material"],
    ["thousand-fine gold said of 990 gold", listing("千足金转运珠 手绳款", { 材质: "990足金" }), "千足金", "material"],
    ["tofu litter said of clay litter", cap("这袋是纯豆腐砂 用完直接倒马桶", { 材质: "钠基膨润土" }), "纯豆腐砂", "material"],
    ["untreated jade said of acid-bleached, resin-filled stone", listing("天然翡翠吊坠 冰种", { 材质: "翡翠（酸洗注胶处理）" }), "天然翡翠", "material"],
  ])("%s", (_what, item, claimed, aspect) => {
    const hits = found(item);
    const v = hits.find((x) => x.evidence?.aspect === aspect && fieldText(item, x.field).slice(x.start, x.end) === claimed);
    expect(v, JSON.stringify(hits.map((x) => [x.term, x.evidence?.aspect]))).toBeDefined();
    expect(v!.ruleId).toBe(RULE);
    expect(v!.spans[0]).toEqual({ field: v!.field, start: v!.start, end: v!.end });
    expect(v!.fix).toBeUndefined();
    expect(v!.suggestion).toContain("如实描述");
  });

  it.each<[string, Item]>([
    ["a part said to be solid wood, the rest admitted a board", cap("桌腿是实木的 桌面是密度板", { 材质: "橡胶木+密度板" })],
    ["strips explained as what breaks off whole nests, in one clause", listing("燕条 250g 实惠装", { 规格: "燕条" }, "燕条是燕盏挑毛时断下来的部分，口感一样")],
    ["pure polyester said of a polyester value glossed by its family word", cap("这件外套是纯涤纶的 好打理", { 面料: "聚酯纤维(化纤)" })],
    ["cotton content said as the blend is", cap("棉占六成 剩下的是化纤 不起球", { 面料: "棉60% 化纤40%" })],
    ["freshwater pearls said not to be seawater ones", cap("这是淡水珠 不是海水珠 价格在这", { 材质: "淡水珍珠" })],
    ["a seawater pearl kind among several, no grade", cap("海水珍珠的光泽更冷一点", { 材质: "akoya海水珍珠" })],
    ["not all solid wood (the pure word negated)", cap("不全是实木 柜体用的颗粒板", { 材质: "橡胶木+颗粒板" })],
    ["no boards, on solid walnut", cap("一块板子都没有 全是实木的", { 材质: "北美黑胡桃" })],
    ["a board's smell, not the board", cap("没有板材那种刺鼻味道", { 材质: "实木+密度板" })],
    ["not pure cotton, said of a blend", cap("不是纯棉的 棉只占六成", { 面料: "棉60% 聚酯纤维40%" })],
    ["a fibre the attribute itself denies", cap("这款不含涤纶", { 面料: "棉95% 氨纶5%，不含涤纶" })],
    ["the other species denied, the listed one claimed", cap("不是大叶紫檀 是小叶紫檀", { 材质: "小叶紫檀" })],
    ["a colour named after a wood", cap("颜色是胡桃木色的", { 材质: "橡胶木" })],
    ["a wood the goods are compared with", cap("比橡木还硬", { 材质: "橡胶木" })],
    ["the attribute's own grade and flaw", cap("九成新的 有轻微划痕", { 成色: "9成新" })],
    ["a grade asked, not said", cap("是九五新吗 我看看", { 成色: "八成新" })],
    ["a new model, not a grade", cap("2024新款 今年卖得最好", { 成色: "九成新" })],
    ["a TR90 frame said to be light", cap("镜框超轻 戴一天不压鼻梁", { 框架材质: "TR90" })],
    ["a knife steel named by its grade, said to be stainless", cap("刀身是不锈钢的 不容易生锈", { 材质: "3Cr13" })],
    ["the listing's own aroma type", listing("浓香型 纯粮酒 五百毫升", { 香型: "浓香型" })],
    ["a grade at least the attribute's", cap("九五新 放心", { 成色: "9成新以上" })],
    ["a new year, no grade", cap("家人们 全新的一年 冲呀", { 品相: "9成新" })],
    ["a flaw said to be absent on a new item", cap("这件没有起球 也不褪色", { 成色: "全新" })],
    ["the year a shop was founded", cap("我们品牌成立于2006年", { 年份: "2019" })],
    ["a date of shipping", cap("2024年3月统一发货", { 年份: "2019" })],
    ["a span of years, not a year", cap("存了十五年", { 年份: "2008" })],
    ["a year within the attribute's range", cap("2006年的也有", { 年份: "2005-2008" })],
    ["one season compared with another", cap("春茶比秋茶贵", { 采摘季节: "春茶" })],
    ["the listing's own brand holding a kind word", cap("古树茶业出品", { 原料: "台地茶", 品牌: "古树茶业" })],
    ["ten thousand sales written with w", cap("月销10w+ 回购的很多", { 功率: "20W" })],
    ["a peak power above the rating", cap("峰值1500瓦", { 功率: "1200W" })],
    ["a fit word before the brand", cap("适用于苹果原装充电线", { 品牌: "绿联" })],
    ["a fit word after the brand and a model", cap("华为mate60专用 手感很好", { 品牌: "壳匠" })],
    ["the brand denied right before it", listing("磨砂手机壳 防摔", { 品牌: "壳匠", 适用机型: "iPhone 15" }, "本店商品非苹果原装，请知悉。")],
    ["a bare 是 before a brand the goods fit", cap("是华为的 mate60能用", { 品牌: "壳匠", 适用机型: "华为Mate60" })],
    ["a fit protocol named with an original word", cap("兼容华为原厂快充协议", { 品牌: "倍思" })],
    ["足金 said of thousand-fine gold (a minimum, no grade)", cap("足金的 有证书", { 材质: "千足金999" })],
    ["the listing's own fineness in nines", cap("三个九的千足金 克价今天便宜", { 材质: "千足金" })],
    ["a mixed litter's tofu part", cap("一半豆腐砂一半膨润土 结团快", { 材质: "豆腐砂+膨润土混合" })],
    ["treated jade named as a contrast on an untreated listing", cap("b货才那么便宜 咱这只有鉴定证书", { 材质: "翡翠A货" })],
    ["treated jade sold as treated", listing("翡翠手镯 B货 入门款", { 材质: "翡翠（B货）" })],
  ])("stays clean on %s", (_what, item) => {
    expect(found(item).map((v) => `${v.term} (${v.evidence?.aspect})`)).toEqual([]);
  });
});
