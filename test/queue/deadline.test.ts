/**
 * A queue job over the per-item deadline fails once, with one error record
 * "deadline exceeded" — not three runs on different workers ended by stalls —
 * and the worker keeps the deadline well inside the job lock.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { testPrefix } from "../support/prefix.js";
import { envFor, jsonLines, redisFor, runHegui, startWorkerProc, streamEntries, waitFor, type WorkerProc } from "./helpers.js";

const url = inject("redisUrl");

describe("a job over the item deadline", () => {
  const prefix = testPrefix("deadline");
  // Deadline 5 s asked for, job lock 3 s: the worker cuts the deadline to a third of the lock (1 s).
  const env = envFor(url, prefix, { HEGUI_ITEM_DEADLINE_MS: "5000", HEGUI_LOCK_MS: "3000", HEGUI_STALLED_MS: "1000" });
  const redis = redisFor(url);
  const dir = mkdtempSync(join(tmpdir(), "hegui-deadline-"));
  let worker: WorkerProc;

  beforeAll(async () => {
    worker = await startWorkerProc(env, ["--queues", "scripts,scoring"]);
  }, 90_000);

  afterAll(async () => {
    await worker?.stop();
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the deadline inside the job lock", () => {
    expect(worker.log()).toMatch(/item deadline 5000 ms cut to 1000 ms/);
  });

  it("fails once with an error record, and the other items get their verdicts", async () => {
    const file = join(dir, "items.jsonl");
    // A million characters of dense hits (the most a field takes): seconds of work on the fastest
    // machine here, far past the 1 s deadline (120,000 came in under it once the per-hit path got faster).
    const heavy = "加微信".repeat(333_333);
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "first", channel: "script", text: "全网最低价" }),
        JSON.stringify({ id: "heavy", channel: "script", text: heavy }),
        JSON.stringify({ id: "last", channel: "script", text: "今天天气不错" }),
      ].join("\n") + "\n",
    );
    const r = await runHegui(["submit", file, "--wait", "--timeout", "90"], env);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(["first", "heavy", "last"]);
    expect(out[0].decision).toBeDefined();
    expect(out[1]).toMatchObject({ id: "heavy", error: "deadline exceeded" });
    expect(out[2]).toMatchObject({ id: "last", decision: "pass" });
    expect(r.code).toBe(2);

    // One attempt, failed with that reason; one error record; no stalled runs.
    // The error record is written before the processor throws, so the reply can come back a moment
    // before BullMQ has moved the job to the failed set: wait for that (up to 10 s), then check it.
    const q = new Queue("scripts", { connection: redis, prefix });
    await waitFor(async () => (await q.getFailedCount()) > 0, 10_000, "the heavy job in the failed set");
    const failed = await q.getFailed();
    expect(failed).toHaveLength(1);
    const job = (await Job.fromId(q, failed[0].id!))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe("deadline exceeded");
    await q.close();
    const errors = (await streamEntries(redis, prefix)).filter((e) => e.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].data).toMatchObject({ id: "heavy", error: "deadline exceeded", queue: "scripts" });
    expect(worker.log()).not.toMatch(/stalled/);
  }, 120_000);
});
