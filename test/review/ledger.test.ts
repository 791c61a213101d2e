/**
 * A review-level hit costs the account nothing until a reviewer confirms it;
 * then exactly its penalty applies, once. A block still applies at once.
 * Through the scoring stage the workers run (src/queue/scoring-pipeline.ts),
 * the review store (PGlite) and the account ledger (Redis).
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Ledger } from "../../src/ledger/index.js";
import type { PipelineDeps } from "../../src/queue/deps.js";
import { ScoringPipeline } from "../../src/queue/scoring-pipeline.js";
import { openStore } from "../../src/review/index.js";
import type { ReviewStore } from "../../src/review/store.js";
import type { Item, Verdict } from "../../src/types.js";
import { shippedEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";

let redis: Redis;
let store: ReviewStore;
let ledger: Ledger;
let pipeline: ScoringPipeline;
const written: Verdict[] = [];

beforeAll(async () => {
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
  ledger = new Ledger(redis, testPrefix("reviewledger"));
  store = await openStore({
    url: "",
    dataDir: "memory",
    ledger: (item, v) => ledger.applyVerdict(item, v),
    ledgerAppeal: async (account, id) => void (await ledger.appeal(account, id)),
  });
  const deps = {
    engine: shippedEngine(),
    cpu: { run: <T>(fn: () => T) => Promise.resolve(fn()) },
    sink: { write: async (_id: string, rec: { data: Verdict }) => (written.push(rec.data), { fresh: true, streamId: "0-1" }) },
    ledger: (item: Item, v: Verdict) => ledger.applyVerdict(item, v),
    reviewTask: async (item: Item, v: Verdict) => void (await store.createTask(item, v, "queue")),
    config: {},
    log: () => {},
  } as unknown as PipelineDeps;
  pipeline = new ScoringPipeline(deps);
});

afterAll(async () => {
  await store?.close();
  redis?.disconnect();
});

async function score(item: Item): Promise<Verdict> {
  const engine = shippedEngine();
  return pipeline.run({ item, candidates: engine.candidates(item), lexiconVersion: engine.lexiconVersion, source: { queue: "scripts", jobId: item.id } });
}

describe("review decisions and the account ledger", () => {
  it("charges a review-level hit only when confirmed, exactly its penalty, once", async () => {
    const item: Item = { id: "lg-1", channel: "script", text: "这个是最好的", account: { id: "acct-review", role: "merchant" } };
    const v = await score(item);
    expect(v.decision).toBe("review");
    // Its penalty as the rules assess it: 3 credit points for one general absolute claim.
    const points = (v.penalties ?? []).filter((p) => p.kind === "credit_points").reduce((s, p) => s + (p.points ?? 0), 0);
    expect(points).toBe(3);
    // Nothing applied yet.
    expect((await ledger.show("acct-review")).credit.deducted).toBe(0);
    expect((await ledger.show("acct-review")).events).toBe(0);
    // A retried job: still one task.
    await score(item);
    const tasks = await store.list({ account: "acct-review" });
    expect(tasks.length).toBe(1);
    const done = await store.decide(tasks[0].id, "alice", { all: "confirm", reason: "确属绝对化用语" });
    expect(done.ledger).toBe("applied");
    const after = await ledger.show("acct-review");
    expect(after.credit.deducted).toBe(points);
    expect(after.violations.map((r) => r.violationIds).flat()).toEqual(v.violations.map((x) => x.id));
    // Applying it again (a crash after the ledger, before the mark) changes nothing.
    await store.applyLedger({ ...done, ledger: "pending" });
    await store.applyPendingLedger();
    expect((await ledger.show("acct-review")).credit.deducted).toBe(points);
    expect((await ledger.show("acct-review")).events).toBe(after.events);
  });

  it("charges nothing for a rejected hit", async () => {
    const item: Item = { id: "lg-2", channel: "script", text: "那个是最好的", account: { id: "acct-rejected", role: "merchant" } };
    expect((await score(item)).decision).toBe("review");
    const [task] = await store.list({ account: "acct-rejected" });
    const done = await store.decide(task.id, "bob", { all: "reject", reason: "不是宣传" });
    expect(done).toMatchObject({ status: "done", finalDecision: "pass", ledger: "none" });
    expect((await ledger.show("acct-rejected")).events).toBe(0);
  });

  it("charges a confirmed hit in the category the reviewer gave it", async () => {
    const item: Item = { id: "lg-3", channel: "script", text: "它是最好的", account: { id: "acct-recat", role: "merchant" } };
    await score(item);
    const [task] = await store.list({ account: "acct-recat" });
    await store.decide(task.id, "carol", { violations: [{ id: task.violations[0].id, verdict: "confirm", category: "false_efficacy" }] });
    const s = await ledger.show("acct-recat");
    expect(s.violations.map((r) => r.category)).toEqual(["false_efficacy"]);
  });

  it("reverses a confirmed violation on an upheld appeal, through the store, once", async () => {
    const item: Item = { id: "lg-5", channel: "script", text: "这一款是最好的", account: { id: "acct-appeal", role: "merchant" } };
    expect((await score(item)).decision).toBe("review");
    const [task] = await store.list({ account: "acct-appeal" });
    await store.decide(task.id, "dan", { all: "confirm" });
    expect((await ledger.show("acct-appeal")).credit.deducted).toBe(3);
    const before = (await store.stats()).rules.find((r) => r.ruleId === task.violations[0].ruleId)!;
    const t = await store.appeal(task.id, task.violations[0].id, "lead-li", "申诉成立");
    expect(t.violations[0].appealedBy).toBe("lead-li");
    const s = await ledger.show("acct-appeal");
    expect(s.credit.deducted).toBe(0);
    expect(s.violations[0].status).toBe("appealed");
    // Again: nothing more happens.
    await store.appeal(task.id, task.violations[0].id, "lead-li");
    expect((await ledger.show("acct-appeal")).events).toBe(s.events);
    // From now on it counts as a false positive.
    const after = (await store.stats()).rules.find((r) => r.ruleId === task.violations[0].ruleId)!;
    expect([after.confirmed, after.rejected]).toEqual([before.confirmed - 1, before.rejected + 1]);
    expect(await store.verifyAudit()).toEqual([]);
    // A rejected violation has nothing to appeal.
    const other: Item = { id: "lg-6", channel: "script", text: "那一款是最好的", account: { id: "acct-appeal" } };
    await score(other);
    const [t2] = await store.list({ account: "acct-appeal", status: "open" });
    await store.decide(t2.id, "dan", { all: "reject" });
    await expect(store.appeal(t2.id, t2.violations[0].id, "lead-li")).rejects.toThrow(/nothing to appeal/);
  });

  it("still applies a block at once, with no task", async () => {
    const item: Item = { id: "lg-4", channel: "caption", text: "家人们加微信私聊", account: { id: "acct-block", role: "merchant" } };
    const v = await score(item);
    expect(v.decision).toBe("block");
    expect((await ledger.show("acct-block")).credit.deducted).toBeGreaterThan(0);
    expect(await store.list({ account: "acct-block" })).toEqual([]);
  });
});
