/**
 * live-room families of chance and price said as certainties — exam tips sure to come up
 * (押中, 押不中退款), blind boxes with a hidden piece in every box, draws for likes whose winners
 * are told to write privately, 买一送N whose gifts are trial sizes, the first few commenters of a
 * code given goods "free", and a spoken 原价 at twice the price or more with a hurry (the price
 * asked said twice, as hosts do). Every sentence is written for this test: claims the named entry
 * must report, and ordinary neighbours it must not.
 */
import type { Item } from "../src/types.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const caption = (text: string): Item => ({ id: `g3-${++n}`, channel: "caption", text });

const families: Family[] = [
  {
    family: "exam tips sure to come up",
    entry: "absolute.exam-tip-guarantee",
    hit: ["百分之百押中原题 买了不亏", "这套卷子押不中全额退款", "考前押题班 必中 报名从速", "押的题没押中就退钱"],
    clean: ["押题卷仅供参考 押不押中看个人复习", "七天无理由 不满意全额退", "考试不过可以重修 费用另算"],
  },
  {
    family: "a hidden piece in every blind box",
    entry: "absolute.blind-box-sure-hidden",
    hit: ["盲盒保底必出隐藏", "每一个盲盒都有隐藏款哦", "隐藏款几率百分百"],
    clean: ["盲盒隐藏款大概一百多分之一", "不是每盒都有隐藏 理性消费"],
  },
  {
    family: "draws for likes, winners told to write privately",
    entry: "promo.like-draw-private-claim",
    hit: ["点赞破一万就开抽 抽三台空气炸锅 中了的私我", "赞满两千抽个电饭煲"],
    clean: ["点赞关注不迷路 福袋马上开", "中奖的宝宝私信客服留地址 福袋奖品包邮"],
  },
  {
    family: "buy one, get several that are trial sizes",
    entry: "promo.trial-size-gift",
    hit: ["湿巾拍一包送六包 送的其实是小包装 几片一包"],
    clean: ["拍一包送一包 送的是同款正装", "赠品是一个小样 随单发"],
  },
  {
    family: "a code typed by the first few for free goods",
    entry: "promo.comment-code-giveaway",
    hit: ["公屏扣520 送同款项链 不要钱", "前八个打888的 同款手链直接送"],
    clean: ["前十个下单的宝宝送个发圈", "扣1的宝宝我看看人数"],
  },
  {
    family: "a spoken original at twice the price or more, with a hurry",
    entry: "price.original-rush",
    hit: ["原价两千六 现在九百九 拼手速", "吊牌价一千二 今天到手四百五 闭眼入", "原价五千八 今天呃 一千六 一千六 手慢无"],
    clean: ["原价三百六 今天三百一十九 手慢无", "原价一千二 今天九百九 拼手速", "原价五千八 今天一千六 一千六 页面能查历史成交价"],
  },
];

describeFamilies("chance said as certainty families", families, caption);
