/**
 * Past policy.limits.maxViolations a verdict lists only the first violations,
 * and only those get an id (a hash each: src/score/pipeline.ts); penalties are
 * still assessed on every violation. So a truncated verdict must say exactly
 * what the uncapped verdict says, cut: the same first violations, the same
 * decision and score, and the same penalties restricted to the listed ids,
 * with their notes cut as a truncated verdict cuts them.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import type { Item } from "../../src/types.js";

const MAX_NOTE = 300;
const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

describe("a truncated verdict is the uncapped one, cut", () => {
  const engine = createEngine({ deadlineMs: Infinity });
  const max = engine.policy.limits.maxViolations;
  const uncapped = createEngine({ deadlineMs: Infinity, policy: { ...engine.policy, limits: { ...engine.policy.limits, maxViolations: 1_000_000 } } });

  it.each([
    ["one phrase repeated", fill("加微信", 6_000)],
    ["one phrase in sentences", fill("想要的加微信。", 8_000)],
    // several categories, some only past the cap (the occurrence's counted hit may be an unlisted one)
    ["categories past the cap", fill("加微信。", 4_000) + fill("全网最低价，包成活，顶配用料。私下转账更便宜。", 3_000)],
    ["pinyin", fill("jia wei xin bao cheng huo ", 12_000)],
  ])("%s", (_name, text) => {
    const item: Item = { id: "cut", channel: "script", text };
    const cut = engine.review(item);
    const full = uncapped.review(item);
    expect(cut.truncated).toBe(true);
    expect(full.truncated).toBeUndefined();
    expect(full.violations.length).toBeGreaterThan(max);
    expect(cut.violations).toEqual(full.violations.slice(0, max));
    expect([cut.decision, cut.score, cut.action, cut.decisionReason]).toEqual([full.decision, full.score, full.action, full.decisionReason]);
    const shown = new Set(cut.violations.map((v) => v.id));
    const expected = full.penalties.map((p) => ({
      ...p,
      note: p.note.length > MAX_NOTE ? `${p.note.slice(0, MAX_NOTE)}…` : p.note,
      ...(p.violationIds ? { violationIds: p.violationIds.filter((id) => shown.has(id)) } : {}),
    }));
    expect(cut.penalties).toEqual(expected);
  });
});
