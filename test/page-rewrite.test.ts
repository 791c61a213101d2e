/** The page's pure helpers (web/): applying a verdict's fixes, explanations and penalties in Chinese, cutting text for highlights. */
import { describe, expect, it } from "vitest";
import { segments, stillInPlace } from "../web/highlight.js";
import { attributeEvidence, evidenceLines, penaltiesFor, penaltyText, penaltyTotals, severityShown } from "../web/explain.js";
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

const fixed = (matched: string, start: number, fix: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) =>
  v(matched, "用具体卖点代替“最好”，如“口碑不错”“很多回头客”", start, { ...(fix ? { fix: { field: "text", ...fix } } : {}), ...extra });

describe("proposeRewrite: the verdict's fix, nothing read out of prose", () => {
  it("takes replacement and place from the fix", () => {
    expect(proposeRewrite(fixed("最低价", 2, { start: 2, end: 5, text: "优惠价", kind: "replace" }))).toMatchObject({ replacement: "优惠价", start: 2, end: 5, label: "改为“优惠价”" });
    expect(proposeRewrite(fixed("顶级", 0, { start: 0, end: 2, text: "", kind: "delete-term" }))!.label).toBe("删除该词");
    expect(proposeRewrite(fixed("根治", 3, { start: 0, end: 9, text: "", kind: "delete-clause" }))).toMatchObject({ replacement: "", start: 0, end: 9, label: "删除所在分句" });
  });

  it.each([
    ["包成活", "成活率高，附养护指南"],
    ["最低价", "说明具体优惠，如“今天直播间领券再减10元”，不要说“最低价”"],
    ["私下", "引导用户在平台内下单"],
    ["最好的", "用客观参数描述，如“采用XX工艺”"],
  ])("offers nothing for %s without a fix, whatever the suggestion says (%s)", (matched, suggestion) => {
    expect(proposeRewrite(v(matched, suggestion))).toBeNull();
  });

  it("offers nothing for a fix on another field", () => {
    expect(proposeRewrite(fixed("纯棉", 0, { field: "listing.title", start: 0, end: 2, text: "", kind: "delete-term" }))).toBeNull();
  });
});

describe("applying fixes", () => {
  const text = "这款锅最好用，全网最低价，加我微信私聊。";
  const a = fixed("最好用", 3, { start: 3, end: 6, text: "好用", kind: "replace" });
  const b = fixed("最低价", 9, { start: 9, end: 12, text: "优惠价", kind: "replace" });
  const c = fixed("加我微信", 13, { start: 12, end: 19, text: "", kind: "delete-clause" });
  it("applies one fix to the text it was made for, and refuses a text that changed since", () => {
    expect(applyRewrite(text, text, a)).toBe("这款锅好用，全网最低价，加我微信私聊。");
    expect(applyRewrite("前" + text, text, a)).toBeNull();
    expect(applyRewrite(text, text, v("最好用", "改为“好用”", 3))).toBeNull();
  });
  it("applies all from the end; of overlapping fixes the outermost, then the first", () => {
    expect(applyAll(text, text, [a, b, c])).toEqual({ text: "这款锅好用，全网优惠价。", applied: 3 });
    const outer = fixed("全网最低价", 7, { start: 7, end: 12, text: "", kind: "delete-clause" });
    expect(applyAll(text, text, [b, outer])).toEqual({ text: "这款锅最好用，，加我微信私聊。", applied: 1 });
    expect(applyAll("x" + text, text, [a, b, c]).applied).toBe(0);
  });
});

describe("explanations and penalties in Chinese", () => {
  it("puts the claim beside the listing attributes", () => {
    const x = v("纯棉", "", 5, {
      category: "attribute_mismatch",
      explain: { entryId: "a", variant: "rule", normalized: "纯棉", steps: [{ step: "material", effect: 0, note: "claims 纯棉 (cotton)", evidence: { claim: "纯棉", listing: [{ key: "材质", value: "涤纶" }] } }] },
    });
    expect(attributeEvidence(x)).toEqual({ aspect: "材质", claim: "纯棉", listing: [{ key: "材质", value: "涤纶" }] });
    expect(evidenceLines(x)).toEqual(["规则核对：材质"]);
    expect(attributeEvidence(v("包成活", ""))).toBeNull();
    // The typed evidence, with no explanation at all (--no-explain), and a denial, which names no aspect.
    const typed = v("羊绒", "", 0, { category: "attribute_mismatch", evidence: { aspect: "material", claim: "羊绒", listing: [{ key: "材质", value: "腈纶" }] } });
    expect(attributeEvidence({ ...typed, explain: undefined })).toEqual({ aspect: "材质", claim: "羊绒", listing: [{ key: "材质", value: "腈纶" }] });
    const denial = v("鹅绒", "", 0, { category: "attribute_mismatch", evidence: { claim: "鹅绒", listing: [{ key: "filling", value: "聚酯纤维（非鹅绒）" }] } });
    expect(attributeEvidence({ ...denial, explain: undefined })?.aspect).toBe("属性明示不含");
  });
  it("describes lexicon hits without the English notes", () => {
    const x = v("薇信", "", 0, {
      term: "微信",
      explain: { entryId: "p", variant: "variant", normalized: "微信", steps: [{ step: "match", effect: 0, note: "normalized form" }, { step: "classifier", effect: -0.1, note: "P(claim)=0.2" }] },
    });
    const lines = evidenceLines(x).join("\n");
    expect(lines).toContain("原文“薇信”，按“微信”处理");
    expect(lines).toContain("置信度 -10%");
    expect(lines).not.toMatch(/[A-Za-z]{3,}/);
  });
  it("names penalties and totals the standing ones", () => {
    expect(penaltyText({ kind: "deposit", amount: 2000 })).toBe("扣保证金 2,000 元");
    expect(penaltyText({ kind: "credit_points", points: 6 })).toBe("扣 6 分（商家信用分）");
    expect(penaltyText({ kind: "clearance", node: 12 })).toBe("信用分扣满 12 分：清退");
    const verdict = {
      penalties: [
        { kind: "deposit", amount: 2000, superseded: true, violationIds: ["a"] },
        { kind: "deposit", amount: 200, violationIds: ["b"] },
        { kind: "credit_points", points: 6, violationIds: ["a"] },
        { kind: "whole_deposit", violationIds: ["a"] },
      ],
    };
    expect(penaltyTotals(verdict)).toMatchObject({ points: 6, deposit: 200, wholeDeposit: true, clearance: false });
    expect(penaltiesFor(verdict, { id: "a" }).map((p: { kind: string }) => p.kind)).toEqual(["credit_points", "whole_deposit", "deposit"]);
  });
  it("does not show a bare 严重 on a finding the engine is unsure of", () => {
    expect(severityShown({ severity: "severe", confidence: 0.5 }, "review")).toMatchObject({ label: "疑似严重", tentative: true });
    expect(severityShown({ severity: "severe", confidence: 0.5 }, "review").note).toContain("置信度 50%");
    expect(severityShown({ severity: "severe", confidence: 0.95 }, "block")).toMatchObject({ label: "严重", note: "" });
    expect(severityShown({ severity: "severe", confidence: 0.95 }, "review").note).toContain("复核");
    expect(severityShown({ severity: "general", confidence: 0.5 }, "review")).toMatchObject({ label: "一般", tentative: false });
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
