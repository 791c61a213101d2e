/**
 * Robustness: bad payloads fail at once (failed set + error record, no
 * retry), transient errors are retried with backoff and still give one
 * verdict, SIGTERM lets in-flight jobs finish, bad input lines of
 * `hegui submit --wait` come back as error records in order, the ledger sees
 * items with an account, and producers fail fast without Redis.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { jobIdOf } from "../../src/queue/names.js";
import { PROCESSORS } from "../../src/queue/processors.js";
import { loadQueueConfig } from "../../src/queue/config.js";
import { startWorkers, type RunningWorkers } from "../../src/queue/workers.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { envFor, jsonLines, pipelineDeps, redisFor, runHegui, startWorkerProc, streamEntries, waitFor, type WorkerProc } from "./helpers.js";

const url = inject("redisUrl");

describe("a worker process", () => {
  const prefix = testPrefix("robust");
  // The SIGTERM test's script is long on purpose (its matching must still be running when SIGTERM comes):
  // a per-item deadline (and a job lock three times it) that lets it finish on a loaded machine.
  const env = envFor(url, prefix, { HEGUI_ITEM_DEADLINE_MS: "60000", HEGUI_LOCK_MS: "180000" });
  const redis = redisFor(url);
  const dir = mkdtempSync(join(tmpdir(), "hegui-robust-"));
  let worker: WorkerProc;

  beforeAll(async () => {
    worker = await startWorkerProc(env);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails a bad payload at once: failed set with the validation message, an error record, no retry", async () => {
    const q = new Queue("scripts", { connection: redis, prefix });
    const opts = { attempts: 5, backoff: { type: "fixed", delay: 10 } };
    const jobs = [
      await q.add("item", { item: { id: "bad-no-text", channel: "script" } }, opts),
      await q.add("item", { item: { id: "bad-channel", channel: "podcast", text: "加微信" } }, opts),
      await q.add("item", { item: "not an item" }, opts),
    ];
    await waitFor(async () => (await q.getJobCounts("failed")).failed === 3, 30_000, "3 failed jobs");
    const failed = await Promise.all(jobs.map((j) => Job.fromId(q, j.id!)));
    for (const j of failed) {
      expect(await j!.getState()).toBe("failed");
      expect(j!.attemptsMade).toBe(1);
      expect(j!.failedReason).toMatch(/^bad payload: /);
    }
    expect(failed[0]!.failedReason).toContain("text: no text");
    expect(failed[1]!.failedReason).toContain("channel");
    expect(failed[2]!.failedReason).toContain("item: not an object");

    const errors = (await streamEntries(redis, prefix)).filter((e) => e.type === "error");
    for (const j of failed) {
      const mine = errors.filter((e) => e.data.jobId === j!.id && e.data.queue === "scripts");
      expect(mine).toHaveLength(1);
      expect(mine[0].data.error).toBe(j!.failedReason);
    }
    expect(errors.find((e) => e.data.jobId === failed[0]!.id)!.id).toBe("bad-no-text");
    await q.close();

    // The scoring queue checks its payloads too.
    const scoring = new Queue("scoring", { connection: redis, prefix });
    const sj = await scoring.add("score", { item: { id: "bad-score", channel: "script" }, candidates: "none", lexiconVersion: "x", source: { queue: "scripts", jobId: "1" } }, opts);
    await waitFor(async () => (await sj.getState()) === "failed", 30_000, "the bad scoring job to fail");
    const sf = (await Job.fromId(scoring, sj.id!))!;
    expect(sf.attemptsMade).toBe(1);
    expect(sf.failedReason).toBe("bad payload: candidates: not an array");
    const scoringErrors = (await streamEntries(redis, prefix)).filter((e) => e.type === "error" && e.data.queue === "scoring");
    expect(scoringErrors.map((e) => e.id)).toEqual(["bad-score"]);
    await scoring.close();
  });

  it("prints verdicts and error records of `submit --wait` in input order, exit 2 for bad input", async () => {
    const file = join(dir, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "ok-1", channel: "script", text: "家人们这个月季包成活" }),
        "{not json",
        JSON.stringify({ id: "bad-2", channel: "listing" }),
        JSON.stringify({ id: "ok-2", channel: "script", text: "今天天气不错" }),
      ].join("\n") + "\n",
    );
    const r = await runHegui(["submit", file, "--wait", "--timeout", "60"], env);
    expect(r.code, r.stderr).toBe(2);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id ?? `line ${o.line}`)).toEqual(["ok-1", "line 2", "bad-2", "ok-2"]);
    expect(out[0].violations).not.toHaveLength(0);
    expect(out[1].error).toMatch(/invalid JSON/);
    expect(out[2]).toMatchObject({ line: 3, file, id: "bad-2" });
    expect(out[3]).toMatchObject({ id: "ok-2", decision: "pass" });
  });

  it("gives an item with an account to the ledger (its verdict carries the account)", async () => {
    const file = join(dir, "account.jsonl");
    writeFileSync(file, JSON.stringify({ id: "acc-item", channel: "script", text: "家人们这个月季包成活 全网最低价", account: { id: "acc-1", role: "creator" } }) + "\n");
    const r = await runHegui(["submit", file, "--wait", "--timeout", "60"], env);
    expect(r.code, r.stderr).toBe(1);
    const [v] = jsonLines(r.stdout);
    expect(v.account).toMatchObject({ id: "acc-1" });
  });

  it("finishes its in-flight job on SIGTERM and exits 0", async () => {
    const q = new Queue("scripts", { connection: redis, prefix });
    // A long script: its matching takes a while, so SIGTERM arrives while it runs.
    const job = await q.add("item", { item: { id: "long", channel: "script", text: "家人们这个月季包成活 今天下单还送花盆 ".repeat(20000) } });
    await waitFor(async () => (await job.getState()) === "active", 30_000, "the job to run", 5);
    const code = await worker.stop();
    expect(code).toBe(0);
    expect(worker.log()).toContain("finishing in-flight jobs");
    expect(await (await Job.fromId(q, job.id!))!.getState()).toBe("completed");
    // Its candidates wait in the scoring queue for the next worker: nothing is lost.
    const scoring = new Queue("scoring", { connection: redis, prefix });
    const sj = await Job.fromId(scoring, jobIdOf("scripts", job.id!));
    expect(sj).toBeDefined();
    worker = await startWorkerProc(env, ["--queues", "scoring"]);
    await waitFor(async () => (await streamEntries(redis, prefix)).some((e) => e.id === "long"), 60_000, "the verdict of the long script");
    await q.close();
    await scoring.close();
  }, 120_000);
});

describe("transient errors", () => {
  const prefix = testPrefix("transient");
  const redis = redisFor(url);
  const workers: Worker[] = [];

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  it("are retried with backoff and give one verdict; when they persist, the job fails with one error record", async () => {
    const scoringQueue = new Queue("scoring", { connection: redis, prefix });
    const calls = new Map<string, number>();
    const deps = pipelineDeps(redis, prefix, {
      async score(jobId, data) {
        const n = (calls.get(data.item.id) ?? 0) + 1;
        calls.set(data.item.id, n);
        // "flaky" fails its first try, "down" every try.
        if ((data.item.id === "flaky" && n === 1) || data.item.id === "down") throw new Error("ECONNRESET (injected)");
        await scoringQueue.add("score", data, { jobId });
        return "queued";
      },
    });
    for (const q of ["scripts", "scoring"]) workers.push(new Worker(q, await PROCESSORS[q](deps, q), { connection: redis, prefix }));
    const scripts = new Queue("scripts", { connection: redis, prefix });
    const opts = { attempts: 3, backoff: { type: "exponential", delay: 50 } };
    const flaky = await scripts.add("item", { item: { id: "flaky", channel: "script", text: "全网最低价" } }, opts);
    const down = await scripts.add("item", { item: { id: "down", channel: "script", text: "全网最低价" } }, opts);
    await waitFor(async () => (await flaky.getState()) === "completed" && (await down.getState()) === "failed", 30_000, "flaky done, down failed");
    await waitFor(async () => (await streamEntries(redis, prefix)).some((e) => e.id === "flaky"), 30_000, "the verdict of flaky");

    expect(calls.get("flaky")).toBe(2);
    expect(calls.get("down")).toBe(3);
    expect((await Job.fromId(scripts, down.id!))!.attemptsMade).toBe(3);
    const entries = await streamEntries(redis, prefix);
    expect(entries.filter((e) => e.id === "flaky").map((e) => e.type)).toEqual(["verdict"]);
    const downErrors = entries.filter((e) => e.id === "down");
    expect(downErrors.map((e) => e.type)).toEqual(["error"]);
    expect(downErrors[0].data.error).toContain("ECONNRESET");
    await scripts.close();
    await scoringQueue.close();
  }, 60_000);
});

describe("without Redis", () => {
  const env = envFor("redis://127.0.0.1:1", "hegui-test-down");

  it("submit and verdicts fail fast with a clear message and exit 2", async () => {
    for (const args of [["submit", join(__dirname, "../../samples/scripts.jsonl")], ["verdicts"]]) {
      const r = await runHegui(args, env);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    }
  });

  it("workers refuses an unknown queue with exit 2", async () => {
    const r = await runHegui(["workers", "--queues", "captions,nope"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown queue nope");
  });
});

describe("submit --wait and a job that fails without a reply", () => {
  const prefix = testPrefix("noreply");
  const redis = redisFor(url);
  const dir = mkdtempSync(join(tmpdir(), "hegui-noreply-"));

  afterAll(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports the job's failure (found by looking at its state) instead of waiting for ever", async () => {
    const file = join(dir, "one.jsonl");
    writeFileSync(file, JSON.stringify({ id: "lost-1", channel: "script", text: "全网最低价" }) + "\n");
    const run = runHegui(["submit", file, "--wait", "--timeout", "60"], envFor(url, prefix));
    // No workers: take the job by hand and fail it as BullMQ fails a job that stalled too often, with no pipeline worker to record it (no error record, no reply).
    const w = new Worker("scripts", null, { connection: redis, prefix, autorun: false });
    let job: Job | undefined;
    await waitFor(async () => !!(job = await w.getNextJob("tok")), 30_000, "the submitted job");
    // Failed for good (no retry), as a job that stalled too often is.
    await job!.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "tok");
    const r = await run;
    await w.close();
    expect(r.code, r.stderr).toBe(2);
    const [line] = jsonLines(r.stdout);
    expect(line).toMatchObject({ line: 1, id: "lost-1" });
    expect(line.error).toContain("job stalled more than allowable limit");
  }, 90_000);
});

describe("a job that stalled more than maxStalledCount times", () => {
  const prefix = testPrefix("overstall");
  const redis = redisFor(url);
  let running: RunningWorkers | undefined;

  afterAll(async () => {
    await running?.close();
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  it("fails without running its processor and still leaves an error record in the verdict stream", async () => {
    const q = new Queue("scripts", { connection: redis, prefix });
    const job = await q.add("item", { item: { id: "overstalled", channel: "script", text: "全网最低价" } });
    // Taken by a worker that dies holding it: a lock of 300 ms that nobody renews.
    const dead = new Worker("scripts", null, { connection: redis, prefix, autorun: false, lockDuration: 300 });
    await waitFor(async () => !!(await dead.getNextJob("dead-token")), 30_000, "the job taken by hand");
    const config = { ...loadQueueConfig(), maxStalledCount: 0, lockDurationMs: 3000, stalledIntervalMs: 200 };
    const lines: string[] = [];
    running = await startWorkers({ queues: ["scripts", "scoring"], engine: fixtureEngine(), prefix, redisUrl: url, config, warmUpMs: 0, reviewTask: null, log: (l) => lines.push(l) });
    await waitFor(async () => (await job.getState()) === "failed", 30_000, "the job failed by the stalled checker");
    const failed = (await Job.fromId(q, job.id!))!;
    expect(failed.failedReason).toBe("job stalled more than allowable limit");
    const errors = (await streamEntries(redis, prefix)).filter((e) => e.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ id: "overstalled", data: { queue: "scripts", jobId: job.id, error: "job stalled more than allowable limit" } });
    // No verdict: the processor never ran.
    expect((await streamEntries(redis, prefix)).filter((e) => e.type === "verdict")).toEqual([]);
    expect(lines.join("\n")).toContain(`scripts job ${job.id} stalled`);
    expect(lines.join("\n")).toContain("failed without running: job stalled more than allowable limit");
    // Logged once: the generic failed line stays quiet for a job its failure hook already reported.
    expect(lines.filter((l) => l.includes(`scripts job ${job.id} failed`))).toHaveLength(1);
    await dead.close();
    await q.close();
  }, 60_000);
});
