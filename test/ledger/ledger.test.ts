/**
 * The account ledger in Redis: events appended once, state derived from them
 * (rebuild = live), idempotent application, appeals and exams, the yearly
 * reset with a fixed clock, and no event lost across a worker restart.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Ledger, LedgerError } from "../../src/ledger/index.js";
import { ledgerKeys } from "../../src/ledger/keys.js";
import type { Account } from "../../src/types.js";
import { testPrefix } from "../support/prefix.js";
import { item, sanwuVerdict, verdict, violation } from "./helpers.js";

const url = inject("redisUrl");
const redis = new Redis(url);
const extra: Redis[] = [];
afterAll(async () => {
  await Promise.all([redis, ...extra].map((r) => r.quit()));
});

/** A ledger with a clock the test moves. */
function setup(name: string, start = "2024-06-10T12:00:00+08:00") {
  const prefix = testPrefix(name);
  const t = { now: new Date(start) };
  const clock = () => t.now;
  const ledger = new Ledger(redis, prefix, clock);
  const len = (acct: string) => redis.xlen(ledgerKeys(prefix, acct).events);
  return { prefix, t, clock, ledger, len, set: (iso: string) => (t.now = new Date(iso)) };
}

const merchant: Account = { id: "m1", role: "merchant" };

describe("ledger", () => {
  it("records a verdict's violations with their penalties; rebuilt from events it equals the live state", async () => {
    const { ledger, len } = setup("apply");
    const it1 = item("i1", merchant);
    await ledger.applyVerdict(it1, verdict(it1, [violation("i1", "absolute_claim", "general"), violation("i1", "private_trade", "severe", 10)]));
    const s = await ledger.show("m1");
    expect(s.credit).toMatchObject({ start: 12, deducted: 9, remaining: 3 });
    expect(s.deposit.deducted).toBe(200 + 5000);
    expect(s.violations.map((r) => r.category)).toEqual(["absolute_claim", "private_trade"]);
    expect(await len("m1")).toBe(1);
    expect(await ledger.rebuild("m1")).toEqual(s);
  });

  it("applying the same verdict twice changes nothing (one event set)", async () => {
    const { ledger, len, prefix } = setup("idem");
    const it1 = item("i1", merchant);
    const v = verdict(it1, [violation("i1", "absolute_claim", "general")]);
    await ledger.applyVerdict(it1, v);
    const first = await ledger.show("m1");
    await ledger.applyVerdict(it1, structuredClone(v));
    expect(await len("m1")).toBe(1);
    expect(await ledger.show("m1")).toEqual(first);
    // Racing writers on their own connections: still one event set.
    const r2 = new Redis(url);
    extra.push(r2);
    const other = new Ledger(r2, prefix, () => new Date("2024-06-10T12:00:00+08:00"));
    const it2 = item("i2", merchant);
    const v2 = verdict(it2, [violation("i2", "price_fraud", "general")]);
    await Promise.all([ledger.applyVerdict(it2, v2), other.applyVerdict(it2, v2), ledger.applyVerdict(it2, v2), other.applyVerdict(it2, v2)]);
    expect(await len("m1")).toBe(2);
    expect((await ledger.show("m1")).credit.deducted).toBe(6);
  });

  it("a rescan with one new finding records only the new one", async () => {
    const { ledger, len } = setup("rescan");
    const it1 = item("i1", merchant);
    const a = violation("i1", "absolute_claim", "general");
    await ledger.applyVerdict(it1, verdict(it1, [a]));
    await ledger.applyVerdict(it1, verdict(it1, [a, violation("i1", "price_fraud", "general", 20)]));
    expect(await len("m1")).toBe(2);
    const s = await ledger.show("m1");
    expect(s.violations.map((r) => r.category)).toEqual(["absolute_claim", "price_fraud"]);
    expect(s.credit.deducted).toBe(6);
  });

  it("sets the verdict's penalties from the account's history", async () => {
    const { ledger } = setup("history");
    for (const id of ["a", "b", "c"]) {
      const it1 = item(id, merchant);
      await ledger.applyVerdict(it1, verdict(it1, [violation(id, "absolute_claim", "general")]));
    }
    const it4 = item("d", merchant);
    const v = verdict(it4, [violation("d", "absolute_claim", "general")]);
    await ledger.applyVerdict(it4, v);
    // 4 × 3 points = 12: clearance (001 商家信用积分·具体规则1).
    expect(v.penalties!.some((p) => p.kind === "clearance" && p.node === 12)).toBe(true);
    expect(v.account).toMatchObject({ id: "m1", status: "cleared", creditRemaining: 0 });
  });

  it("a worker restart loses no event: a crash before the append is retried, one after it is deduped", async () => {
    const { prefix, clock, len } = setup("restart");
    const it1 = item("i1", merchant);
    const v = verdict(it1, [violation("i1", "counterfeit", "minor")]);
    // A worker that dies at the append: nothing was written.
    const dying = new Redis(url);
    extra.push(dying);
    const evalOnce = dying.eval.bind(dying);
    let died = false;
    (dying as unknown as { eval: typeof dying.eval }).eval = ((...args: Parameters<typeof dying.eval>) => {
      if (!died) {
        died = true;
        throw new Error("worker killed");
      }
      return evalOnce(...args);
    }) as typeof dying.eval;
    await expect(new Ledger(dying, prefix, clock).applyVerdict(it1, v)).rejects.toThrow("worker killed");
    expect(await len("m1")).toBe(0);
    // The job is retried by a fresh worker: applied once.
    const fresh = new Ledger(redis, prefix, clock);
    await fresh.applyVerdict(it1, v);
    expect(await len("m1")).toBe(1);
    // The worker dies after the append, before acknowledging: the retry finds it applied.
    await new Ledger(redis, prefix, clock).applyVerdict(it1, v);
    expect(await len("m1")).toBe(1);
    // The live snapshot is lost: the state comes back from the events.
    const before = await fresh.show("m1");
    await redis.del(ledgerKeys(prefix, "m1").state);
    expect(await new Ledger(redis, prefix, clock).show("m1")).toEqual(before);
    expect(before.measure).toBe("suspension");
  });

  it("an appeal reverses the violation and its penalty; twice is once; unknown ids are refused", async () => {
    const { ledger, len } = setup("appeal");
    const it1 = item("i1", merchant, "caption");
    const mis = violation("i1", "attribute_mismatch", "general", 0, { aspect: "material" });
    await ledger.applyVerdict(it1, verdict(it1, [mis, violation("i1", "absolute_claim", "general", 10)]));
    const before = await ledger.show("m1");
    expect(before.compensable).toEqual([mis.id]);
    const after = await ledger.appeal("m1", mis.id!);
    expect(after.credit.deducted).toBe(before.credit.deducted - 3);
    expect(after.deposit.deducted).toBe(before.deposit.deducted - 200);
    expect(after.compensable).toEqual([]);
    expect(after.violations.find((r) => r.id === mis.id)).toMatchObject({ status: "appealed", reversedAt: "2024-06-10T04:00:00.000Z" });
    await ledger.appeal("m1", mis.id!);
    expect(await len("m1")).toBe(2);
    await expect(ledger.appeal("m1", "vnope")).rejects.toBeInstanceOf(LedgerError);
    expect(await ledger.rebuild("m1")).toEqual(await ledger.show("m1"));
  });

  it("an appeal that takes the year's points below 12 withdraws the clearance it had caused", async () => {
    const { ledger } = setup("node");
    const a = item("a", merchant);
    const va = violation("a", "private_trade", "severe");
    await ledger.applyVerdict(a, verdict(a, [va]));
    const b = item("b", merchant);
    await ledger.applyVerdict(b, verdict(b, [violation("b", "private_trade", "severe")]));
    expect((await ledger.show("m1")).status).toBe("cleared");
    const s = await ledger.appeal("m1", va.id!);
    expect(s.status).not.toBe("cleared");
    expect(s.credit.deducted).toBe(6);
    const rec = s.violations.find((r) => r.itemId === "b")!;
    expect(rec.penalties.find((p) => p.node === 12)!.withdrawn).toMatch(/no longer reached/);
  });

  it("yearly reset at 12-31 23:59:59 (001 商家信用积分·具体规则3), with a fixed clock", async () => {
    const { ledger, set } = setup("reset", "2024-12-31T23:59:58+08:00");
    const a = item("a", merchant);
    await ledger.applyVerdict(a, verdict(a, [violation("a", "private_trade", "severe"), violation("a", "absolute_claim", "general", 10)]));
    expect((await ledger.show("m1")).credit).toMatchObject({ year: 2024, deducted: 9, remaining: 3, nextReset: "2024-12-31T15:59:59.000Z" });
    set("2024-12-31T23:59:59+08:00");
    expect((await ledger.show("m1")).credit).toMatchObject({ year: 2025, deducted: 0, remaining: 12 });
    // A new deduction in the new year does not add to last year's 9.
    const b = item("b", merchant);
    await ledger.applyVerdict(b, verdict(b, [violation("b", "absolute_claim", "general")]));
    const s = await ledger.show("m1");
    expect(s.credit.deducted).toBe(3);
    expect(s.measure).not.toBe("clearance");
    expect(await ledger.rebuild("m1")).toEqual(s);
  });

  it("the same deductions within one year reach 12 and clear the shop", async () => {
    const { ledger, set } = setup("noreset", "2024-12-31T23:59:57+08:00");
    const a = item("a", merchant);
    await ledger.applyVerdict(a, verdict(a, [violation("a", "private_trade", "severe"), violation("a", "absolute_claim", "general", 10)]));
    set("2024-12-31T23:59:58+08:00");
    const b = item("b", merchant);
    await ledger.applyVerdict(b, verdict(b, [violation("b", "absolute_claim", "general")]));
    expect((await ledger.show("m1")).status).toBe("cleared");
  });

  it("三无: 5000 yuan and a correction report up to the third, clearance at the fourth (001 出售三无产品·处理)", async () => {
    const { ledger } = setup("sanwu");
    for (const id of ["l1", "l2", "l3"]) {
      const l = item(id, merchant, "listing");
      await ledger.applyVerdict(l, sanwuVerdict(l));
    }
    const third = await ledger.show("m1");
    expect(third.deposit.deducted).toBe(15000);
    expect(third.status).toBe("correction_due");
    const l4 = item("l4", merchant, "listing");
    const v4 = sanwuVerdict(l4);
    await ledger.applyVerdict(l4, v4);
    const fourth = await ledger.show("m1");
    expect(fourth.status).toBe("cleared");
    expect(fourth.deposit.whole).toBe(true);
    expect(v4.penalties!.map((p) => p.kind)).toEqual(expect.arrayContaining(["clearance", "whole_deposit"]));
    expect(fourth.productBans).toEqual(["l1", "l2", "l3", "l4"]);
  });

  it("most severe wins across the account: a later clearance supersedes an earlier suspension (001 具体规则2)", async () => {
    const { ledger } = setup("severe");
    const a = item("a", merchant, "listing");
    await ledger.applyVerdict(a, verdict(a, [violation("a", "counterfeit", "minor")]));
    expect((await ledger.show("m1")).status).toBe("suspended");
    const b = item("b", merchant, "listing");
    await ledger.applyVerdict(b, verdict(b, [violation("b", "counterfeit", "severe")]));
    const s = await ledger.show("m1");
    expect(s.status).toBe("cleared");
    expect(s.deposit.whole).toBe(true);
  });
});

describe("new-creator protection in the ledger (002)", () => {
  const creator: Account = { id: "c1", role: "creator", firstSellingAt: "2024-06-05T00:00:00+08:00", liveHours: 6, previewVideos: 3 };

  it("3.2(1): the first penalty is reversed by an exam passed within 7 days; later ones get no exam", async () => {
    const { ledger, set, len } = setup("exam");
    const a = item("a", creator);
    const va = violation("a", "absolute_claim", "general");
    await ledger.applyVerdict(a, verdict(a, [va]));
    const b = item("b", creator);
    const vb = violation("b", "price_fraud", "general");
    await ledger.applyVerdict(b, verdict(b, [vb]));
    const s = await ledger.show("c1");
    expect(s.protection.openExams).toEqual([{ violationId: va.id, deadline: "2024-06-17T04:00:00.000Z" }]);
    await expect(ledger.passExam("c1", vb.id!)).rejects.toThrow(/has no exam/);
    set("2024-06-16T12:00:00+08:00");
    const after = await ledger.passExam("c1", va.id!);
    expect(after.credit.deducted).toBe(3);
    expect(after.violations.find((r) => r.id === va.id)).toMatchObject({ status: "exam_passed", exam: { status: "passed" } });
    expect(await len("c1")).toBe(3);
    expect(await ledger.rebuild("c1")).toEqual(after);
  });

  it("3.2(1): an exam after 7 days is refused and the penalty stands", async () => {
    const { ledger, set, len } = setup("late");
    const a = item("a", creator);
    const va = violation("a", "absolute_claim", "general");
    await ledger.applyVerdict(a, verdict(a, [va]));
    set("2024-06-17T12:00:01+08:00");
    expect((await ledger.show("c1")).violations[0].exam!.status).toBe("expired");
    await expect(ledger.passExam("c1", va.id!)).rejects.toThrow(/closed/);
    expect(await len("c1")).toBe(1);
    expect((await ledger.show("c1")).credit.deducted).toBe(3);
  });

  it("3.2(2): the first credit node is waived up to 6 points, once", async () => {
    const { ledger } = setup("waive");
    const a = item("a", creator, "listing");
    await ledger.applyVerdict(a, verdict(a, [violation("a", "counterfeit", "severe")]));
    let s = await ledger.show("c1");
    expect(s.credit.deducted).toBe(6);
    expect(s.protection.nodeWaiverUsed).toBe(true);
    const b = item("b", creator, "listing");
    await ledger.applyVerdict(b, verdict(b, [violation("b", "private_trade", "severe")]));
    s = await ledger.show("c1");
    expect(s.credit.deducted).toBe(12);
    expect(s.status).toBe("cleared");
  });
});
