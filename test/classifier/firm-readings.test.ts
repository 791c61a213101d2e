/** Issue 12 item 4: the context classifier lowers only readings that are ambiguous by nature. */
import { describe, expect, it } from "vitest";
import { blendCandidates, firmReason } from "../../src/classifier/blend.js";
import { createEngine } from "../../src/engine.js";
import { loadPolicy } from "../../src/score/policy.js";
import { cand } from "../score/helpers.js";
import { shippedEngine } from "../support/engine.js";

const policy = loadPolicy();
const engine = shippedEngine();

describe("firm readings are never lowered by the classifier", () => {
  it("a contact lure with an id and a disguise word: BLOCK with both, at full confidence", () => {
    const item = { id: "f1", channel: "caption" as const, text: "有问题加V：hg8888，或者找我绿泡泡，不要在平台上说" };
    const v = engine.review(item);
    expect(v.decision).toBe("block");
    const matched = v.violations.map((x) => x.matched);
    // 加V is read alone or with the id after it (加V：hg888), as the lexicon's patterns grow.
    expect(matched.some((m) => m.startsWith("加V"))).toBe(true);
    expect(matched).toContain("绿泡泡");
    for (const x of v.violations.filter((y) => y.category === "private_trade")) {
      expect(x.confidence).toBeGreaterThanOrEqual(0.8);
      expect(x.explain!.steps.find((s) => s.step === "classifier")?.effect).toBe(0);
    }
    // The same verdict as without the classifier.
    const off = createEngine({ classifier: null }).review(item);
    expect(v.decision).toBe(off.decision);
    expect(v.violations.map((x) => x.category).sort()).toEqual(off.violations.map((x) => x.category).sort());
  });
  it("names why a reading is firm", () => {
    const t = "联系我 abc12345 就行";
    const c = cand("private_trade", "severe", { matched: "联系我", start: 0, confidence: 0.9 });
    expect(firmReason(c, t, 24)).toMatch(/abc12345/);
    expect(firmReason(cand("absolute_claim", "general", { matched: "全网最低", variant: "variant" }), "全网最低", 24)).toMatch(/disguise-map/);
    expect(firmReason(cand("price_fraud", "general", { matched: "原价999", variant: "pattern" }), "原价999", 24)).toMatch(/number or id/);
    expect(firmReason(cand("absolute_claim", "general", { matched: "最好", start: 0 }), "最好的朋友", 24)).toBeNull();
  });
  it("an ambiguous reading may be lowered, never raised", () => {
    const clf = engine.classifier!;
    const item = { id: "f2", channel: "script" as const, text: "这款面霜是全网最低价，快拍" };
    const c = cand("absolute_claim", "general", { matched: "全网最低价", start: item.text.indexOf("全网最低价"), confidence: 0.7 });
    const [b] = blendCandidates(item, [c], clf, policy.classifier);
    expect(b.confidence).toBeLessThanOrEqual(0.7);
  });
});

describe("an entry declared firm in its lexicon (`firm:`)", () => {
  const clf = engine.classifier!;
  // A context the classifier reads as no claim at all: without the declaration it is lowered.
  const item = { id: "f3", channel: "caption" as const, text: "先不聊了 插播一条快讯 研究说这种枕头护颈" };
  const start = item.text.indexOf("插播一条快讯");
  const c = () => cand("fake_news_scene", "severe", { matched: "插播一条快讯", start, confidence: 0.85 });
  it("is left at its confidence, with the reason in its explanation", () => {
    const [b] = blendCandidates(item, [c()], clf, policy.classifier, undefined, (id) => (id === "fake_news_scene.test" ? "no ordinary sense" : undefined));
    expect(b.confidence).toBe(0.85);
    const step = b.explain.steps.find((s) => s.step === "classifier")!;
    expect(step.effect).toBe(0);
    expect(step.note).toContain("the entry is firm: no ordinary sense");
  });
  it("is lowered like any ambiguous reading when not declared", () => {
    const [b] = blendCandidates(item, [c()], clf, policy.classifier, undefined, () => undefined);
    expect(b.confidence).toBeLessThan(0.85);
  });
  it("reaches the blend through the engine: the shipped caption news insert is reported", () => {
    const v = engine.review(item);
    const f = v.violations.find((x) => x.ruleId === "newsscene.caption-news-insert");
    expect(f).toBeDefined();
    expect(item.text.slice(f!.start, f!.end)).toBe("插播一条快讯");
    expect(f!.confidence).toBe(0.85);
  });
});
