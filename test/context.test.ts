/** Valid/invalid tables for every context step, on the fixture lexicon. */
import { describe, expect, it } from "vitest";
import { caption, fixtureEngine, ruleIds, script } from "./support/engine.js";

const table: Array<[step: string, rule: string, hits: string[], misses: string[]]> = [
  ["separators", "fx.bao-chenghuo", ["包 成 活的", "包🌸成活", "包，成，活"], ["这个包。成活率高", "你包，成活了吗"]],
  // An exception phrase that reaches past a separator the hit does not hold is no phrase (包成活 率).
  ["exception", "fx.bao-chenghuo", ["月季包成活", "月季包成活 率先发货"], ["包成活率这个说法不对", "包 成 活 率"]],
  ["boundary (jieba)", "fx.ranking-first", ["销量第一", "全国第一的品牌"], ["第一次来直播间", "第一步先洗脸"]],
  // A bracket sets a phrase apart: 不 in 开花不断 does not reach into 【全网最低价】.
  ["negation", "fx.lowest", ["全网最低价了", "开花不断【全网最低价】", "看不出区别。全网最低价", "不，全网最低价"], ["不敢说全网最低", "我们不说全网最低价", "别信什么全网最低价，都是套路", "这不是什么网上的全网最低价"]],
  ["disavowal", "fx.lowest", ["全网最低价，我们说到做到", "全网最低价 不说了 赶紧拍"], ["全网最低价这种话我们不说", "全网最低的话我不会说"]],
  ["negation (a filler before the word)", "fx.lowest", ["说什么都是全网最低价"], ["我们不说什么全网最低价", "不是那种全网最低价"]],
  ["refusal", "fx.add-wechat", ["加微信发你", "宝宝加微信吧"], ["有人问能不能加微信 不能哈 平台不允许", "可不可以加微信？不可以"]],
  ["quotation", "fx.bao-chenghuo", ["买回去包成活"], ["平台规定不得宣传“包成活”，说了就违规。"]],
  ["near (selling cue)", "fx.charity", ["每卖一单我们就做公益", "下单就是献爱心"], ["小区组织了公益活动", "今天不卖货 聊聊公益"]],
  ["unless (item-wide)", "fx.charity", ["下单就是献爱心"], ["本品已报名爱心好物，下单就是献爱心"]],
  // A one-character cue must be a word of its own: 冲 in 冲击, 券 in 证券 is no selling cue.
  ["near (cue inside a word)", "fx.charity", ["做公益的家人们冲", "公益专场 领券"], ["公益组织受到了冲击", "公益基金投资了证券"]],
  // Buying a quantity is a selling cue even inside a longer word (买一盒茶, 拍三盆).
  ["near (buying a quantity)", "fx.charity", ["买一盒茶 献一份公益", "做公益 拍三盆送一盆"], ["做公益 买不起一盒茶", "公益活动 一盒茶"]],
  ["pinyin latin", "fx.add-wechat", ["jia wei xin 发你", "jiaweixinhao 发你", "200g。jiaweixin"], ["家伟信发你", "ohjiaweixinch"]],
  ["pinyin homophone", "fx.bao-chenghuo", ["绿萝保成活", "baochenghuo"], ["宝成火锅"]],
];

describe.each(table)("context step: %s", (_step, rule, hits, misses) => {
  const engine = fixtureEngine();
  it.each(hits)(`reports ${rule}: %s`, (text) => {
    expect(ruleIds(engine, script(text))).toContain(rule);
  });
  it.each(misses)(`does not report ${rule}: %s`, (text) => {
    expect(ruleIds(engine, script(text))).not.toContain(rule);
  });
});

describe("negation on listings", () => {
  const engine = fixtureEngine();
  const listing = (title: string) => ({ id: `n-${title}`, channel: "listing" as const, listing: { title } });
  it("does not carry a cue from one title keyword to the next", () => {
    // In speech 不 two characters back may still negate; in a title the space ends its reach.
    expect(ruleIds(engine, script("开花不断 全网最低价"))).not.toContain("fx.lowest");
    expect(ruleIds(engine, listing("月季开花不断 全网最低价"))).toContain("fx.lowest");
    expect(ruleIds(engine, listing("不说 全网最低价 月季"))).not.toContain("fx.lowest");
  });
});

describe("near on listings", () => {
  const engine = fixtureEngine();
  const listing = (title: string) => ({ id: `l-${title}`, channel: "listing" as const, listing: { title } });
  it("takes a listing itself as the selling cue", () => {
    expect(ruleIds(engine, listing("公益助学 手工编织围巾"))).toContain("fx.charity");
    expect(ruleIds(engine, script("公益助学 手工编织围巾"))).not.toContain("fx.charity");
  });
  it("still lets unless cancel a listing hit", () => {
    expect(ruleIds(engine, listing("【爱心好物】公益助学 手工编织围巾"))).not.toContain("fx.charity");
  });
});

describe("fragments", () => {
  const engine = fixtureEngine();
  it("catches a term split across fragments once, naming each fragment", () => {
    const v = engine.review({
      id: "f1",
      channel: "caption",
      fragments: [
        { seq: 1, text: "多肉拼盘 包" },
        { seq: 2, text: "成活的" },
      ],
    });
    const hits = v.violations.filter((x) => x.ruleId === "fx.bao-chenghuo");
    expect(hits).toHaveLength(1);
    expect(hits[0].field).toBe("fragments[0].text");
    expect(hits[0].spans).toEqual([
      { field: "fragments[0].text", start: 5, end: 6 },
      { field: "fragments[1].text", start: 0, end: 2 },
    ]);
  });
  it("judges word boundaries across fragments (第一|次 is ordinary)", () => {
    const v = engine.review({ id: "f2", channel: "caption", fragments: [{ seq: 1, text: "第一" }, { seq: 2, text: "次来的宝宝" }] });
    expect(v.violations).toEqual([]);
  });
  it("reads an exception phrase across fragments (包成活|率), not across a space inside one", () => {
    const split = engine.review({ id: "f3", channel: "caption", fragments: [{ seq: 1, text: "月季包成活" }, { seq: 2, text: "率这个说法不对" }] });
    expect(split.violations.map((x) => x.ruleId)).not.toContain("fx.bao-chenghuo");
    const spaced = engine.review({ id: "f4", channel: "caption", fragments: [{ seq: 1, text: "月季包成活" }, { seq: 2, text: " 率先发货" }] });
    expect(spaced.violations.map((x) => x.ruleId)).toContain("fx.bao-chenghuo");
  });
});

describe("explanations", () => {
  it("every violation says which entry, variant and context steps", () => {
    const v = fixtureEngine().review(caption("家人们 保成活 放心拍"));
    const x = v.violations.find((y) => y.ruleId === "fx.bao-chenghuo")!;
    expect(x.explain.variant).toBe("pinyin");
    expect(x.explain.steps[0].note).toMatch(/homophone/);
    expect(x.confidence).toBeLessThan(0.9);
  });
  it("offsets index the original text", () => {
    const text = "家人们 包🌸成活 放心拍";
    const v = fixtureEngine().review(caption(text));
    const x = v.violations[0];
    expect(text.slice(x.start, x.end)).toBe("包🌸成活");
    expect(x.matched).toBe("包🌸成活");
  });
});
