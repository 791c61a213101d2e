/** Verdicts have exactly the SPEC's shape. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CATEGORIES, SEVERITIES } from "../src/types.js";
import { fixtureEngine } from "./support/engine.js";

const violation = z.object({
  category: z.enum(CATEGORIES),
  ruleId: z.string().min(1),
  term: z.string().min(1),
  matched: z.string().min(1),
  field: z.string().min(1),
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  severity: z.enum(SEVERITIES),
  confidence: z.number().min(0).max(1),
  suggestion: z.string().optional(),
  fix: z
    .strictObject({
      field: z.string().min(1),
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      text: z.string().regex(/^(?!.*(?:X元|XX))/),
      kind: z.enum(["replace", "delete-term", "delete-clause"]),
    })
    .refine((f) => f.end > f.start)
    .optional(),
  rule: z.string().min(1),
  spans: z.array(z.object({ field: z.string(), start: z.number(), end: z.number() })).min(1),
});
const verdict = z.object({
  id: z.string(),
  decision: z.enum(["pass", "review", "block"]),
  score: z.number().min(0).max(1),
  lexiconVersion: z.string().regex(/^[0-9a-f]{12}$/),
  violations: z.array(violation),
  /** Only when the list was cut at the policy's limits.maxViolations. */
  truncated: z.literal(true).optional(),
  /** Why the decision is what it is (src/score/decide.ts). */
  decisionReason: z.string().min(1),
});

describe("verdict shape", () => {
  const engine = fixtureEngine();
  it.each([
    { id: "c1", channel: "caption" as const, room: "r9", seq: 12, text: "家人们这个包成活" },
    { id: "s1", channel: "script" as const, text: "这是全网最低价，原价六百八今天九块九" },
    { id: "l1", channel: "listing" as const, listing: { title: "纯棉T恤", description: "高仿大牌", sellingPoints: ["包成活"], attributes: { material: "涤纶" } } },
    { id: "c2", channel: "caption" as const, fragments: [{ seq: 1, text: "包" }, { seq: 2, text: "成活" }], listing: { attributes: { material: "涤纶" } } },
  ])("$id", (item) => {
    const v = fixtureEngine().review(item);
    expect(() => verdict.parse(v)).not.toThrow();
    expect(v.id).toBe(item.id);
    expect(v.lexiconVersion).toBe(engine.lexiconVersion);
    expect(v.violations.length).toBeGreaterThan(0);
    expect(v.decision).not.toBe("pass");
  });
});
