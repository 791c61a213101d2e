/**
 * Violation templates for generated listings, one spec per category: terms
 * (the words a filter must catch) × frames (where and how a seller says them).
 * The key term of each phrase can be disguised (see disguise.ts).
 * attribute_mismatch, missing_disclosure, retail_rule and prohibited_goods
 * change the listing's structure and are made in listings.ts.
 */
import type { Category } from "../../src/types.js";

export interface PhraseSpec {
  category: Category;
  /** Categories a reviewer may also report for these phrases. */
  allow?: Category[];
  terms: string[];
  /** Title fragments; {T} is the term. */
  title: string[];
  /** Description sentences. */
  sentence: string[];
  /** Selling points. */
  point: string[];
  /** Families the phrase fits (all when absent). */
  families?: string[];
}

const NUM = ["3", "5", "7", "10", "15"];
export const SMALL_NUMBERS = NUM;

export const PHRASES: PhraseSpec[] = [
  {
    category: "absolute_claim",
    allow: ["price_fraud"],
    terms: ["全网最低价", "销量第一", "国家级", "顶级", "唯一", "最好的", "史上最强", "绝对不起球", "永久不褪色", "第一品牌", "最正宗", "独一无二", "全网销量冠军", "行业第一", "最高级", "100%纯天然"],
    title: ["【{T}】", "{T} ", "{T}品质"],
    sentence: ["我们家这款是{T}，放心拍。", "品质{T}，用过都说好。", "{T}，同行比不了。", "敢说{T}，不服来比。", "这款真的是{T}，回购率超高。"],
    point: ["{T}", "{T}品质"],
  },
  {
    category: "absolute_claim",
    terms: ["包成活", "100%成活", "死苗包赔包成活"],
    title: ["{T} ", "【{T}】"],
    sentence: ["新手放心买，{T}。", "我们家的苗{T}，不活免费补发。", "{T}，养不活算我的。"],
    point: ["{T}"],
    families: ["plant"],
  },
  {
    category: "absolute_claim",
    terms: ["100%发芽", "发芽率100%", "保证发芽"],
    title: ["{T} ", "【{T}】"],
    sentence: ["撒下去{T}。", "种子{T}，不发芽全额退。"],
    point: ["{T}"],
    families: ["seed"],
  },
  {
    category: "false_efficacy",
    terms: ["根治失眠", "降血压", "治疗颈椎病", "根治老寒腿", "包治百病", "抗癌", "治好了糖尿病", "降血糖", "治疗脱发", "消除结节", "疏通血管", "根治宫寒"],
    title: ["{T} ", "【{T}】"],
    sentence: ["坚持用一个月，{T}。", "我妈用了以后{T}，邻居都来问。", "老中医推荐，{T}效果明显。", "不用吃药，{T}。"],
    point: ["{T}"],
    families: ["wellness", "food", "cosmetic"],
  },
  {
    category: "false_efficacy",
    terms: ["7天美白", "三天祛斑", "一夜去皱", "永不复发", "立刻见效", "三天瘦十斤", "根治痘痘", "生发"],
    title: ["{T} ", "【{T}】"],
    sentence: ["用了{T}，皮肤科医生都惊了。", "{T}，无效退款。", "亲测{T}。"],
    point: ["{T}"],
    families: ["cosmetic", "wellness"],
  },
  {
    category: "false_efficacy",
    terms: ["一年四季开花不断", "全年365天开花", "一年开花300天"],
    title: ["{T} "],
    sentence: ["这个品种{T}，阳台一直有花看。", "{T}，比普通品种花期长多了。"],
    point: ["{T}"],
    families: ["plant", "seed"],
  },
  {
    category: "price_fraud",
    terms: ["出厂价", "亏本清仓", "跳楼价", "成本价", "亏本冲量", "工厂倒闭清仓", "不赚钱交个朋友", "血亏"],
    title: ["{T} ", "【{T}】"],
    sentence: ["今天{T}，错过等一年。", "老板说了{T}，只卖今天。", "{T}，库存卖完就涨。"],
    point: ["{T}"],
  },
  {
    category: "price_fraud",
    terms: ["原价899", "原价1299", "原价599", "专柜价2680"],
    title: [],
    sentence: ["{T}，今天只要39.9。", "{T}现在9块9。", "{T}，直播间19.9带走。"],
    point: [],
  },
  {
    category: "fake_promotion",
    terms: ["好评返现", "晒图返现", "免单", "0元购", "下单抽奖送iPhone", "人人中奖", "五星好评返5元", "前100名免单"],
    title: ["{T} ", "【{T}】"],
    sentence: ["收货后{T}，联系客服领取。", "{T}，名额有限。", "活动期间{T}。"],
    point: ["{T}"],
  },
  {
    category: "sob_story",
    terms: ["果子滞销", "家里老人生病住院", "孩子学费还没凑齐", "果农含泪求助", "一家人就靠这个活命", "我爸瘫痪在床"],
    title: ["{T} ", "{T} 帮帮忙"],
    sentence: ["今年{T}，求大家帮帮我们。", "{T}，能买一单是一单。", "说实话{T}，求各位好心人下单。"],
    point: ["{T}"],
  },
  {
    category: "charity_misuse",
    // 所得全部捐给灾区 also leans on a disaster.
    allow: ["sob_story", "hot_event_marketing"],
    terms: ["每卖一单捐1元", "公益助农", "爱心义卖", "献爱心", "购买即捐赠山区儿童", "所得全部捐给灾区"],
    title: ["{T} ", "【{T}】"],
    sentence: ["{T}，买就是做公益。", "本店{T}，一起献一份力。", "下单就是{T}。"],
    point: ["{T}"],
  },
  {
    category: "hot_event_marketing",
    // 两会代表推荐 is also a state-endorsement claim.
    allow: ["charity_misuse", "impersonation"],
    terms: ["地震灾区同款", "抗疫必备", "两会代表推荐", "国庆阅兵同款", "党旗元素", "国徽图案", "洪灾现场同款", "神舟飞船同款"],
    title: ["{T} ", "【{T}】"],
    sentence: ["{T}，最近卖爆了。", "趁着热度，{T}限量发售。", "{T}，懂的都懂。"],
    point: ["{T}"],
  },
  {
    category: "fake_news_scene",
    allow: ["impersonation"],
    terms: ["新闻联播报道过", "央视新闻报道", "记者现场探访", "新闻发布会现场", "电视台曝光", "主持人推荐"],
    title: ["{T} ", "【{T}】"],
    sentence: ["这款{T}，品质有保障。", "{T}的产品，大家放心。", "前几天{T}，今天直接发货。"],
    point: ["{T}"],
  },
  {
    category: "impersonation",
    // 国家机关专供, 卫健委推荐 also use state organs to sell (hot_event_marketing, 000 §3.1.5(1)).
    allow: ["fake_news_scene", "hot_event_marketing"],
    terms: ["政府指定产品", "卫健委推荐", "央视合作品牌", "人民日报推荐", "国家机关专供", "官方媒体认证"],
    title: ["{T} ", "【{T}】"],
    sentence: ["我们是{T}，品质放心。", "{T}，值得信赖。", "作为{T}，价格实在。"],
    point: ["{T}"],
  },
  {
    category: "private_trade",
    terms: ["加微信", "私聊", "加我微信", "微信", "线下交易", "私信", "转账"],
    title: ["{T}更便宜 ", "【{T}领券】"],
    sentence: ["想要更低价{T}，备注抖音。", "{T}hg{N}{N}，发你优惠价。", "大单请{T}，走线下价格更低。", "拍之前先{T}，有内部价。"],
    point: ["{T}优惠"],
  },
  {
    category: "bad_values",
    terms: ["大师开光", "转运招财", "旺夫", "辟邪化煞", "穷人别看", "土豪专属", "没钱别买", "改风水"],
    title: ["{T} ", "【{T}】"],
    sentence: ["{T}，戴上就见效。", "这款{T}，买了生意兴隆。", "{T}，有钱人都在用。"],
    point: ["{T}"],
  },
  {
    category: "counterfeit",
    // A famous brand named beside a listing filed under another brand also contradicts its attributes.
    allow: ["attribute_mismatch"],
    terms: ["高仿", "A货", "1:1复刻", "原单", "超A", "精仿", "原厂尾单", "专柜同款货源"],
    title: ["{B}{T} ", "【{T}】{B}同款 "],
    sentence: ["{B}{T}，跟专柜看不出区别。", "{T}，logo刻字都有。", "这批是{T}，懂货的来。"],
    point: ["{T}"],
    families: ["apparel", "jewelry", "electronic", "cosmetic", "down"],
  },
];

/** Luxury brand names counterfeit listings lean on. */
export const FAMOUS_BRANDS = ["香奈儿", "迪奥", "古驰", "LV", "卡地亚", "爱马仕", "巴黎世家", "蔻驰", "阿玛尼"];

/** Goods a listing may not offer at all (prohibited_goods), with their own text. */
export const PROHIBITED: Array<{ title: string; sentence: string; term: string; allow?: Category[] }> = [
  { title: "一次性电子烟 {N}000口 多口味", sentence: "电子烟烟油口味多，顺丰发货。", term: "电子烟" },
  { title: "减肥药 特效瘦身胶囊", sentence: "西布曲明配方，一周见效。", term: "减肥药", allow: ["false_efficacy"] },
  { title: "处方药 代购 无需处方", sentence: "处方药直接发货，不用医生开单。", term: "处方药" },
  { title: "仿真枪 金属 可发射", sentence: "全金属仿真枪，射程远。", term: "仿真枪" },
  { title: "隐形耳机 考试专用", sentence: "配合接收器远程传音，考试作弊不被发现。", term: "考试作弊" },
  { title: "手机定位追踪器 远程监听", sentence: "偷偷安装，对方无感知，实时查看位置。", term: "追踪器" },
  { title: "比特币 矿机 收益日结", sentence: "虚拟币挖矿，稳赚不赔。", term: "虚拟币" },
  { title: "烟花爆竹 大礼包 过年", sentence: "大型礼花弹，快递直发。", term: "烟花爆竹" },
  { title: "管制刀具 弹簧刀 户外", sentence: "开刃管制刀具，防身必备。", term: "管制刀具" },
  { title: "催情水 男女通用", sentence: "催情效果明显，无色无味。", term: "催情" },
  { title: "游戏账号 代练 点卡低价", sentence: "游戏点卡低价出，秒到账。", term: "游戏点卡" },
  { title: "血糖仪 医用 家庭检测", sentence: "医疗器械，在家自测血糖。", term: "医疗器械" },
];

/** Hidden special needs for live plants (missing_disclosure). */
export const HIDDEN_NEEDS = ["放着不管也长得好", "懒人也能养", "完全不用管", "随便养都能活", "不用浇水也不会死"];

/** Chain/franchise claims for an agency-run flower shop (retail_rule). */
export const CHAIN_CLAIMS = ["全城{N}家连锁店", "品牌连锁", "连锁门店就近发货", "加盟店同款", "全国连锁"];
