/**
 * Families of wording that open peers' public test cases and the published cases they
 * quote found missing (docs/evaluation.md, "peers' public cases"). Every sentence here is
 * written for this test: each family has claims that must be reported by the named entry
 * and ordinary neighbours — the same words in an honest or unrelated sense — that must not.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const script = (text: string): Item => ({ id: `pf${++n}`, channel: "script", text });

const families: Family[] = [
  {
    family: "pass and admission guarantees of courses",
    entry: "efficacy.pass-guarantee",
    hit: ["这个考证班保过，报名送题库", "教资笔试保证通过，不过退学费", "考公冲刺营没上岸全额退", "跟着刷题，期末能提分四十分"],
    clean: ["背包过安检要把电脑拿出来", "我们不承诺包过，靠大家自己努力", "这台风扇续航能提升30分钟", "他给朋友担保过一次", "放学必过的那座桥修好了", "我们保证通过顺丰发出", "不过退款要走售后流程", "我去年一战成公，今天聊聊备考"],
  },
  {
    family: "exam setters and markers named to sell a course",
    entry: "efficacy.exam-insider",
    hit: ["命题组老师亲自带班冲刺", "阅卷老师押题，考前三天发"],
    clean: ["今年命题组的思路变了，多看教材", "阅卷的时候字迹工整很重要"],
  },
  {
    family: "foods that make children clever",
    entry: "efficacy.brain-boost",
    hit: ["这罐藻油给宝宝健脑，一天一粒", "坚持喝三个月，孩子成绩提高了"],
    clean: ["这款益智拼图有一百片", "复习要劳逸结合", "我吃了一学期食堂，成绩提高靠的是刷题"],
  },
  {
    family: "a doctor or expert recommending the product itself",
    entry: "efficacy.doctor-recommends-product",
    hit: ["营养师推荐的这款代餐，口味多", "老中医力荐的膏药，贴在膝盖上"],
    clean: ["医生推荐感冒了多休息", "专家推荐的做法是先热锅再放油"],
  },
  {
    family: "payback, income and franchise promises",
    entry: "efficacy.income-guarantee",
    hit: ["这台爆米花机出摊一个月就能回本", "学会直播运营，月入三万不是梦", "代理一年纯赚十五万", "加盟进来一定能回本"],
    clean: ["我们这家店做了两年才回本", "开店不一定能回本，大家想清楚", "本金亏了不少，做生意有风险", "这家面馆开了四年回本了"],
  },
  {
    family: "one application and the effect is there",
    entry: "efficacy.instant",
    hit: ["烫伤膏一涂就不疼了", "这个止痒喷雾一喷见效"],
    clean: ["这块腮红一扫就好看", "双面胶一贴就好撕，墙面不留印"],
  },
  {
    family: "best value for money said against the market",
    entry: "absolute.best-value",
    hit: ["全网性价比最高的洗碗机就是这台", "这个价位性价比最高的一款投影仪"],
    clean: ["两个容量里性价比最高的是大瓶装", "性价比要看自己的需求"],
  },
  {
    family: "a stock countdown tied to a price rise",
    entry: "promo.false-urgency-stock-rise",
    hit: ["就剩八单了，一会儿就涨价", "马上恢复原价，只剩三套"],
    clean: ["还剩三套，颜色只有灰色了", "原材料下个月要涨价，我们这批价格不动"],
  },
  {
    family: "a private channel offered to dodge review",
    entry: "private.evade-review",
    hit: ["价格平台不让说，滴滴我", "私聊吧，这里讲了怕审核"],
    clean: ["直播间讲不了那么细，参数都在详情页", "售后问题请私信客服"],
  },
  {
    family: "collectibles sold on a promised rise in value",
    entry: "price.appreciation-promise",
    hit: ["这批金条收着保值增值", "这提茶存个十年价格翻倍"],
    clean: ["岩茶放一段时间退了火气更好喝", "我们不保证升值，喜欢再买"],
  },
  {
    family: "sight restored or myopia prevented, named in a word",
    entry: "efficacy.eyesight-terms",
    hit: ["这款蓝莓叶黄素软糖能提高视力", "护眼贴睡前贴，远离近视"],
    clean: ["配副新眼镜，度数要验准", "屏幕亮度调低一点，眼睛舒服"],
  },
  {
    family: "a food said to build the body or burn fat",
    entry: "efficacy.body-strength",
    hit: ["这罐羊奶粉增强体质，老人孩子都能喝", "饭后来一条酵素果冻，加速代谢"],
    clean: ["早上打一套八段锦，强身健体", "跳绳是很好的燃烧脂肪的运动", "每天快走一万步，强身健体"],
  },
  {
    family: "a city or region ranked first",
    entry: "absolute.city-first",
    hit: ["这家驾校的通过率杭州第一", "咱家的卤味全城第一"],
    clean: ["杭州第一次下雪了，大家注意保暖", "本地第一批春茶下来了", "武汉第一医院对面那家", "厦门第一中学旁边的奶茶店"],
  },
  {
    family: "a guarantee bound to what happens after use",
    entry: "efficacy.guaranteed",
    hit: ["保证喝完就能睡个好觉", "这支牙膏保证用完就会白"],
    clean: ["我们保证发货前每件都检查", "保证金在店铺后台可以查"],
  },
];

describeFamilies("peer-case families", families, script);

describe("peer-case false positives stay clean as classes", () => {
  const engine = shippedEngine();
  const cats = (text: string) => engine.review(script(text)).violations.map((v) => v.category);
  // 万能 naming a kind of template or tool, and 唯一 of the speaker's own things
  it.each(["收藏一个写标题的万能公式", "这几个万能句式背下来", "用这套万能模板做简历", "钓鱼算是我唯一的乐趣", "他是我唯一的朋友"])("%s", (t) => {
    expect(cats(t)).not.toContain("absolute_claim");
  });
  it("万能 and 唯一 about the product still report", () => {
    expect(cats("这瓶喷雾是万能的，什么污渍都能去")).toContain("absolute_claim");
    expect(cats("这是全网唯一一家有这个颜色的店")).toContain("absolute_claim");
  });
});
