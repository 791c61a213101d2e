/**
 * families behind blind misses — goods sold as an investment with a return, income and
 * payback promises for side hustles, exam passes named with the exam, tissue said to grow back,
 * clinical case counts and department heads behind everyday goods, a complaint gone after a span
 * of use, "young again" devices, same-day move-in paint, blessed car charms, contempt for manual
 * work, worth tied to a body; and three false positives: a negated 全网最, 唯一 said of a
 * reminder, and 保活 stated with its remedy. Every sentence is written for this test.
 */
import type { Item } from "../src/types.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const caption = (text: string): Item => ({ id: `eff-${++n}`, channel: "caption", text });

const families: Family[] = [
  { category: "false_efficacy", entry: "efficacy.investment-return",
    hit: ["这套纪念金条就是摸得着的理财，只涨不跌"], clean: ["这个小猪存钱罐比存银行好玩，娃天天往里投硬币"] },
  { category: "false_efficacy", entry: "efficacy.investment-rate",
    hit: ["这饼熟普当收藏，放家里每年起码升值两成"], clean: ["今年快递运费每年至少涨一成，我们还是包邮"] },
  { category: "false_efficacy", entry: "efficacy.side-hustle-income",
    hit: ["跟我学做短视频，每个月起码多挣四千", "学费三百八，接第一单就回本", "跟我学开店，回不了本你找我"],
    clean: ["做副业赚不到钱别来找我，自己的路自己走"] },
  { category: "false_efficacy", entry: "efficacy.exam-pass-named",
    hit: ["考编笔试一次上岸，报班从小黄车进"], clean: ["我表哥去年考编一次上岸，全家请他吃饭"] },
  { category: "false_efficacy", entry: "efficacy.tissue-regrow",
    hit: ["软骨磨薄了的，绑这个护膝半年自己会长回来"], clean: ["软骨磨损长不回来，护膝只能分担一点压力"] },
  { category: "false_efficacy", entry: "efficacy.clinical-cases",
    hit: ["这款足贴临床试过一千多例，反馈都说好"], clean: ["这个护颈是我们设计师画的图，面料是透气网布"] },
  { category: "false_efficacy", entry: "efficacy.complaint-gone-after-use",
    hit: ["这个护腕戴了五天手腕就不疼了"], clean: ["这双拖鞋穿了两天脚有点磨，换大一码就好"] },
  { category: "false_efficacy", entry: "efficacy.young-again-device",
    hit: ["耳朵背的大爷戴上马上跟小伙子一样"], clean: ["这顶帽子戴上像年轻时一样精神"] },
  { category: "false_efficacy", entry: "efficacy.move-in-safety",
    hit: ["这款木器漆刷好隔天就住人，孕妇宝宝都没问题"], clean: ["墙漆刷完开窗晾几周再搬，别着急"] },
  { category: "bad_values", entry: "values.blessed-charm",
    hit: ["这个平安扣是寺里住持诵过经的，挂车里出门就不出事"], clean: ["出门开车系好安全带，一路平平安安"] },
  { category: "bad_values", entry: "values.manual-labour-scorn",
    hit: ["不报班的娃长大了只能去端盘子，你舍得吗"], clean: ["我以前在饭店端过盘子，后来攒钱开了这家店"] },
  { category: "bad_values", entry: "values.body-worth",
    hit: ["矮子穿什么都难看，这双增高鞋快拍"], clean: ["个子不高的姐妹选短款外套，比例更好"] },
  { category: "bad_values", entry: "values.money-worship",
    hit: ["兄弟，没钱的男人在家说话没分量，跟我干"], clean: ["没钱的时候也要好好吃饭，这款米实惠"] },
  { category: "bad_values", entry: "values.wage-scorn",
    hit: ["看我这车钥匙，上班的都是韭菜"], clean: ["上班族午饭时间紧，这款饭盒带着方便"] },
  { category: "absolute_claim", entry: "absolute.quanwang-zui",
    hit: ["这款鱼竿全网最轻"], clean: ["非全网最便宜，是同档里用料足的一款"] },
  { category: "absolute_claim", entry: "absolute.weiyi",
    hit: ["我们是这个品牌唯一授权的直播间"], clean: ["唯一要叮嘱的就是用完擦干"] },
  { category: "absolute_claim", entry: "absolute.survival-period",
    hit: ["这批桂花苗保活，闭眼种"], clean: ["月季苗保活二十天，期间死苗凭照片补发"] },
];

describeFamilies("efficacy and income families", families, caption);
