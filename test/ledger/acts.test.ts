/**
 * Issue #11 item 7: the ledger counts acts and stays right after appeals.
 * - one act = one occurrence: one item, one category; the most severe hit
 *   counts, the others are its evidence (001: 每出现一次违规);
 * - clearance and measures recomputed from the year's remaining points after
 *   every appeal (001 商家信用积分·具体规则1、7–9: 12 deducted → clearance);
 * - the new-creator exam as 002 states it, clause by clause;
 * - an edited item re-submitted with the same id and account is one act.
 * Each case: live state equals the fold of the events (rebuild).
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Ledger, LedgerError } from "../../src/ledger/index.js";
import { occurrencesOf } from "../../src/score/penalties/index.js";
import type { Account } from "../../src/types.js";
import { shippedEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { item, verdict, violation } from "./helpers.js";

const redis = new Redis(inject("redisUrl"));
afterAll(async () => {
  await redis.quit();
});

function setup(name: string, start = "2024-06-10T12:00:00+08:00") {
  const t = { now: new Date(start) };
  const ledger = new Ledger(redis, testPrefix(name), () => t.now);
  return { ledger, set: (iso: string) => (t.now = new Date(iso)) };
}

const merchant: Account = { id: "m1", role: "merchant" };
const creator: Account = { id: "c1", role: "creator", firstSellingAt: "2024-06-05T00:00:00+08:00", liveHours: 6, previewVideos: 3 };

describe("one act = one occurrence (one item, one category)", () => {
  it("加我微信 and 私下 in one sentence: one severe private-trade act (6 points, 5000 yuan), not two (12 points, clearance)", async () => {
    const { ledger } = setup("act-one");
    const i = item("s1", merchant);
    const wx = violation("s1", "private_trade", "severe", 0, { ruleId: "private_trade.wechat" });
    const sx = violation("s1", "private_trade", "severe", 6, { ruleId: "private_trade.offline" });
    const v = verdict(i, [wx, sx]);
    await ledger.applyVerdict(i, v);
    const s = await ledger.show("m1");
    expect(s.violations).toHaveLength(1);
    expect(s.violations[0]).toMatchObject({ id: wx.id, category: "private_trade", severity: "severe", points: 6, violationIds: [wx.id, sx.id] });
    expect(s.credit).toMatchObject({ deducted: 6, remaining: 6 });
    expect(s.deposit.deducted).toBe(5000);
    expect(s.status).toBe("good");
    expect(v.penalties!.filter((p) => p.kind === "credit_points")).toHaveLength(1);
    // The evidence hit names the act too: its appeal reverses the one act.
    const after = await ledger.appeal("m1", sx.id!);
    expect(after.credit.deducted).toBe(0);
    expect(await ledger.rebuild("m1")).toEqual(after);
  });

  it("through the engine: a sentence with two private-trade hits is one act on the verdict and in the ledger", async () => {
    const { ledger } = setup("act-engine");
    const i = { id: "e1", channel: "script" as const, text: "想要的话加我微信，私下转账更便宜", account: merchant };
    const v = shippedEngine().review(i);
    expect(v.violations.filter((x) => x.category === "private_trade").length).toBeGreaterThanOrEqual(2);
    expect(v.penalties!.filter((p) => p.kind === "credit_points")).toHaveLength(1);
    await ledger.applyVerdict(i, v);
    const s = await ledger.show("m1");
    expect(s.credit.deducted).toBe(6);
    expect(s.deposit.deducted).toBe(5000);
    expect(s.status).toBe("good");
  });

  it("the most severe hit of a category counts, the others are evidence after it; other categories are other acts", () => {
    const g = violation("x", "absolute_claim", "general", 0, { ruleId: "a.first" });
    const sv = violation("x", "absolute_claim", "severe", 10, { ruleId: "a.best" });
    const p = violation("x", "price_fraud", "general", 20);
    const occ = occurrencesOf([g, sv, p], "category");
    expect(occ).toHaveLength(2);
    expect(occ[0]).toMatchObject({ id: sv.id, category: "absolute_claim", ruleId: "a.best", severity: "severe", violationIds: [sv.id, g.id], matched: [sv.matched, g.matched] });
    expect(occ[1]).toMatchObject({ id: p.id, category: "price_fraud" });
    expect(occurrencesOf([g, sv, p], "entry")).toHaveLength(3);
  });
});

describe("measures recomputed from the year's remaining points after every appeal", () => {
  it("five 3-point violations, one appealed: 12 remain deducted, so the clearance stands (moved to the violation that now reaches 12)", async () => {
    const { ledger } = setup("act-appeal");
    const ids: string[] = [];
    for (const id of ["a", "b", "c", "d", "e"]) {
      const i = item(id, merchant);
      const v = violation(id, "absolute_claim", "general");
      ids.push(v.id!);
      await ledger.applyVerdict(i, verdict(i, [v]));
    }
    let s = await ledger.show("m1");
    expect(s.credit).toMatchObject({ deducted: 15, remaining: 0 });
    expect(s).toMatchObject({ status: "cleared", measure: "clearance" });
    s = await ledger.appeal("m1", ids[0]);
    expect(s.credit).toMatchObject({ deducted: 12, remaining: 0 });
    expect(s).toMatchObject({ status: "cleared", measure: "clearance" });
    const clearance = (r: (typeof s.violations)[number]) => r.penalties.find((p) => p.kind === "clearance" && p.node === 12);
    expect(clearance(s.violations.find((r) => r.itemId === "d")!)!.withdrawn).toMatch(/no longer reached/);
    expect(clearance(s.violations.find((r) => r.itemId === "e")!)!.withdrawn).toBeUndefined();
    expect(await ledger.rebuild("m1")).toEqual(s);
    // A second upheld appeal: 9 points, below the node — no measure.
    s = await ledger.appeal("m1", ids[4]);
    expect(s.credit).toMatchObject({ deducted: 9, remaining: 3 });
    expect(s).toMatchObject({ status: "good", measure: null });
    expect(await ledger.rebuild("m1")).toEqual(s);
  });
});

describe("the new-creator exam (002)", () => {
  const covered = (ledger: Ledger, acct: Account, id: string, cat: "absolute_claim" | "counterfeit" = "absolute_claim", sev: "general" | "minor" = "general") => {
    const i = item(id, acct, cat === "counterfeit" ? "listing" : "script");
    const v = violation(id, cat, cat === "counterfeit" ? "minor" : sev);
    return ledger.applyVerdict(i, verdict(i, [v])).then(() => v.id!);
  };

  it("§3.2(1): the account's first violation gets the exam; passing it within 7 days gives the points back", async () => {
    const { ledger, set } = setup("exam-first");
    const first = await covered(ledger, creator, "a");
    set("2024-06-17T12:00:00+08:00"); // exactly 7 days after the notice
    const s = await ledger.passExam("c1", first);
    expect(s.credit.deducted).toBe(0);
    expect(await ledger.rebuild("c1")).toEqual(s);
  });

  it("§3.2(1) with §2: a creator whose first selling date is not given — the first item on record starts the window", async () => {
    const { ledger, set } = setup("exam-nofirst");
    const acct: Account = { id: "c1", role: "creator" };
    const first = await covered(ledger, acct, "a");
    const shown = await ledger.show("c1");
    expect(shown.protection.openExams.map((e) => e.violationId)).toEqual([first]);
    expect(shown.violations[0].protection).toMatch(/^eligible: .*no firstSellingAt: the account's first item on record/);
    set("2024-06-12T12:00:00+08:00");
    expect((await ledger.passExam("c1", first)).credit.deducted).toBe(0);
    // The window runs 15 days from that first item: a violation on day 16 gets no protection.
    set("2024-06-26T12:00:01+08:00");
    const late = await covered(ledger, acct, "b");
    expect((await ledger.show("c1")).violations.find((r) => r.id === late)!.protection).toMatch(/more than 15 days/);
  });

  it("§3.2(1): only the first penalty — a later one is refused with a message naming the first", async () => {
    const { ledger } = setup("exam-second");
    const first = await covered(ledger, creator, "a");
    const second = await covered(ledger, creator, "b");
    await expect(ledger.passExam("c1", second)).rejects.toThrow(new RegExp(`has no exam.*first penalty in the new-creator window, ${first}`));
  });

  it("§3.2(1): the first penalty for the covered kinds — an uncovered first violation (counterfeit) does not use up the exam", async () => {
    const { ledger } = setup("exam-uncovered");
    const cf = await covered(ledger, creator, "a", "counterfeit");
    const next = await covered(ledger, creator, "b");
    await expect(ledger.passExam("c1", cf)).rejects.toThrow(/has no exam.*first penalty in the new-creator window, /);
    const s = await ledger.passExam("c1", next);
    expect(s.violations.find((r) => r.id === next)!.status).toBe("exam_passed");
  });

  it("§3.2(1): an exam after the 7 days is refused and the points stay", async () => {
    const { ledger, set } = setup("exam-late");
    const first = await covered(ledger, creator, "a");
    set("2024-06-17T12:00:01+08:00");
    await expect(ledger.passExam("c1", first)).rejects.toThrow(/closed/);
    expect((await ledger.show("c1")).credit.deducted).toBe(3);
  });

  it.each([
    { why: "§2 day 15 after the first selling live (15天内) — covered", at: "2024-06-20T00:00:00+08:00", acct: creator, exam: true },
    { why: "§2 day 15 and a second — not covered", at: "2024-06-20T00:00:01+08:00", acct: creator, exam: false },
    { why: "§2 20 h live (≤20小时) — covered", at: undefined, acct: { ...creator, liveHours: 20 }, exam: true },
    { why: "§2 20.5 h live — not covered", at: undefined, acct: { ...creator, liveHours: 20.5 }, exam: false },
    { why: "§2 10 preview videos (≤10个) — covered", at: undefined, acct: { ...creator, previewVideos: 10 }, exam: true },
    { why: "§2 11 preview videos — not covered", at: undefined, acct: { ...creator, previewVideos: 11 }, exam: false },
    { why: "§1 a merchant, not a new creator — not covered", at: undefined, acct: { ...creator, role: "merchant" as const }, exam: false },
    { why: "§1 basic deposit not paid in full — not covered", at: undefined, acct: { ...creator, depositPaid: false }, exam: false },
    { why: "§3.1(1) novice learning tasks not done — not covered", at: undefined, acct: { ...creator, learningTasksDone: false }, exam: false },
    { why: "§3.1(1) novice learning tasks done, deposit paid — covered", at: undefined, acct: { ...creator, learningTasksDone: true, depositPaid: true }, exam: true },
  ])("$why", async ({ at, acct, exam }) => {
    const { ledger, set } = setup("exam-clause");
    if (at) set(at);
    const first = await covered(ledger, acct, "a");
    const s = await ledger.show("c1");
    expect(s.protection.openExams.length > 0).toBe(exam);
    if (exam) expect((await ledger.passExam("c1", first)).credit.deducted).toBe(0);
    else await expect(ledger.passExam("c1", first)).rejects.toThrow(/has no exam \(002 §3\.2\(1\)\): no new-creator protection when it was recorded: \S/);
  });

  it("§3.2(2): the first credit node in the window is waived up to 6 points, once", async () => {
    const { ledger } = setup("exam-node");
    const severe = async (id: string) => {
      const i = item(id, creator);
      await ledger.applyVerdict(i, verdict(i, [violation(id, "private_trade", "severe")]));
      return ledger.show("c1");
    };
    expect((await severe("a")).credit.deducted).toBe(6);
    let s = await severe("b"); // would reach 12: 6 of its points waived
    expect(s.credit.deducted).toBe(6);
    expect(s.status).toBe("good");
    expect(s.violations[1].waived).toBe(6);
    s = await severe("c"); // the waiver was used: 12 deducted, clearance
    expect(s.credit.deducted).toBe(12);
    expect(s.status).toBe("cleared");
    expect(await ledger.rebuild("c1")).toEqual(s);
  });
});

describe("re-submitting an edited item (same id, same account) is one act", () => {
  it("edited wording in the same category: one record, the new hit linked as evidence; a more severe edit replaces it", async () => {
    const { ledger } = setup("resubmit");
    const i = item("i1", merchant);
    const v1 = violation("i1", "absolute_claim", "general", 0);
    await ledger.applyVerdict(i, verdict(i, [v1]));
    // The edit moved the claim: another violation id, the same act.
    const v2 = violation("i1", "absolute_claim", "general", 14);
    const vd2 = verdict(i, [v2]);
    await ledger.applyVerdict(i, vd2);
    let s = await ledger.show("m1");
    expect(s.violations).toHaveLength(1);
    expect(s.violations[0].violationIds).toEqual([v1.id, v2.id]);
    expect(s.credit.deducted).toBe(3);
    expect(vd2.penalties!.filter((p) => p.kind === "credit_points")).toHaveLength(1);
    // A more severe version of the act replaces it: 6 points, not 3 + 6.
    const v3 = violation("i1", "absolute_claim", "severe", 30);
    await ledger.applyVerdict(i, verdict(i, [v3]));
    s = await ledger.show("m1");
    expect(s.credit.deducted).toBe(6);
    expect(s.violations.map((r) => [r.status, r.severity])).toEqual([["superseded", "general"], ["active", "severe"]]);
    expect(s.violations[0].supersededBy).toBe(v3.id);
    // A new category in the same item is another act.
    await ledger.applyVerdict(i, verdict(i, [v3, violation("i1", "price_fraud", "general", 50)]));
    s = await ledger.show("m1");
    expect(s.credit.deducted).toBe(9);
    expect(await ledger.rebuild("m1")).toEqual(s);
    // The first version's violation id still names the act: its appeal reverses the replacing record.
    s = await ledger.appeal("m1", v1.id!);
    expect(s.credit.deducted).toBe(3);
    expect(await ledger.rebuild("m1")).toEqual(s);
  });

  it("the same item id on another account is that account's act", async () => {
    const { ledger } = setup("resubmit-other");
    const a = item("i1", merchant);
    await ledger.applyVerdict(a, verdict(a, [violation("i1", "absolute_claim", "general")]));
    const b = item("i1", { id: "m2", role: "merchant" });
    await ledger.applyVerdict(b, verdict(b, [violation("i1", "absolute_claim", "general", 4)]));
    expect((await ledger.show("m1")).credit.deducted).toBe(3);
    expect((await ledger.show("m2")).credit.deducted).toBe(3);
  });

  it("an unknown violation id is refused", async () => {
    const { ledger } = setup("resubmit-unknown");
    await expect(ledger.passExam("m1", "vnope")).rejects.toThrow(LedgerError);
  });
});
