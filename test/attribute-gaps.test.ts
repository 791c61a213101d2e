/**
 * attribute_mismatch on the shipped tables: only-these-ingredients claims,
 * pure-grain spirits, wild against farmed, named appellations below the
 * province, variety by 品名, original parts, 碳素 against 玻璃钢, lengths with
 * tenths after 米, 个 against 枚, free-range against caged, and a figure taken back
 * at once for the listed one. Each claim with its clean look-alikes: the
 * same claim when the attribute agrees, denied, or about another thing.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { attributeTerms, spokenWith, titledWith } from "./support/items.js";

const engine = shippedEngine();
const cap = spokenWith;
const titled = titledWith;
const found = (item: Item) => attributeTerms(engine, item);

describe("attribute_mismatch: newer claim kinds against the attributes", () => {
  it.each([
    ["only two ingredients named, more listed", cap("这个酱牛肉就用了牛腱子和酱油，别的什么都没加", { 配料: "牛腱子肉、酱油、白砂糖、谷氨酸钠、亚硝酸钠" }), "就用了牛腱子和酱油别的什么都没加"],
    ["only these, with the cue in the same clause", cap("腊肠里只有猪肉跟白酒再没别的", { 配料表: "猪肉、白酒、食用盐、白砂糖" }), "只有猪肉跟白酒再没别的"],
    ["pure grain against edible alcohol", cap("我们家这坛酒纯粮酿造的 喝着放心", { 配料: "水、高粱、小麦、食用酒精" }), "纯粮酿造"],
    ["no alcohol blended against a blended type", cap("一滴酒精都不兑 老酒友都知道", { 产品类型: "配制酒" }), "一滴酒精都不兑"],
    ["wild against a greenhouse", cap("这一批竹荪全是山里采的 数量不多", { 种植方式: "大棚栽培" }), "山里采的"],
    ["wild against farming", cap("甲鱼是纯野生的", { 养殖方式: "人工养殖" }), "纯野生"],
    ["a named tea place against another county of the province", cap("这款正山小种是桐木关原产", { 产地: "福建省建瓯市" }), "桐木关"],
    ["a named lake against another city of the province", cap("今天的大闸蟹阳澄湖直发", { 产地: "江苏省兴化市" }), "阳澄湖"],
    ["a named rice county against another province", cap("正宗五常的稻花香", { 产地: "辽宁盘锦" }), "五常"],
    ["a honey variety against 品名", cap("咱这罐是纯椴树的 结晶细腻", { 品名: "百花蜜" }), "椴树"],
    ["a honey variety in the listing's own title", titled("野生椴树蜜 农家自产", { 品名: "荆条蜜" }), "椴树蜜"],
    ["a tea variety against 品名", cap("这就是地道的金骏眉", { 品名: "正山小种" }), "金骏眉"],
    ["an original screen against an aftermarket one", cap("换的是原装屏 放心用", { 屏幕: "国产后压屏" }), "原装"],
    ["a factory battery against a refurbished one", cap("电池也是原厂的", { 电池: "拆机组装" }), "原厂"],
    ["carbon against fibreglass", cap("竿身是碳素的 很轻", { 材质: "玻璃钢" }), "碳素"],
    ["a length with tenths after 米", cap("这根杆子三米九 够长", { 长度: "2.7米" }), "三米九"],
    ["a count in 个 against 枚", cap("一共四十个鸭蛋", { 数量: "30枚" }), "四十个"],
    ["free-range against caged", cap("我们家的鸡都是满山跑的 蛋黄特别红", { 养殖方式: "笼养" }), "满山跑"],
    ["free-range in the title against a confined attribute", titled("林下散养土鸡 整只发货", { 饲养方式: "规模化养殖" }), "林下散养"],
    ["a figure said, then a correction that names another figure than the listed one", cap("一盒四十枚 哦不对 是三十枚", { 数量: "20枚" }), "四十枚"],
    ["a figure with no correction", cap("一盒三十枚 今天十九块九", { 数量: "20枚" }), "三十枚"],
  ])("%s", (_why, item, term) => {
    expect(found(item)).toContain(term);
  });
});

describe("attribute_mismatch: their clean look-alikes", () => {
  it.each([
    ["only these ingredients, and the list agrees", cap("这个酱牛肉就用了牛腱子和酱油，别的什么都没加", { 配料: "牛腱子肉、酱油、饮用水" })],
    ["a closing phrase about the gift, not the ingredients", cap("下单就送一个开瓶器，别的都没有", { 配料: "牛腱子肉、酱油、白砂糖" })],
    ["only these ingredients, denied", cap("不是只有牛腱子和酱油，别的也加了", { 配料: "牛腱子肉、酱油、白砂糖" })],
    ["pure grain, and the list is grain and water", cap("我们家这坛酒纯粮酿造的", { 配料: "水、高粱、小麦" })],
    ["pure grain denied", cap("这款不是纯粮酒 价格实在", { 配料: "水、高粱、食用酒精" })],
    ["pure grain compared with", cap("口感比纯粮酒还顺", { 类型: "配制酒" })],
    ["alcohol denied in the list", cap("纯粮酿造", { 配料: "水、高粱、不含食用酒精" })],
    ["an alcohol strength attribute is no added alcohol", cap("纯粮酿造 口感绵柔", { 酒精度: "52%vol", 配料: "水、高粱" })],
    ["wild, and the attribute says wild", cap("这一批竹荪全是山里采的", { 种植方式: "野生采集" })],
    ["wild denied", cap("不是野生的 是大棚种的", { 种植方式: "大棚栽培" })],
    ["wild likened", cap("口感跟野生的一样", { 种植方式: "大棚栽培" })],
    ["wild without a cultivation attribute", cap("甲鱼是纯野生的", { 产地: "湖北" })],
    ["the named place, and the origin names it", cap("这款正山小种是桐木关原产", { 产地: "福建省武夷山市星村镇" })],
    ["the named place, and the origin names the province only", cap("这款正山小种是桐木关原产", { 产地: "福建省" })],
    ["the named place, and the origin names a wider area holding it", cap("这款正山小种是桐木关原产", { 产地: "福建南平" })],
    ["an ordinary same-province mention", cap("福建的茶我最爱", { 产地: "福建省建瓯市" })],
    ["a compound that holds a named place but claims none", cap("这块和田玉吊坠送妈妈", { 产地: "新疆喀什地区" })],
    ["the named place denied", cap("这款不是桐木关的 是隔壁县的", { 产地: "福建省建瓯市" })],
    ["the variety 品名 names", cap("咱这罐是纯椴树的", { 品名: "椴树蜜" })],
    ["another produce's name against 品名", cap("配着铁观音喝", { 品名: "百花蜜" })],
    ["an original part, and the attribute says original", cap("换的是原装屏", { 屏幕: "原装屏" })],
    ["an original claim about another part", cap("充电器是原装的", { 屏幕: "国产后压屏" })],
    ["original quality only", cap("原厂品质 看不出区别", { 屏幕: "国产后压屏" })],
    ["an original part denied", cap("说明一下 不是原装的屏", { 屏幕: "国产后压屏" })],
    ["carbon, and the attribute agrees", cap("竿身是碳素的", { 材质: "碳素" })],
    ["a material the goods are compared with", cap("这款比碳素的略沉 但不容易断", { 材质: "玻璃钢" })],
    ["a carbon pen is no material claim", cap("送一支碳素笔", { 材质: "玻璃钢" })],
    ["a length the attribute holds", cap("这根杆子两米七 够长", { 长度: "2.7米" })],
    ["a shorter length", cap("收起来一米二", { 长度: "2.7米" })],
    ["a count in 个 equal to 枚", cap("一共三十个鸭蛋", { 数量: "30枚" })],
    ["free-range, and the attribute says free-range", cap("都是满山跑的鸡下的蛋", { 养殖方式: "林下散养" })],
    ["free-range parenting is no claim on the goods", cap("我家娃是散养式的 随他跑", { 养殖方式: "笼养" })],
    ["free-range denied", cap("不是散养的 是笼养 价格实在", { 养殖方式: "笼养" })],
    ["free-range likened", cap("蛋黄颜色跟散养的一样", { 养殖方式: "笼养" })],
    ["a figure taken back at once for the listed one", cap("一盒三十枚 哦不对不对 是二十枚 我刚说错了", { 数量: "20枚" })],
    ["the listed figure said first, the correction word after", cap("一盒三十枚 二十枚 口误口误", { 数量: "20枚" })],
  ])("%s", (_why, item) => {
    expect(found(item)).toEqual([]);
  });
});
