/** The review store on PostgreSQL and on PGlite: tasks once, priority order, leases, decisions, stats, the audit trail. */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Item, Verdict } from "../../src/types.js";
import { ReviewError, type ReviewStore } from "../../src/review/store.js";
import { shippedEngine } from "../support/engine.js";
import { backends } from "./backends.js";

const engine = () => shippedEngine();
let n = 0;
function reviewed(text: string, channel: Item["channel"] = "script", extra: Partial<Item> = {}): { item: Item; verdict: Verdict } {
  const item: Item = { id: `rv-${++n}`, channel, text, ...extra };
  const verdict = engine().review(item);
  return { item, verdict };
}

// Texts the shipped lexicon decides `review` (one general absolute claim each) — my own words.
const REVIEW_SCRIPT = "这个是最好的";
const REVIEW_CAPTION = "这款是全网最低价";

for (const b of backends()) {
  describe(`review store on ${b.name}`, () => {
    const open: ReviewStore[] = [];
    const store = async (opts: Parameters<typeof b.open>[0] = {}) => {
      const s = await b.open(opts);
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      await b.cleanup();
    });
    afterAll(() => b.cleanup());

    it("makes one task per item content and lexicon version, only for review verdicts", async () => {
      const s = await store();
      const r = reviewed(REVIEW_SCRIPT);
      expect(r.verdict.decision).toBe("review");
      const first = await s.createTask(r.item, r.verdict, "api");
      expect(first?.created).toBe(true);
      const again = await s.createTask({ ...r.item }, r.verdict, "queue");
      expect(again?.created).toBe(false);
      expect(again?.task.id).toBe(first?.task.id);
      // Same content with the keys in another order: the same task.
      const reordered = Object.fromEntries(Object.entries(r.item).reverse()) as Item;
      expect((await s.createTask(reordered, r.verdict, "api"))?.created).toBe(false);
      // Another lexicon version: another task.
      expect((await s.createTask(r.item, { ...r.verdict, lexiconVersion: r.verdict.lexiconVersion + "-next" }, "rescan"))?.created).toBe(true);
      const pass = reviewed("今天天气很好");
      expect(pass.verdict.decision).toBe("pass");
      expect(await s.createTask(pass.item, pass.verdict, "api")).toBeNull();
      expect((await s.list()).length).toBe(2);
      const t = first!.task;
      expect(t.status).toBe("open");
      expect(t.violations.map((v) => v.id)).toEqual(r.verdict.violations.map((v) => v.id));
      expect(t.violations[0].decision).toBeNull();
    });

    it("orders the queue by severity, then live rooms, then age, and filters it", async () => {
      let t = Date.parse("2026-01-01T00:00:00Z");
      const s = await store({ clock: () => new Date(t) });
      const old = reviewed(REVIEW_SCRIPT);
      const live = reviewed(REVIEW_CAPTION, "caption", { room: "r1" });
      const severe = reviewed(REVIEW_SCRIPT);
      // A stronger finding: the same hit marked severe (the queue orders on the verdict it is given).
      severe.verdict.violations = severe.verdict.violations.map((v) => ({ ...v, severity: "severe" }));
      const a = (await s.createTask(old.item, old.verdict, "api"))!.task;
      t += 1000;
      const b2 = (await s.createTask(live.item, live.verdict, "queue"))!.task;
      t += 1000;
      const c = (await s.createTask(severe.item, severe.verdict, "api"))!.task;
      expect((await s.list({ status: "open" })).map((x) => x.id)).toEqual([c.id, b2.id, a.id]);
      expect((await s.list({ channel: "caption" })).map((x) => x.id)).toEqual([b2.id]);
      expect((await s.list({ category: "absolute_claim" })).length).toBe(3);
      expect((await s.list({ category: "private_trade" })).length).toBe(0);
      expect((await s.list({ minAgeSeconds: 0.5 })).map((x) => x.id)).toEqual([b2.id, a.id]);
    });

    it("gives a claimed task to exactly one of 50 concurrent claimants", async () => {
      const s = await store({ poolSize: 10 });
      const r = reviewed(REVIEW_SCRIPT);
      const { task } = (await s.createTask(r.item, r.verdict, "api"))!;
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => s.claim(task.id, `reviewer-${i}`)));
      const won = results.filter((x) => x.status === "fulfilled");
      expect(won.length).toBe(1);
      for (const x of results) if (x.status === "rejected") expect((x.reason as ReviewError).status).toBe(409);
      const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<ReviewStore["claim"]>>>).value.claimedBy;
      expect((await s.get(task.id))?.claimedBy).toBe(winner);
      const claims = (await s.auditTrail(task.id)).filter((a) => a.action === "claimed");
      expect(claims.map((a) => a.actor)).toEqual([winner]);
    });

    it("lets another reviewer take a task over once the lease has run out", async () => {
      let now = Date.parse("2026-02-01T00:00:00Z");
      const s = await store({ clock: () => new Date(now), leaseSeconds: 60 });
      const r = reviewed(REVIEW_SCRIPT);
      const { task } = (await s.createTask(r.item, r.verdict, "api"))!;
      await s.claim(task.id, "alice");
      await expect(s.claim(task.id, "bob")).rejects.toThrow(/claimed by alice/);
      await expect(s.decide(task.id, "bob", { all: "reject" })).rejects.toThrow(/claimed by alice/);
      expect((await s.list({ status: "claimed" })).length).toBe(1);
      now += 61_000;
      expect((await s.list({ status: "open" })).map((t) => t.id)).toEqual([task.id]);
      expect((await s.claim(task.id, "bob")).claimedBy).toBe("bob");
    });

    it("decides per violation, closes the task when all are decided, and refuses a second decision", async () => {
      const s = await store();
      const r = reviewed("这个是最好的，全网最低价");
      expect(r.verdict.decision).toBe("review");
      expect(r.verdict.violations.length).toBe(2);
      const { task } = (await s.createTask(r.item, r.verdict, "api"))!;
      const [v1, v2] = task.violations;
      const mid = await s.decide(task.id, "alice", { violations: [{ id: v1.id, verdict: "reject" }], reason: "只是描述" });
      expect(mid.status).toBe("claimed");
      expect(mid.violations[0].decision).toBe("rejected");
      const done = await s.decide(task.id, "alice", { violations: [{ id: v2.id, verdict: "confirm", category: "price_fraud" }] });
      expect(done.status).toBe("done");
      expect(done.finalDecision).toBe("block");
      expect(done.decidedBy).toBe("alice");
      expect(done.reason).toBe("只是描述");
      expect(done.violations[1]).toMatchObject({ decision: "confirmed", newCategory: "price_fraud" });
      await expect(s.decide(task.id, "bob", { all: "confirm" })).rejects.toThrow(/decided already/);
      await expect(s.decide(task.id, "alice", { violations: [{ id: "nope", verdict: "confirm" }] })).rejects.toThrow(ReviewError);
    });

    it("reports per-rule precision per category and lexicon version", async () => {
      const s = await store();
      const ids: number[] = [];
      for (const text of ["这个是最好的", "那个是最好的", "它是最好的"]) {
        const r = reviewed(text);
        ids.push((await s.createTask(r.item, r.verdict, "api"))!.task.id);
      }
      const before = await s.stats();
      expect(before.tasks).toEqual({ open: 3, claimed: 0, done: 0 });
      await s.decide(ids[0], "alice", { all: "confirm" });
      await s.decide(ids[1], "alice", { all: "reject" });
      await s.decide(ids[2], "bob", { all: "confirm" });
      const st = await s.stats();
      expect(st.tasks).toEqual({ open: 0, claimed: 0, done: 3 });
      const rule = st.rules.find((x) => x.ruleId === "absolute.zui-hao")!;
      expect(rule).toMatchObject({ confirmed: 2, rejected: 1, undecided: 0, precision: 0.667 });
      expect(st.categories.find((c) => c.category === "absolute_claim")).toMatchObject({ confirmed: 2, rejected: 1 });
      expect(st.lexiconVersions[0]).toMatchObject({ lexiconVersion: engine().lexiconVersion, confirmed: 2, rejected: 1 });
      const rej = await s.rejected();
      expect(rej.map((x) => x.taskId)).toEqual([ids[1]]);
    });

    it("rebuilds every task's state from the audit trail, which cannot be changed", async () => {
      let now = Date.parse("2026-03-01T00:00:00Z");
      const s = await store({ clock: () => new Date((now += 500)), leaseSeconds: 30 });
      const tasks: number[] = [];
      for (const text of ["这个是最好的，全网最低价", "那个是最好的", "这款是全网最低价", "它是最好的"]) {
        const r = reviewed(text);
        tasks.push((await s.createTask(r.item, r.verdict, "api"))!.task.id);
      }
      const t0 = (await s.get(tasks[0]))!;
      await s.decide(tasks[0], "alice", { violations: [{ id: t0.violations[0].id, verdict: "confirm" }] });
      await s.claim(tasks[1], "bob");
      await s.release(tasks[1], "bob");
      await s.claim(tasks[2], "carol");
      await s.reassign(tasks[2], "dave", "lead-li");
      await s.decide(tasks[2], "dave", { all: "reject", reason: "引用" });
      await s.decide(tasks[3], "erin", { all: "confirm", final: "block" });
      expect(await s.verifyAudit()).toEqual([]);
      const rebuilt = await s.rebuildStates();
      expect(rebuilt.get(tasks[0])?.violations[t0.violations[0].id].decision).toBe("confirmed");
      expect(rebuilt.get(tasks[0])?.status).toBe("claimed");
      expect(rebuilt.get(tasks[2])).toMatchObject({ status: "done", finalDecision: "pass", decidedBy: "dave", reason: "引用" });
      // A row changed behind the store's back is found.
      await s.db.query(`UPDATE review_tasks SET final_decision = 'pass' WHERE id = $1`, [tasks[3]]);
      expect(await s.verifyAudit()).toEqual([tasks[3]]);
      await expect(s.db.query(`UPDATE review_audit SET actor = 'x'`)).rejects.toThrow(/append-only/);
      await expect(s.db.query(`DELETE FROM review_audit`)).rejects.toThrow(/append-only/);
    });

    it("keeps every decision across a restart of the store", async () => {
      // Same database, a new connection: what was committed is there.
      if (b.name === "pglite") return; // in-memory PGlite has no second connection; the directory case is in cli.test.ts
      const s1 = await store();
      const r = reviewed(REVIEW_SCRIPT);
      const { task } = (await s1.createTask(r.item, r.verdict, "api"))!;
      await s1.decide(task.id, "alice", { all: "confirm" });
      const schema = (await s1.db.query<{ s: string }>(`SELECT current_schema() AS s`))[0].s;
      await s1.close();
      open.splice(open.indexOf(s1), 1);
      const { openStore } = await import("../../src/review/index.js");
      const s2 = await openStore({ url: (await import("./backends.js")).PG_URL, schema });
      open.push(s2);
      expect((await s2.get(task.id))?.finalDecision).toBe("block");
      expect(await s2.verifyAudit()).toEqual([]);
    });
  });
}
