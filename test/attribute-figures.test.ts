/**
 * attribute_mismatch.claim-vs-attributes on the shipped tables, for figures an
 * attribute holds (电池健康, 含量, 度数, 内存: a larger figure claimed, or plenty
 * against an upper bound) and the market version or lock state of electronics
 * (国行 / 港版 / 美版, 有锁 / 无锁). Each positive: the rule id, the span (field
 * and original offsets of the claimed words), the typed aspect and no fix (only
 * the writer knows what the listing says); each family with its clean look-alikes.
 */
import { describe, expect, it } from "vitest";
import type { Aspect, Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { fieldText } from "./support/items.js";

const RULE = "attribute_mismatch.claim-vs-attributes";
const engine = shippedEngine();
let n = 0;
const cap = (text: string, attributes: Record<string, string>, description = ""): Item => ({
  id: `fig${++n}`,
  channel: "caption",
  text,
  listing: { title: "样品", description, sellingPoints: [], attributes },
});
const listing = (title: string, attributes: Record<string, string>, description = ""): Item => ({
  id: `fig${++n}`,
  channel: "listing",
  listing: { title, description, sellingPoints: [], attributes },
});
const found = (item: Item) => engine.review(item).violations.filter((v) => v.category === "attribute_mismatch");


describe("attribute_mismatch: figures and versions checked against the listing", () => {
  it.each<[string, Item, string, Aspect]>([
    ["battery health said in full against a lower figure", cap("这台机子电池健康满血 放心拍", { 电池健康: "86%" }), "电池健康满血", "condition"],
    ["battery health spoken as a per cent above the figure", cap("电池是百分之九十五的 续航没问题", { 电池健康: "79%" }), "电池是百分之九十五", "condition"],
    ["battery health in tenths above the figure", cap("电池效率还有九成 很耐用", { 电池健康: "81%" }), "电池效率还有九成", "condition"],
    ["plenty said after a content under an upper bound", cap("这款奶茶的红豆含量很足 每口都有", { 红豆含量: "不足3%" }), "红豆含量很足", "ingredients"],
    ["plenty said before the thing under an upper bound", cap("杯杯都是满满的椰肉", { 椰肉含量: "每杯低于5g" }), "都是满满的椰肉", "ingredients"],
    ["a content figure at or above the upper bound", cap("鸡肉含量有百分之三十 肉感十足", { 鸡肉含量: "<10%" }), "鸡肉含量有百分之三十", "ingredients"],
    ["an alcohol strength above the listed one", cap("这坛酒度数是五十八度 好入口", { 酒精度: "38度" }), "度数是五十八度", "quantity"],
    ["a storage said with 个 before the unit", cap("手机容量两百五十六个g的 随便装", { 存储容量: "64G" }), "容量两百五十六个g", "quantity"],
    ["the listing's own text against its attribute", listing("二手平板 电池健康100% 成色好", { 电池健康: "83%" }), "电池健康100%", "condition"],
    ["a mainland version said of a Hong Kong one", cap("这台手机是国行的 正规渠道", {}, "港版 双卡"), "国行", "origin"],
    ["a region version said against the origin attribute", cap("港版机子 支持双卡", { 产地: "美版" }), "港版机", "origin"],
    ["unlocked said of a locked phone", cap("这个机器无锁 什么卡都能插", { 版本: "有锁机" }), "无锁", "condition"],
    ["no fault at all, on a listing below near-new", cap("手机一点毛病都没有 好用得很", { 成色: "八五新" }), "毛病", "condition"],
    ["a height range whose lower end is above the plant's height", cap("这批苗子高度都在一百三到一百六十厘米 棵棵都壮", { 株高: "105cm" }), "高度都在一百三到一百六十厘米", "quantity"],
    ["a height range in digits under an English key", cap("树高在140至170cm 到手就能摆", { height: "120cm" }), "树高在140至170cm", "quantity"],
  ])("%s", (_what, item, claimed, aspect) => {
    const hits = found(item);
    const v = hits.find((x) => x.evidence?.aspect === aspect && fieldText(item, x.field).slice(x.start, x.end) === claimed);
    expect(v, JSON.stringify(hits.map((x) => [x.term, x.evidence?.aspect, x.start, x.end]))).toBeDefined();
    expect(v!.ruleId).toBe(RULE);
    expect(v!.spans[0]).toEqual({ field: v!.field, start: v!.start, end: v!.end });
    expect(v!.fix).toBeUndefined();
    expect(v!.suggestion).toContain("如实描述");
  });

  it.each<[string, Item]>([
    ["the same figure spoken (百分之七十九 for 79%)", cap("电池健康是百分之七十九 正常使用", { 电池健康: "79%" })],
    ["the same length in other units", cap("长度一米八的 够用", { 长度: "180cm" })],
    ["the real figure stated after a slip", cap("电池健康满血 哦不对 是百分之八十六", { 电池健康: "86%" })],
    ["a smaller figure than the listing's", cap("电池健康八成 我们如实说", { 电池健康: "86%" })],
    ["a height range that holds the plant's height", cap("高度在一百到一百三十厘米之间 看个体", { 株高: "110cm" })],
    ["a range said in two units is left unread", cap("高度八十到一米五 看品种", { 株高: "1.2米" })],
    ["a figure asked", cap("电池健康是百分之百吗", { 电池健康: "86%" })],
    ["a figure negated", cap("电池健康不是满血的 介意勿拍", { 电池健康: "86%" })],
    ["plenty against a lower bound", cap("蛋白含量很高 早餐来一杯", { 蛋白含量: "≥30%" })],
    ["plenty against an exact content", cap("果肉含量很足", { 果肉含量: "20%" })],
    ["a range holding the listed figure", cap("长度110-130cm 可以剪", { 长度: "120cm" })],
    ["a warranty period is no figure of the goods", cap("质保有两年 放心用", { 质保: "1年" })],
    ["the listing's own version said", cap("港版的 支持双卡", {}, "港版 双卡")],
    ["another version denied, the listed one said", cap("这台不是国行 是美版的", { 产地: "美版" })],
    ["two clothing cuts are no versions", cap("韩版宽松 欧版的也有货", { 风格: "韩版" })],
    ["a version the listing itself denies", cap("这台是国行的", {}, "非港版")],
  ])("no finding: %s", (_what, item) => {
    expect(found(item).map((x) => [x.term, x.evidence?.aspect])).toEqual([]);
  });
});
