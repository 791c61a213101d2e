/** Severity from entry, context and repetition; decisions and actions per channel (config/policy.json). */
import { describe, expect, it } from "vitest";
import { decide, escalate } from "../../src/score/decide.js";
import { loadPolicy, parsePolicy } from "../../src/score/policy.js";
import { assignSeverity, isDisguised } from "../../src/score/severity.js";
import type { Candidate, Channel, Decision, Verdict } from "../../src/types.js";
import { cand } from "./helpers.js";

const policy = loadPolicy();

describe("severity", () => {
  it("entry: the lexicon entry's severity stands when context is plain", () => {
    const [c] = assignSeverity([cand("absolute_claim", "general")], policy);
    expect(c.severity).toBe("general");
    expect(c.explain.steps.some((s) => s.step === "severity")).toBe(false);
  });
  it("context: an uncertain hit (confidence below severity.downgradeBelowConfidence) is one level milder", () => {
    const [c] = assignSeverity([cand("absolute_claim", "severe", { confidence: 0.55 })], policy);
    expect(c.severity).toBe("general");
    expect(c.explain.steps.at(-1)).toMatchObject({ step: "severity", effect: 0 });
    expect(c.explain.steps.at(-1)!.note).toContain("severe → general");
  });
  it("context: minor stays minor when uncertain", () => {
    expect(assignSeverity([cand("absolute_claim", "minor", { confidence: 0.5 })], policy)[0].severity).toBe("minor");
  });
  it.each([
    { variant: "variant" as const, matched: "加 薇 信", normalized: "加微信", disguised: true, why: "separators inside the word" },
    { variant: "variant" as const, matched: "vx", normalized: "微信", disguised: true, why: "Latin spelling of a Chinese word" },
    { variant: "pinyin" as const, matched: "jia wei xin", normalized: "加微信", disguised: true, why: "pinyin" },
    { variant: "variant" as const, matched: "國家級", normalized: "国家级", disguised: false, why: "traditional characters only" },
    { variant: "variant" as const, matched: "ＶＸ", normalized: "vx", disguised: false, why: "full width only" },
    { variant: "exact" as const, matched: "加微信", normalized: "加微信", disguised: false, why: "exact" },
  ])("context: disguise ($why) → $disguised", ({ variant, matched, normalized, disguised }) => {
    const c = cand("private_trade", "general", { variant, matched, normalized });
    expect(isDisguised(c)).toBe(disguised);
    expect(assignSeverity([c], policy)[0].severity).toBe(disguised ? "severe" : "general");
  });
  it("repetition: 3 hits of one category in one item are each one level more severe, capped at severe", () => {
    const cs = [0, 10, 20].map((start) => cand("absolute_claim", "general", { start }));
    expect(assignSeverity(cs, policy).map((c) => c.severity)).toEqual(["severe", "severe", "severe"]);
    expect(assignSeverity(cs.slice(0, 2), policy).map((c) => c.severity)).toEqual(["general", "general"]);
    const sev = [0, 10, 20].map((start) => cand("absolute_claim", "severe", { start }));
    expect(assignSeverity(sev, policy).map((c) => c.severity)).toEqual(["severe", "severe", "severe"]);
    const ext = [0, 10, 20].map((start) => cand("counterfeit", "extreme", { start }));
    expect(assignSeverity(ext, policy).map((c) => c.severity)).toEqual(["extreme", "extreme", "extreme"]);
  });
  it("repetition counts per category", () => {
    const cs = [cand("absolute_claim", "general", { start: 0 }), cand("price_fraud", "general", { start: 10 }), cand("private_trade", "general", { start: 20 })];
    expect(assignSeverity(cs, policy).map((c) => c.severity)).toEqual(["general", "general", "general"]);
  });
});

describe("decision per channel", () => {
  const rows: Array<{ channel: Channel; cs: ReturnType<typeof cand>[]; decision: Decision; action: string }> = [
    { channel: "caption", cs: [], decision: "pass", action: "none" },
    { channel: "caption", cs: [cand("absolute_claim", "general", { confidence: 0.8 })], decision: "review", action: "warn_host" },
    { channel: "caption", cs: [cand("counterfeit", "extreme", { confidence: 0.9 })], decision: "block", action: "cut_stream" },
    { channel: "caption", cs: [cand("counterfeit", "severe", { confidence: 0.9 })], decision: "review", action: "warn_host" },
    { channel: "script", cs: [], decision: "pass", action: "publish" },
    { channel: "script", cs: [cand("absolute_claim", "general", { confidence: 0.8 })], decision: "review", action: "revise" },
    { channel: "script", cs: [cand("counterfeit", "severe", { confidence: 0.9 })], decision: "block", action: "reject" },
    { channel: "script", cs: [cand("counterfeit", "severe", { confidence: 0.7 })], decision: "review", action: "revise" },
    { channel: "listing", cs: [], decision: "pass", action: "keep" },
    { channel: "listing", cs: [cand("attribute_mismatch", "general", { confidence: 0.8 })], decision: "review", action: "review" },
    { channel: "listing", cs: [cand("prohibited_goods", "severe", { confidence: 0.9 })], decision: "block", action: "take_down" },
  ];
  it.each(rows)("$channel → $decision ($action)", ({ channel, cs, decision, action }) => {
    const d = decide(cs, channel, policy);
    expect(d.decision).toBe(decision);
    expect(d.action).toBe(action);
  });
  it("a high item score blocks (channels.*.block)", () => {
    const cs = [0, 10, 20, 30].map((start) => cand("absolute_claim", "general", { start, confidence: 0.9 }));
    expect(decide(cs, "caption", policy)).toMatchObject({ decision: "block", action: "cut_stream", reason: expect.stringMatching(/^score 0\.\d+ ≥ 0\.9$/) });
  });
  it("the reason names the rule of the decision that applied (verdict.decisionReason)", () => {
    expect(decide([], "script", policy).reason).toBe("nothing reported");
    expect(decide([cand("counterfeit", "extreme", { confidence: 0.85 })], "caption", policy).reason).toMatch(/^extreme counterfeit ".*" at confidence 0\.85$/);
    expect(decide([cand("absolute_claim", "general", { confidence: 0.8 })], "script", policy).reason).toBe("1 violation(s) below the block threshold");
  });
  it("an item-level finding (三无) takes a listing down even without text violations", () => {
    expect(decide([], "listing", policy, ["三无 product"])).toMatchObject({ decision: "block", action: "take_down", reason: "三无 product" });
  });
  it("thresholds come from the policy file", () => {
    const strict = parsePolicy({ ...policy, channels: { ...policy.channels, caption: { ...policy.channels.caption, blockSeverities: ["general"] } } });
    expect(decide([cand("absolute_claim", "general", { confidence: 0.85 })], "caption", strict).decision).toBe("block");
  });
});

describe("room escalation (policy escalation)", () => {
  const verdict = (decision: Decision, violations: Candidate[]): Verdict => ({
    id: "f1", decision, score: 0.5, lexiconVersion: "0", channel: "caption", action: policy.channels.caption.actions[decision], decisionReason: "before", violations,
  });
  const cfg = policy.escalation;
  it("raises a violating fragment's decision, action and reason once the room is over the threshold", () => {
    const v = verdict("review", [cand("absolute_claim", "general")]);
    const e = escalate(v, cfg.violations, policy);
    expect(e).toEqual({ from: "review", to: cfg.raiseTo, violations: cfg.violations, windowMinutes: cfg.windowMinutes });
    expect(v).toMatchObject({ decision: cfg.raiseTo, action: policy.channels.caption.actions[cfg.raiseTo], escalation: e });
    expect(v.decisionReason).toBe(`room escalation: ${cfg.violations} violation(s) within ${cfg.windowMinutes} min (was review: before)`);
  });
  it("leaves a fragment alone below the threshold, without violations, or already at the level", () => {
    for (const v of [verdict("review", [cand("absolute_claim", "general")]), verdict("pass", []), verdict(cfg.raiseTo, [cand("absolute_claim", "general")])]) {
      const before = structuredClone(v);
      expect(escalate(v, v.decision === "review" ? cfg.violations - 1 : cfg.violations + 5, policy)).toBeUndefined();
      expect(v).toEqual(before);
    }
  });
});
