/** The context classifier: window and features, the saved model, held-out sentences, the blend into confidence. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { blendCandidates } from "../../src/classifier/blend.js";
import { contextWindow, features } from "../../src/classifier/features.js";
import { ContextClassifier } from "../../src/classifier/model.js";
import { crossValidate, readSamples, sampleFeatures } from "../../src/classifier/train.js";
import { createEngine } from "../../src/engine.js";
import { loadPolicy } from "../../src/score/policy.js";
import { cand } from "../score/helpers.js";
import { FIXTURE_LEXICONS, shippedEngine } from "../support/engine.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const policy = loadPolicy();
const engine = shippedEngine(); // loads jieba with the shipped dictionary, as in training
const clf = engine.classifier!;

describe("context window and features", () => {
  it("stays within the sentence and the size", () => {
    const t = "上一句。这款面霜是全网最低价，快拍！下一句";
    const s = t.indexOf("全网最低价");
    expect(contextWindow(t, s, s + 5, 24)).toEqual({ left: "这款面霜是", term: "全网最低价", right: "，快拍" });
    expect(contextWindow(t, s, s + 5, 2)).toEqual({ left: "霜是", term: "全网最低价", right: "，快" });
  });
  it("marks quotation, the words next to the term and the category", () => {
    const f = features({ left: "规定不能说“", term: "加微信", right: "”这种话" }, "private_trade");
    expect(f).toEqual(expect.arrayContaining(["Q:open", "Q:close", "C:private_trade", "LC:能说"]));
    expect(f.some((x) => x.startsWith("L1:"))).toBe(true);
    expect(features({ left: "這款", term: "x", right: "" })).toContain("LC:这款"); // traditional folded to simplified
  });
});

describe("saved model", () => {
  it("was trained on the current samples/context-training.jsonl", () => {
    const m = clf.model;
    const data = readFileSync(`${root}${m.trainedOn.file}`);
    expect(m.format).toBe("hegui-context-classifier/1");
    expect(m.trainedOn.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    expect(m.trainedOn.lines).toBe(data.toString().split("\n").filter((l) => l.trim()).length);
  });
  it("the fast vector lookup scores exactly as natural's own textToFeatures path", () => {
    for (const [l, t, r, c] of [["这款面霜是", "全网最低价", "，快拍", "absolute_claim"], ["规定不能说“", "加微信", "”", "private_trade"], ["", "高仿", "", "counterfeit"]]) {
      const f = features({ left: l, term: t, right: r }, c);
      const natural = clf.naturalClassifications(f);
      const total = natural.reduce((s, x) => s + x.value, 0);
      expect(clf.pClaimOf(f)).toBeCloseTo(natural.find((x) => x.label === "claim")!.value / total, 12);
    }
  });
  it("a missing model file is a clear error", () => {
    expect(() => ContextClassifier.load("/nonexistent/model.json")).toThrow(/classifier model not found/);
  });
});

describe("held-out sentences (written for this test, not in the training file)", () => {
  const rows: Array<[string, string, "claim" | "other", string]> = [
    ["这款护手霜是全网最低价，拍一号链接", "全网最低价", "claim", "absolute_claim"],
    ["我们不敢说全网最低价，只能说很划算", "全网最低价", "other", "absolute_claim"],
    ["违禁词：“全网最低价”不能出现在标题里", "全网最低价", "other", "absolute_claim"],
    ["喝了这个茶，三高全降下来了", "三高全降", "claim", "false_efficacy"],
    ["这个茶不能治病，更不会三高全降", "三高全降", "other", "false_efficacy"],
    ["私信我加微信，给你发内部价", "加微信", "claim", "private_trade"],
    ["付款用微信支付就可以", "微信支付", "other", "private_trade"],
    ["规定说“加微信”属于引导私下交易", "加微信", "other", "private_trade"],
    ["这个包是大牌高仿，跟专柜一样", "高仿", "claim", "counterfeit"],
    ["我们家没有高仿，全部正品", "高仿", "other", "counterfeit"],
    ["原价八百八，今晚只要八十八", "原价八百八", "claim", "price_fraud"],
    ["平台要求：“原价”要有真实成交记录", "原价", "other", "price_fraud"],
    ["每卖一单就捐一块钱给山区孩子", "捐一块钱", "claim", "charity_misuse"],
    ["戴上这个手串保你转运发财", "转运发财", "claim", "bad_values"],
    ["课程里讲了，“转运”属于迷信话术", "转运", "other", "bad_values"],
    ["最近降温了大家注意保暖", "最近", "other", "absolute_claim"],
  ];
  const scored = rows.map(([t, term, label, cat]) => {
    const s = t.indexOf(term);
    return { label, p: clf.pClaim(contextWindow(t, s, s + term.length, policy.classifier.window), cat) };
  });
  it("tells claims from quotation, negation and ordinary speech (≥ 14 of 16 at 0.5)", () => {
    const right = scored.filter((r) => (r.p >= 0.5) === (r.label === "claim")).length;
    expect(right).toBeGreaterThanOrEqual(14);
  });
  it("ranks claims above non-claims (pairwise, ≥ 0.9)", () => {
    const claims = scored.filter((r) => r.label === "claim");
    const others = scored.filter((r) => r.label === "other");
    let ok = 0;
    for (const c of claims) for (const o of others) ok += c.p > o.p ? 1 : 0;
    expect(ok / (claims.length * others.length)).toBeGreaterThanOrEqual(0.9);
  });
});

describe("training", () => {
  it("5-fold cross-validation of naive Bayes beats the majority class clearly", () => {
    const samples = readSamples(`${root}samples/context-training.jsonl`);
    const data = samples.map((sample) => ({ sample, tokens: sampleFeatures(sample, policy.classifier.window) }));
    const majority = samples.filter((s) => s.label !== "claim").length / samples.length;
    const r = crossValidate(data, "bayes", "binary", 5);
    expect(r.accuracy).toBeGreaterThan(majority + 0.1);
    expect(r.meanPClaimClaim - r.meanPClaimOther).toBeGreaterThan(0.3);
  });
  it("refuses a sample whose term is not in its text, naming the line", () => {
    const dir = `${root}test/classifier`;
    expect(() => readSamples(`${dir}/bad-sample.jsonl`)).toThrow(/bad-sample\.jsonl:2: field term/);
  });
});

describe("blend into confidence", () => {
  const w = policy.classifier.weight;
  it("(1 − w) × confidence + w × P(claim), recorded in explain", () => {
    const item = { id: "b1", channel: "script" as const, text: "规定不能说“全网最低”这种话" };
    const c = cand("absolute_claim", "general", { matched: "全网最低", start: item.text.indexOf("全网最低"), confidence: 0.9 });
    const [b] = blendCandidates(item, [c], clf, policy.classifier);
    const step = b.explain.steps.at(-1)!;
    expect(step.step).toBe("classifier");
    const p = Number(/P\(claim\)=([\d.]+)/.exec(step.note)![1]);
    expect(b.confidence).toBeCloseTo((1 - w) * 0.9 + w * p, 2);
    expect(b.confidence).toBeLessThan(0.9);
    expect(step.effect).toBeCloseTo(b.confidence - 0.9, 3);
    // Not blended twice.
    expect(blendCandidates(item, [b], clf, policy.classifier)[0]).toBe(b);
  });
  it("leaves code-rule findings alone (classifier.skipVariants)", () => {
    const item = { id: "b2", channel: "script" as const, text: "全网最低" };
    const c = cand("attribute_mismatch", "general", { matched: "全网最低", variant: "rule" });
    expect(blendCandidates(item, [c], clf, policy.classifier)[0]).toBe(c);
  });
  it("the engine blends by default and not with classifier: null", () => {
    const item = { id: "b3", channel: "caption" as const, text: "家人们这个包成活" };
    const withC = createEngine({ lexiconDir: FIXTURE_LEXICONS }).review(item).violations[0];
    const without = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null }).review(item).violations[0];
    expect(withC.explain.steps.some((s) => s.step === "classifier")).toBe(true);
    expect(without.explain.steps.some((s) => s.step === "classifier")).toBe(false);
  });
});

describe("engine-level probe (test/classifier/probe.jsonl: 20 non-claims, 10 claims written for this test)", () => {
  const probe = readFileSync(`${root}test/classifier/probe.jsonl`, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; channel: "script"; text: string; label: "claim" | "other" });
  const flagged = (e: ReturnType<typeof createEngine>, label: string) => probe.filter((p) => p.label === label && e.review(p).decision !== "pass").length;
  it("the classifier lets through more non-claims and keeps every claim the lexicons find", () => {
    const withC = createEngine();
    const without = createEngine({ classifier: null });
    expect(flagged(withC, "other")).toBeLessThan(flagged(without, "other"));
    expect(flagged(withC, "claim")).toBe(flagged(without, "claim"));
  });
});
