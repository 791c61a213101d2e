/**
 * Product families for generated listings: a clean listing (title, description
 * sentences, selling points, attributes, shop) and, per family, the way a
 * seller's claim can contradict the attributes (attribute_mismatch).
 * All names, brands and wording here are invented for the generator.
 */
import type { Shop } from "../../src/types.js";
import { AttrBuilder, type AttrName } from "./attr-keys.js";
import type { Rng } from "./prng.js";

export interface Mismatch {
  /** The claim, put in the title or a description sentence ("" when the listing already makes it). */
  claim: string;
  where: "title" | "description";
  /** Attributes that contradict the claim. */
  set: Array<[AttrName, unknown]>;
}

export interface Product {
  family: string;
  title: string;
  sentences: string[];
  sellingPoints: string[];
  attrs: AttrBuilder;
  shop?: Shop;
  /** A live plant, cut flowers or seeds: care instructions are due. */
  live: boolean;
  /** The care sentence a clean live-plant listing carries. */
  care?: string;
  mismatch?: (r: Rng) => Mismatch;
}

const BRANDS = [
  "棉屿", "禾木集", "青岚", "拾光里", "素野", "山岚记", "北禾", "云朵里", "木槿生活", "初见", "简牧", "栖谷",
  "半亩田", "知味坊", "溪畔", "鹿野", "晨曦家", "听雨轩", "暖阳", "小森林", "橙意", "稻香村舍", "雪屿", "松间",
  "迅能", "声驰", "速联", "光合社", "肤研社", "研之秀", "银匠铺", "玉见", "锦绣坊", "匠心厨", "泊岸", "星野",
];

const CITIES = ["杭州", "成都", "广州", "南京", "武汉", "西安", "长沙", "苏州", "青岛", "厦门", "昆明", "郑州", "合肥", "重庆"];

const GENERIC = [
  "下单后48小时内发货，节假日顺延。",
  "支持七天无理由退换，退回时请保持吊牌完好。",
  "默认中通或韵达，偏远地区需补运费。",
  "有任何问题请联系在线客服，工作时间9点到22点。",
  "第一次购买的朋友可以先看看详情页的说明再下单。",
  "图片为实物拍摄，不同显示器可能略有色差。",
  "最近订单较多，发货可能稍有延迟，感谢耐心等待。",
  "收到后如有破损请拍照联系客服处理。",
  "店铺支持开具电子发票，下单时备注抬头即可。",
  "量大可以联系平台客服询问，价格以页面为准。",
  "签收前请当面验货，有问题可以拒收。",
  "本店已开通运费险，退换货更省心。",
];

const pick = <T>(r: Rng, a: readonly T[]) => r.pick(a);

function brand(r: Rng): string {
  return pick(r, BRANDS);
}

// ---------------------------------------------------------------- apparel

const CLOTHES = [
  { name: "圆领短袖T恤", season: "夏季", size: "S-3XL" },
  { name: "连帽卫衣", season: "春秋", size: "M-4XL" },
  { name: "直筒休闲裤", season: "四季", size: "28-38" },
  { name: "碎花连衣裙", season: "夏季", size: "S-XL" },
  { name: "针织开衫", season: "春秋", size: "均码" },
  { name: "衬衫", season: "四季", size: "S-2XL" },
  { name: "家居服套装", season: "四季", size: "M-XXL" },
  { name: "运动短裤", season: "夏季", size: "M-3XL" },
];
const FABRICS = [
  { claim: "纯棉", value: "棉100%", alt: ["聚酯纤维100%", "涤纶95% 氨纶5%", "粘纤65% 聚酯纤维35%"] },
  { claim: "真丝", value: "桑蚕丝100%", alt: ["聚酯纤维100%", "醋酸纤维100%"] },
  { claim: "亚麻", value: "亚麻100%", alt: ["棉55% 聚酯纤维45%", "涤纶100%"] },
  { claim: "莫代尔", value: "莫代尔95% 氨纶5%", alt: ["聚酯纤维100%", "粘纤100%"] },
  { claim: "羊毛", value: "绵羊毛100%", alt: ["腈纶100%", "聚酯纤维70% 腈纶30%"] },
];
const COLORS = ["白色", "黑色", "燕麦色", "雾霾蓝", "卡其", "藏青", "灰绿", "浅粉", "米白"];

function apparel(r: Rng): Product {
  const c = pick(r, CLOTHES);
  const f = pick(r, FABRICS);
  const who = pick(r, ["男士", "女士", "情侣", "中性", "大码"]);
  const a = new AttrBuilder(r);
  const claimInTitle = r.chance(0.6);
  a.set("material", f.value).set("brand", brand(r)).set("size", c.size);
  if (r.chance(0.5)) a.set("color", r.sample(COLORS, r.range(2, 4)).join("、"));
  const title = `${who}${claimInTitle ? f.claim : ""}${c.name} ${c.season}${pick(r, ["新款", "百搭", "宽松", "修身", "基础款"])}`;
  const sentences = [
    `${f.claim}面料，${pick(r, ["柔软亲肤", "透气不闷", "垂感自然", "不易起皱"])}，${pick(r, ["日常通勤", "居家休闲", "出游", "上班上学"])}都合适。`,
    pick(r, ["建议冷水手洗，深浅色分开洗。", "可机洗，建议装洗衣袋，勿暴晒。", "初次洗涤可能有轻微浮色，属正常现象。"]),
    `尺码${c.size}，${pick(r, ["偏大一码", "标准尺码", "建议按平时尺码购买"])}，具体看尺码表。`,
  ];
  return {
    family: "apparel",
    title,
    sentences,
    sellingPoints: r.sample([f.claim, "多色可选", "宽松版型", "不易变形", "亲肤透气", c.season + "新款"], r.range(2, 3)),
    attrs: a,
    live: false,
    mismatch: (r) => ({
      claim: pick(r, [`${f.claim}面料`, `100%${f.claim}`, `${f.claim}材质`, `正品${f.claim}`]),
      where: r.chance(0.6) ? "title" : "description",
      set: [["material", pick(r, f.alt)]],
    }),
  };
}

// ---------------------------------------------------------------- down jackets

function down(r: Rng): Product {
  const who = pick(r, ["女士", "男士", "儿童"]);
  const len = pick(r, ["短款", "中长款", "长款"]);
  const fill = pick(r, [
    { claim: "90白鸭绒", value: "白鸭绒90%", alt: ["灰鸭绒80%", "白鸭绒70%", "聚酯纤维棉"] },
    { claim: "95白鹅绒", value: "白鹅绒95%", alt: ["白鸭绒90%", "灰鹅绒80%"] },
    { claim: "80灰鸭绒", value: "灰鸭绒80%", alt: ["丝绵", "聚酯纤维100%"] },
  ]);
  const grams = pick(r, ["120g", "150g", "180g", "220g", "260g"]);
  const a = new AttrBuilder(r);
  a.set("material", pick(r, ["锦纶100%", "聚酯纤维100%", "锦纶85% 聚酯纤维15%"])).set("filling", fill.value).set("fillContent", grams).set("brand", brand(r));
  return {
    family: "down",
    title: `${who}${len}羽绒服 ${fill.claim} ${pick(r, ["连帽", "立领", "加厚", "轻薄"])}`,
    sentences: [
      `充绒量${grams}，${pick(r, ["蓬松回弹", "轻盈保暖", "锁温效果好"])}。`,
      pick(r, ["面料做了防泼水处理，小雨小雪不怕。", "袖口有防风设计，骑车不灌风。"]),
      pick(r, ["建议干洗或轻柔手洗，勿拧干，平铺晾干。", "收纳时不要压得太久，拿出来拍一拍就蓬松了。"]),
    ],
    sellingPoints: r.sample([fill.claim, `充绒${grams}`, "防泼水", "可拆卸帽"], 2),
    attrs: a,
    live: false,
    mismatch: (r) => ({
      claim: pick(r, [`${fill.claim}填充`, `填充${fill.claim}`, `${fill.claim}`]),
      where: r.chance(0.5) ? "title" : "description",
      set: [["filling", pick(r, fill.alt)]],
    }),
  };
}

// ---------------------------------------------------------------- fresh produce

const PRODUCE = [
  { name: "大米", origin: "黑龙江五常", short: "东北", claim: "五常", variety: "稻花香2号", units: ["5斤", "10斤", "20斤"], alt: ["吉林松原", "辽宁盘锦", "江苏宿迁"], text: ["一年一季，米粒油润，煮饭满屋香。", "当季新米，真空包装，开袋即闻米香。"] },
  { name: "脐橙", origin: "江西赣州", short: "江西", claim: "赣南", variety: "纽荷尔", units: ["5斤", "9斤", "10斤"], alt: ["湖北秭归", "广西桂林", "四川眉山"], text: ["果肉细嫩，酸甜适口。", "树上自然成熟，现摘现发。"] },
  { name: "苹果", origin: "新疆阿克苏", short: "新疆", claim: "阿克苏", variety: "冰糖心红富士", units: ["5斤", "10斤"], alt: ["山东烟台", "陕西洛川", "甘肃天水"], text: ["昼夜温差大，果肉脆甜。", "单果75-85mm，个头均匀。"] },
  { name: "猕猴桃", origin: "陕西周至", short: "陕西", claim: "周至", variety: "徐香", units: ["3斤", "5斤"], alt: ["四川蒲江", "河南西峡"], text: ["到手偏硬，放几天变软再吃。", "和苹果放一起催熟更快。"] },
  { name: "车厘子", origin: "智利", short: "进口", claim: "智利进口", variety: "拉宾斯", units: ["2斤", "5斤"], alt: ["山东烟台", "辽宁大连"], text: ["冷链发货，脆甜多汁。", "果径26-28mm，坏果包赔。"] },
  { name: "大闸蟹", origin: "江苏阳澄湖", short: "江苏", claim: "阳澄湖", variety: "中华绒螯蟹", units: ["8只", "10只"], alt: ["江苏兴化", "安徽宣城"], text: ["鲜活发货，收到请尽快蒸食。", "公蟹4两母蟹3两，个个饱满。"] },
  { name: "蜜薯", origin: "福建六鳌", short: "福建", claim: "六鳌", variety: "六鳌蜜薯", units: ["5斤", "9斤"], alt: ["山东临沂", "河南开封"], text: ["烤着吃流蜜，蒸着吃软糯。", "沙地种植，带泥发货更耐放。"] },
];

function produce(r: Rng): Product {
  const p = pick(r, PRODUCE);
  const unit = pick(r, p.units);
  const a = new AttrBuilder(r);
  a.set("origin", p.origin).set("variety", p.variety).set("quantity", unit);
  if (r.chance(0.4)) a.set("shelfLife", pick(r, ["常温7天", "冷藏15天", "常温30天"]));
  const claimInTitle = r.chance(0.5);
  return {
    family: "produce",
    title: `${claimInTitle ? p.claim : p.short}${p.name} ${p.variety} ${unit}装 ${pick(r, ["产地直发", "当季新货", "坏果包赔", "顺丰冷链"])}`,
    sentences: [`产自${p.origin}，${pick(r, p.text)}`, pick(r, p.text), pick(r, ["收到后请及时开箱，放阴凉通风处。", "个头大小会有差异，介意慎拍。"])],
    sellingPoints: r.sample(["产地直发", `${unit}装`, "现摘现发", "坏果包赔", p.variety], r.range(2, 3)),
    attrs: a,
    live: false,
    mismatch: (r) =>
      r.chance(0.6)
        ? { claim: pick(r, [`正宗${p.claim}${p.name}`, `${p.claim}原产地`, `地道${p.claim}`]), where: r.chance(0.5) ? "title" : "description", set: [["origin", pick(r, p.alt)]] }
        : { claim: `足量${unit}`, where: "description", set: [["quantity", smaller(unit)]] },
  };
}

/** A smaller quantity in the same unit (10斤 -> 6斤). */
function smaller(q: string): string {
  const m = /^(\d+)(.*)$/.exec(q);
  if (!m) return q;
  const n = Number(m[1]);
  return `${Math.max(1, Math.floor(n * 0.6))}${m[2]}`;
}

// ---------------------------------------------------------------- packaged food

const FOODS = [
  { name: "每日坚果", unit: "袋", counts: [15, 30], net: "25g", ingr: "腰果、巴旦木、核桃仁、蔓越莓干、蓝莓干", claim: "0添加", bad: "腰果、巴旦木、核桃仁、白砂糖、食用香精" },
  { name: "原味酸奶", unit: "瓶", counts: [10, 12], net: "200g", ingr: "生牛乳、嗜热链球菌、保加利亚乳杆菌", claim: "0蔗糖", bad: "生牛乳、白砂糖、乳清蛋白粉、嗜热链球菌" },
  { name: "全麦面包", unit: "包", counts: [6, 10], net: "60g", ingr: "全麦粉、水、酵母、食用盐", claim: "100%全麦", bad: "小麦粉、全麦粉、白砂糖、起酥油" },
  { name: "牛肉干", unit: "袋", counts: [5, 10], net: "100g", ingr: "牛肉、食用盐、香辛料", claim: "纯牛肉", bad: "猪肉、牛肉、淀粉、食用盐" },
  { name: "土蜂蜜", unit: "瓶", counts: [1, 2], net: "500g", ingr: "蜂蜜", claim: "纯蜂蜜", bad: "蜂蜜、果葡糖浆" },
  { name: "红枣", unit: "袋", counts: [2, 3], net: "500g", ingr: "红枣", claim: "若羌灰枣", bad: "红枣（河北沧州）" },
];

function food(r: Rng): Product {
  const f = pick(r, FOODS);
  const n = pick(r, f.counts);
  const a = new AttrBuilder(r);
  a.set("ingredients", f.ingr).set("netContent", f.net).set("quantity", `${n}${f.unit}`).set("brand", brand(r));
  if (r.chance(0.5)) a.set("shelfLife", pick(r, ["180天", "12个月", "21天"]));
  return {
    family: "food",
    title: `${f.name} ${f.net}×${n}${f.unit} ${pick(r, ["独立包装", "家庭装", "办公室零食", "早餐搭配"])}`,
    sentences: [
      `配料简单：${f.ingr}。`,
      pick(r, ["开封后请尽快食用，放阴凉干燥处。", "冷藏保存口感更好。", "适合早餐、下午茶或办公室常备。"]),
      `一共${n}${f.unit}，每${f.unit}${f.net}。`,
    ],
    sellingPoints: r.sample([`${n}${f.unit}装`, "独立包装", "配料干净", "口感好"], 2),
    attrs: a,
    live: false,
    mismatch: (r) =>
      r.chance(0.5)
        ? { claim: f.claim, where: r.chance(0.5) ? "title" : "description", set: [["ingredients", f.bad]] }
        : { claim: "", where: "description", set: [["quantity", `${fewerOrMore(r, n)}${f.unit}`]] },
  };
}

// ---------------------------------------------------------------- flowers (instant retail)

const FLOWERS = [
  { name: "红玫瑰", variety: "卡罗拉" },
  { name: "粉玫瑰", variety: "戴安娜" },
  { name: "白玫瑰", variety: "白雪山" },
  { name: "向日葵", variety: "向日葵" },
  { name: "香水百合", variety: "西伯利亚" },
  { name: "郁金香", variety: "郁金香" },
  { name: "康乃馨", variety: "康乃馨" },
];
const FLOWER_CARE = [
  "到手后把茎底斜剪一小段，插入清水，每天换水，避免阳光直射。",
  "养护说明：剪掉泡在水里的叶子，花瓶放阴凉处，两天换一次水。",
  "收到后先深水醒花两小时，之后每天换水并剪根，能开一周左右。",
];

function flower(r: Rng): Product {
  const f = pick(r, FLOWERS);
  const stems = pick(r, [6, 9, 11, 19, 33]);
  const km = r.range(3, 15);
  const a = new AttrBuilder(r);
  a.set("variety", f.variety).set("quantity", `${stems}枝`);
  const shopBrand = `${pick(r, ["花语时光", "暖暖花坊", "城南花事", "一束光", "花间集"])}`;
  const model = pick(r, ["直营", "直营", "代运营", "加盟"]);
  const care = pick(r, FLOWER_CARE);
  return {
    family: "flower",
    title: `${f.name}花束 ${stems}枝 ${pick(r, ["同城送花", "生日礼物", "纪念日", "小时达"])}`,
    sentences: [`花材当天从${pick(r, ["斗南花市", "本地花卉基地", "批发市场"])}进货，${pick(r, ["花头饱满", "新鲜度高", "搭配尤加利"])}。`, care, `配送范围${km}公里以内。`],
    sellingPoints: r.sample(["当日鲜切", "附贺卡", "附养护卡", "同城配送"], 2),
    attrs: a,
    shop: { type: "鲜花店", model, brand: shopBrand, deliveryRange: `${km}km` },
    live: true,
    care,
  };
}

// ---------------------------------------------------------------- potted plants

const PLANTS = [
  { name: "绿萝", care: "喜散射光，避免暴晒；土干了再浇水，浇透为止；冬季保持10℃以上。" },
  { name: "龟背竹", care: "放在明亮散射光处，盆土见干见湿，夏季每周喷叶面水。" },
  { name: "多肉组合", care: "多晒太阳，少浇水，一个月浇一次即可，夏季注意通风遮阴。" },
  { name: "月季", care: "每天至少六小时光照，见干见湿浇水，花后及时修剪残花。" },
  { name: "茉莉花", care: "喜光喜湿，盆土保持微湿，开花期每半月施一次薄肥。" },
  { name: "发财树", care: "耐阴怕涝，半个月浇一次水，冬季放在室内温暖处。" },
  { name: "蓝莓苗", care: "需要酸性土，浇水用雨水或放置过夜的自来水，每天光照充足。" },
];

function plant(r: Rng): Product {
  const p = pick(r, PLANTS);
  const a = new AttrBuilder(r);
  a.set("variety", p.name).set("height", `${r.range(2, 8) * 10}cm`);
  if (r.chance(0.6)) a.set("spec", pick(r, ["含盆", "不含盆", "营养钵"]));
  const care = `养护说明：${p.care}`;
  return {
    family: "plant",
    title: `${p.name}盆栽 ${pick(r, ["客厅绿植", "阳台花卉", "办公室桌面", "带盆带土"])} ${pick(r, ["好养", "四季常绿", "当年开花", "大苗"])}`,
    sentences: [`${pick(r, ["苗株健壮", "根系发达", "带原土发货"])}，${pick(r, ["到手即可摆放", "收到后缓苗一周"])}。`, care, pick(r, ["冬季发货做了保温包装。", "快递途中叶片轻微损伤属正常。"])],
    sellingPoints: r.sample(["带盆发货", "附养护指南", "根系发达", "好养活"], 2),
    attrs: a,
    live: true,
    care,
  };
}

// ---------------------------------------------------------------- seeds

const SEEDS = [
  { name: "百日草花种子", care: "撒在松软营养土上，薄盖一层土，保持湿润，约一周出苗。" },
  { name: "番茄种子", care: "先用温水浸种六小时，育苗后移栽，保证日照充足。" },
  { name: "生菜种子", care: "春秋两季播种，撒播后轻压，出苗前保持土壤湿润。" },
  { name: "向日葵种子", care: "直播即可，行距30厘米，浇透水，出苗后间苗。" },
  { name: "薄荷种子", care: "种子细小，和细沙混合撒播，用喷壶浇水，避免冲散。" },
];

function seed(r: Rng): Product {
  const s = pick(r, SEEDS);
  const n = pick(r, [50, 100, 200, 500]);
  const a = new AttrBuilder(r);
  a.set("quantity", `${n}粒`).set("variety", s.name.replace("种子", ""));
  const care = `播种方法：${s.care}`;
  return {
    family: "seed",
    title: `${s.name} ${n}粒装 ${pick(r, ["阳台种植", "四季可播", "庭院", "新手友好"])}`,
    sentences: [`当年新种，${pick(r, ["颗粒饱满", "独立包装", "附种植卡"])}。`, care],
    sellingPoints: r.sample([`${n}粒装`, "当年新种", "附种植说明"], 2),
    attrs: a,
    live: true,
    care,
  };
}

// ---------------------------------------------------------------- cosmetics

const COSMETICS = [
  { name: "保湿面霜", net: "50g", key: "神经酰胺" },
  { name: "修护精华液", net: "30ml", key: "烟酰胺" },
  { name: "氨基酸洗面奶", net: "120g", key: "氨基酸表活" },
  { name: "防晒乳", net: "40ml", key: "物理防晒剂" },
  { name: "护手霜", net: "75g", key: "乳木果油" },
  { name: "洗发水", net: "500ml", key: "生姜提取物" },
];

function cosmetic(r: Rng): Product {
  const c = pick(r, COSMETICS);
  const a = new AttrBuilder(r);
  a.set("brand", brand(r)).set("netContent", c.net);
  if (r.chance(0.5)) a.set("shelfLife", "3年");
  return {
    family: "cosmetic",
    title: `${c.name} ${c.net} ${pick(r, ["秋冬干皮", "温和不刺激", "清爽不油腻", "学生党"])}`,
    sentences: [
      `含${c.key}，${pick(r, ["质地清爽", "质地偏滋润", "好推开", "不搓泥"])}。`,
      "第一次使用建议先在耳后或手腕内侧试用，观察24小时。",
      pick(r, ["开封后12个月内用完。", "避免阳光直射，放阴凉处保存。"]),
    ],
    sellingPoints: r.sample([c.key, "温和配方", c.net + "大容量", "无酒精"], 2),
    attrs: a,
    live: false,
  };
}

// ---------------------------------------------------------------- electronics

const GADGETS = [
  { name: "充电宝", spec: "20000mAh", text: "支持22.5W快充，额定能量74Wh，可带上飞机。", famous: "小米" },
  { name: "蓝牙耳机", spec: "续航30小时", text: "主动降噪，入耳检测，双设备连接。", famous: "苹果" },
  { name: "快充充电器", spec: "65W", text: "氮化镓方案，体积小，多协议兼容。", famous: "华为" },
  { name: "机械键盘", spec: "87键", text: "热插拔轴座，三模连接。", famous: "罗技" },
  { name: "智能手环", spec: "1.6寸屏", text: "心率睡眠监测，14天续航。", famous: "华为" },
];

function electronic(r: Rng): Product {
  const g = pick(r, GADGETS);
  const b = brand(r);
  const a = new AttrBuilder(r);
  a.set("brand", b).set("spec", g.spec);
  if (r.chance(0.4)) a.set("color", pick(r, ["黑色", "白色", "灰色"]));
  return {
    family: "electronic",
    title: `${b} ${g.name} ${g.spec} ${pick(r, ["便携", "新款", "学生", "商务"])}`,
    sentences: [g.text, pick(r, ["一年质保，质量问题换新。", "包装内含说明书和数据线。"]), pick(r, ["充电时请使用合格适配器。", "请勿放在高温环境中。"])],
    sellingPoints: r.sample([g.spec, "一年质保", "轻薄便携"], 2),
    attrs: a,
    live: false,
    mismatch: (r) => ({ claim: `${g.famous}${pick(r, ["原装", "官方正品", "原厂"])}`, where: r.chance(0.5) ? "title" : "description", set: [] }),
  };
}

// ---------------------------------------------------------------- jewellery

const JEWELS = [
  { name: "手镯", claim: "和田玉", value: "和田玉（青白玉）", alt: ["石英岩玉", "玻璃"] },
  { name: "锁骨链", claim: "S925银", value: "S925银", alt: ["铜合金镀银", "钛钢"] },
  { name: "戒指", claim: "18K金", value: "18K金", alt: ["铜镀金", "合金"] },
  { name: "手串", claim: "天然黑曜石", value: "黑曜石", alt: ["玻璃", "树脂"] },
  { name: "耳钉", claim: "淡水珍珠", value: "淡水珍珠", alt: ["贝珠", "塑料仿珍珠"] },
];

function jewelry(r: Rng): Product {
  const j = pick(r, JEWELS);
  const a = new AttrBuilder(r);
  a.set("material", j.value, ["material", "材质"]).set("brand", brand(r));
  return {
    family: "jewelry",
    title: `${j.claim}${j.name} ${pick(r, ["简约", "送女友", "小众设计", "百搭"])}`,
    sentences: [`${pick(r, ["做工细致", "抛光亮面", "佩戴舒适"])}，附${pick(r, ["首饰盒", "鉴定证书", "擦银布"])}。`, pick(r, ["日常佩戴避免接触香水和汗水。", "洗澡游泳时请摘下。"])],
    sellingPoints: r.sample([j.claim, "附证书", "礼盒包装"], 2),
    attrs: a,
    live: false,
    mismatch: (r) => ({ claim: pick(r, [`天然${j.claim}`, `正品${j.claim}`, j.claim]), where: r.chance(0.5) ? "title" : "description", set: [["material", pick(r, j.alt)]] }),
  };
}

// ---------------------------------------------------------------- home and kitchen

/** Each home good with the material claims a seller may make for it and what the attributes may say instead. */
const HOME = [
  { name: "不锈钢炒锅", spec: "32cm", material: "304不锈钢", text: "无涂层，燃气电磁炉通用。", claims: ["食品级316不锈钢", "304不锈钢"], alt: ["201不锈钢", "430不锈钢"] },
  { name: "保温杯", spec: "500ml", material: "316不锈钢", text: "保温12小时，杯盖可拆洗。", claims: ["食品级316不锈钢", "316不锈钢内胆"], alt: ["201不锈钢", "304不锈钢"] },
  { name: "四件套", spec: "1.8m床", material: "棉100%", text: "40支高密，亲肤不起球。", claims: ["纯棉", "100%棉"], alt: ["聚酯纤维", "涤纶"] },
  { name: "记忆棉枕头", spec: "60x40cm", material: "慢回弹记忆棉", text: "枕套可拆洗，枕芯请勿水洗。", claims: ["纯天然乳胶", "天然乳胶"], alt: ["聚氨酯海绵", "慢回弹记忆棉"] },
  { name: "收纳箱", spec: "55L", material: "PP塑料", text: "带滑轮，可叠放。", claims: ["实木", "纯竹"], alt: ["PP塑料", "ABS塑料"] },
];

/** A count that differs from n: fewer when that stays at least 1, else more. */
function fewerOrMore(r: Rng, n: number): number {
  const fewer = n - r.range(2, 5);
  return fewer >= 1 ? fewer : n + r.range(2, 5);
}

function home(r: Rng): Product {
  const h = pick(r, HOME);
  const a = new AttrBuilder(r);
  a.set("material", h.material, h.name === "四件套" ? undefined : ["material", "材质", "材料"]).set("spec", h.spec).set("brand", brand(r));
  return {
    family: "home",
    title: `${h.material.replace(/100%$/, "")}${h.name} ${h.spec} ${pick(r, ["家用", "宿舍", "新款", "加厚"])}`,
    sentences: [h.text, pick(r, ["首次使用前请清洗。", "收到后拆开通风半天。"]), pick(r, ["支持七天无理由。", "有问题随时联系客服。"])],
    sellingPoints: r.sample([h.material, h.spec, "家用必备"], 2),
    attrs: a,
    live: false,
    mismatch: (r) => ({ claim: pick(r, h.claims), where: "description", set: [["material", pick(r, h.alt)]] }),
  };
}

// ---------------------------------------------------------------- wellness (a frequent source of efficacy claims)

const WELLNESS = [
  { name: "艾草足浴包", spec: "30包", text: "睡前泡脚，热水冲泡十分钟。" },
  { name: "护膝", spec: "一对", text: "加绒保暖，魔术贴可调节松紧。" },
  { name: "颈椎按摩仪", spec: "三档调节", text: "低频脉冲，USB充电。" },
  { name: "菊花枸杞茶", spec: "150g", text: "独立三角包，热水冲泡即可。" },
  { name: "暖宫贴", spec: "10片", text: "发热8小时，贴在衣服外侧。" },
];

function wellness(r: Rng): Product {
  const w = pick(r, WELLNESS);
  const a = new AttrBuilder(r);
  a.set("brand", brand(r)).set("spec", w.spec);
  return {
    family: "wellness",
    title: `${w.name} ${w.spec} ${pick(r, ["家用", "冬季", "送长辈", "办公室"])}`,
    sentences: [w.text, pick(r, ["孕妇及过敏体质请咨询医生后使用。", "本品不能代替药物。"]), pick(r, ["感觉不适请停止使用。", "使用时注意温度，避免烫伤。"])],
    sellingPoints: r.sample([w.spec, "家用方便", "送礼佳品"], 2),
    attrs: a,
    live: false,
  };
}

export interface Family {
  name: string;
  weight: number;
  make: (r: Rng) => Product;
}

export const FAMILIES: Family[] = [
  { name: "apparel", weight: 16, make: apparel },
  { name: "down", weight: 5, make: down },
  { name: "produce", weight: 12, make: produce },
  { name: "food", weight: 10, make: food },
  { name: "flower", weight: 8, make: flower },
  { name: "plant", weight: 7, make: plant },
  { name: "seed", weight: 4, make: seed },
  { name: "cosmetic", weight: 9, make: cosmetic },
  { name: "electronic", weight: 9, make: electronic },
  { name: "jewelry", weight: 6, make: jewelry },
  { name: "home", weight: 8, make: home },
  { name: "wellness", weight: 6, make: wellness },
];

export function makeProduct(r: Rng, family?: string): Product {
  const f = family ? FAMILIES.find((x) => x.name === family) : FAMILIES[r.weighted(FAMILIES.map((x) => x.weight))];
  if (!f) throw new Error(`unknown product family ${family}`);
  return f.make(r);
}

export const GENERIC_SENTENCES = GENERIC;
export const SHOP_CITIES = CITIES;
