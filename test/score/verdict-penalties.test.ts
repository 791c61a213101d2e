/** The engine's verdicts carry violation ids, the channel action, penalties and 三无 findings. */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import type { Item } from "../../src/types.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";

const clock = () => new Date("2024-06-10T12:00:00+08:00");
const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, clock });

describe("verdict penalties", () => {
  it("a counterfeit listing: severe → block / take_down, clearance, 12 points, whole deposit", () => {
    const v = engine.review({ id: "l1", channel: "listing", listing: { title: "高仿名牌包 原单尾货" } });
    expect(v.decision).toBe("block");
    expect(v.action).toBe("take_down");
    const kinds = v.penalties!.filter((p) => !p.superseded).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["credit_points", "clearance", "whole_deposit", "product_ban"]));
    for (const p of v.penalties!) {
      expect(p.rule).toMatch(/^00[123] /);
      for (const id of p.violationIds ?? []) expect(v.violations.some((x) => x.id === id)).toBe(true);
    }
  });
  it("violation ids are stable across runs and differ between items", () => {
    const item: Item = { id: "s1", channel: "script", text: "全网最低价，只有今天" };
    const a = engine.review(item);
    const b = engine.review(item);
    expect(a.violations[0].id).toMatch(/^v[0-9a-f]{11}$/);
    expect(a.violations.map((x) => x.id)).toEqual(b.violations.map((x) => x.id));
    expect(engine.review({ ...item, id: "s2" }).violations[0].id).not.toBe(a.violations[0].id);
  });
  it("a clean listing with declared-empty manufacturer is a 三无 finding: block, 5000 yuan, correction report", () => {
    const v = engine.review({ id: "l2", channel: "listing", listing: { title: "不锈钢保温杯 500ml", attributes: { manufacturer: "无", material: "304不锈钢" } } });
    expect(v.violations).toEqual([]);
    expect(v.decision).toBe("block");
    expect(v.productFindings).toMatchObject([{ kind: "sanwu", missing: ["manufacturer"] }]);
    expect(v.penalties!.find((p) => p.kind === "deposit")!.amount).toBe(5000);
  });
  it("a clean item passes with no penalties", () => {
    const v = engine.review({ id: "c1", channel: "caption", text: "欢迎来到直播间，今天给大家看看这款保温杯" });
    expect(v).toMatchObject({ decision: "pass", action: "none", penalties: [] });
  });
  it("a new creator's first covered violation is marked reversible by exam (clock inside the window)", () => {
    const account = { id: "c9", role: "creator" as const, firstSellingAt: "2024-06-05T00:00:00+08:00", liveHours: 3, previewVideos: 1 };
    const v = engine.review({ id: "c2", channel: "caption", text: "全网最低价就在我家", account });
    expect(v.penalties!.some((p) => p.kind === "exam_reversible")).toBe(true);
    const later = createEngine({ lexiconDir: FIXTURE_LEXICONS, clock: () => new Date("2024-07-10T12:00:00+08:00") });
    expect(later.review({ id: "c2", channel: "caption", text: "全网最低价就在我家", account }).penalties!.some((p) => p.kind === "exam_reversible")).toBe(false);
  });
  it("--no-explain verdicts keep ids and penalties", () => {
    const quiet = createEngine({ lexiconDir: FIXTURE_LEXICONS, clock, explain: false });
    const v = quiet.review({ id: "s3", channel: "script", text: "全网最低价" });
    expect(v.violations[0].id).toBeDefined();
    expect("explain" in v.violations[0]).toBe(false);
    expect(v.penalties!.length).toBeGreaterThan(0);
  });
});
