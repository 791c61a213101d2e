/** The page's pure helpers (web/): reading a replacement out of a suggestion, and cutting text for highlights. */
import { describe, expect, it } from "vitest";
import { segments, stillInPlace } from "../web/highlight.js";
import { applyAll, applyRewrite, proposeRewrite } from "../web/rewrite.js";

const v = (matched: string, suggestion: string | undefined, start = 0, extra: Record<string, unknown> = {}) => ({
  field: "text",
  term: matched,
  matched,
  start,
  end: start + matched.length,
  spans: [{ field: "text", start, end: start + matched.length }],
  suggestion,
  severity: "general",
  confidence: 0.9,
  category: "absolute_claim",
  ...extra,
});

describe("proposeRewrite", () => {
  it.each([
    ["包成活", "成活率高，附养护指南", "成活率高，附养护指南"],
    ["包成活", "成活率高，附养护指南；说明售后补发规则", "成活率高，附养护指南"],
    ["全网最", "去掉“全网最”，改说具体优惠或卖点", ""],
    ["国家级认证", "删除“国家级”，或注明真实的认证名称与编号", "认证"],
    ["最佳", "改为“推荐”“适合”", "推荐"],
    ["最好的", "用具体卖点代替“最好”，如“口碑不错”“很多回头客”", "口碑不错"],
    ["绝对不起球", "删去“绝对”，如“绝对不起球”改为“不易起球”", "不易起球"],
    ["全国最大", "去掉范围性最高级，如“全国最大”改为“规模较大”", "规模较大"],
    ["最低价", "说明具体优惠，如“今天直播间领券再减10元”，不要说“最低价”", "今天直播间领券再减10元"],
    ["治愈失眠", "非药品不得宣传治疗作用；如需就医请遵医嘱", ""],
    ["加微信", undefined, ""],
  ])("%s with %j -> %j", (matched, suggestion, want) => {
    expect(proposeRewrite(v(matched, suggestion))!.replacement).toBe(want);
  });

  it("offers nothing for a violation outside the editor text or without a span", () => {
    expect(proposeRewrite(v("涤纶", "x", 0, { field: "listing.attributes.material" }))).toBeNull();
    expect(proposeRewrite({ ...v("", "x"), end: 0 })).toBeNull();
  });

  it("offers nothing where cutting is not the fix: missing information, claims against the listing", () => {
    expect(proposeRewrite(v("月季", "补充养护说明：光照、浇水、温度等注意事项", 0, { category: "missing_disclosure" }))).toBeNull();
    expect(proposeRewrite(v("纯棉", "按商品属性如实描述材质", 0, { category: "attribute_mismatch" }))).toBeNull();
  });
});

describe("applying", () => {
  it("rewrites in place, refuses when the text moved, and applies all without overlaps", () => {
    const text = "这款月季包成活，加微信";
    const a = v("包成活", "成活率高", 4);
    const b = v("加微信", undefined, 8);
    expect(applyRewrite(text, a, "成活率高")).toBe("这款月季成活率高，加微信");
    expect(applyRewrite("前" + text, a, "成活率高")).toBeNull();
    expect(applyAll(text, [a, b])).toEqual({ text: "这款月季成活率高，", applied: 2 });
    const overlapping = v("月季包成活", "好养活", 2);
    expect(applyAll(text, [a, overlapping]).applied).toBe(1);
  });
});

describe("highlight segments", () => {
  it("covers the whole text and marks each violation's piece", () => {
    const text = "这款月季包成活，加微信";
    const segs = segments(text, [v("包成活", "", 4), v("加微信", "", 8)]);
    expect(segs.map((s) => text.slice(s.start, s.end))).toEqual(["这款月季", "包成活", "，", "加微信"]);
    expect(segs.map((s) => s.ids)).toEqual([[], [0], [], [1]]);
  });

  it("splits overlapping violations into pieces carrying both", () => {
    const text = "全网最低价包成活";
    const segs = segments(text, [v("全网最低价", "", 0), v("最低价包", "", 2)]);
    expect(segs.map((s) => [text.slice(s.start, s.end), s.ids])).toEqual([
      ["全网", [0]],
      ["最低价", [0, 1]],
      ["包", [1]],
      ["成活", []],
    ]);
  });

  it("drops violations that no longer sit where they were found", () => {
    expect(stillInPlace("这款包成活", v("包成活", "", 2))).toBe(true);
    expect(stillInPlace("这款月季包成活", v("包成活", "", 2))).toBe(false);
  });
});
