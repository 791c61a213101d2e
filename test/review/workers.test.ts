/**
 * Queue workers make review tasks: `hegui workers` with DATABASE_URL (and no
 * reviewTask given, as the command starts them) opens the review store through
 * src/review/hook.ts, and every verdict decided `review` — a script from the
 * scripts queue, a live-room caption through captions → scoring — becomes a
 * task once, even when the same item is sent again. The account pays nothing
 * until a reviewer confirms. PostgreSQL server only (the workers are several
 * processes, PGlite belongs to one).
 */
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Ledger } from "../../src/ledger/index.js";
import { startWorkers, type RunningWorkers } from "../../src/queue/workers.js";
import { withUser } from "../../src/review/db.js";
import { openStore } from "../../src/review/index.js";
import type { ReviewStore } from "../../src/review/store.js";
import type { Item } from "../../src/types.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { PG_URL } from "./backends.js";

const skip = process.env.HEGUI_TEST_NO_POSTGRES === "1";
const redisUrl = inject("redisUrl");
const prefix = testPrefix("reviewworkers");
const schema = `hegui_test_workers_${process.pid}_${randomBytes(4).toString("hex")}`;
const saved = { url: process.env.DATABASE_URL, schema: process.env.HEGUI_DB_SCHEMA };
let workers: RunningWorkers;
let store: ReviewStore;
let redis: Redis;
const lines: string[] = [];

beforeAll(async () => {
  if (skip) return;
  // As `hegui workers` is started: the review store from the environment.
  process.env.DATABASE_URL = PG_URL;
  process.env.HEGUI_DB_SCHEMA = schema;
  workers = await startWorkers({ queues: ["captions", "scripts", "scoring"], engine: fixtureEngine(), redisUrl, prefix, log: (l) => lines.push(l) });
  store = await openStore({ url: PG_URL, schema });
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await store?.close();
  redis?.disconnect();
  if (saved.url === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved.url;
  if (saved.schema === undefined) delete process.env.HEGUI_DB_SCHEMA;
  else process.env.HEGUI_DB_SCHEMA = saved.schema;
  if (skip) return;
  const c = new pg.Client({ connectionString: withUser(PG_URL) });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
});

describe.skipIf(skip)("queue workers and the review store", () => {
  it("turn review verdicts from the queues into tasks, once each, and charge nothing yet", async () => {
    const script: Item = { id: "wk-script-1", channel: "script", text: "这批苗包成活，放心拍", account: { id: "acct-wk", role: "merchant" } };
    const caption: Item = { id: "wk-cap-1", channel: "caption", room: "room-wk", seq: 1, text: "想要的加微信" };
    const clean: Item = { id: "wk-clean-1", channel: "script", text: "今天的天气真不错" };
    const scripts = new Queue("scripts", { connection: redis, prefix });
    const captions = new Queue("captions", { connection: redis, prefix });
    try {
      await scripts.add("item", { item: script });
      await scripts.add("item", { item: clean });
      await captions.add("item", { item: caption });
      await expect.poll(async () => (await store.list()).map((t) => t.itemId).sort(), { timeout: 30_000, interval: 100 }).toEqual(["wk-cap-1", "wk-script-1"]);
      // The same script again (a resend, a new job): still one task.
      const again = await scripts.add("item", { item: { ...script } });
      await expect.poll(async () => (await again.getState()), { timeout: 30_000, interval: 100 }).toBe("completed");
    } finally {
      await scripts.close();
      await captions.close();
    }
    const tasks = await store.list();
    expect(tasks.length).toBe(2);
    expect(tasks.every((t) => t.source === "queue" && t.status === "open")).toBe(true);
    // The live room first (same severity).
    expect(tasks[0]).toMatchObject({ itemId: "wk-cap-1", room: "room-wk", live: true, channel: "caption" });
    expect(tasks[1]).toMatchObject({ itemId: "wk-script-1", accountId: "acct-wk" });
    // Nothing on the ledger until a reviewer confirms.
    const ledger = new Ledger(redis, prefix);
    expect((await ledger.show("acct-wk")).events).toBe(0);
    expect(lines.join("\n")).not.toMatch(/no DATABASE_URL/);
  }, 90_000);
});
