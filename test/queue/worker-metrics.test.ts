/**
 * Issue 16 items 2 and 7, worker side.
 *
 * - `startWorkers({metricsPort})` (what `hegui workers --metrics-port N` runs)
 *   serves /metrics with prom-client's process metrics, the job counters and
 *   the queue gauges for every queue and state, /healthz and /readyz; and logs
 *   one JSON line per job with its queue, job id, item id and lexicon version.
 * - The two BullMQ internals left, the protected Worker.createJob and
 *   Worker.handleFailed overrides (src/queue/workers.ts), are pinned and tested
 *   here: BullMQ's version is the pinned one, the methods are there, and a job
 *   whose data is not JSON fails once as a bad payload instead of stalling
 *   (handleFailed's: test/queue/robustness.test.ts, a job that stalled too often).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Queue } from "bullmq";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { createJobHookPresent, handleFailedHookPresent, startWorkers, type RunningWorkers } from "../../src/queue/workers.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { redisFor, waitFor } from "./helpers.js";

const require = createRequire(import.meta.url);
const redis = redisFor(inject("redisUrl"));
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(redis, p);
  redis.disconnect();
});

describe("BullMQ internals, pinned", () => {
  it("the installed BullMQ is the pinned minor version and has the protected createJob and handleFailed the worker overrides", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
    const range = pkg.dependencies.bullmq;
    expect(range, "bullmq is pinned to a minor version (~x.y.z): the worker overrides a protected method").toMatch(/^~\d+\.\d+\.\d+$/);
    const installed = (require("bullmq/package.json") as { version: string }).version;
    const [maj, min] = range.slice(1).split(".");
    expect(installed.split(".").slice(0, 2)).toEqual([maj, min]);
    expect(createJobHookPresent()).toBe(true);
    expect(handleFailedHookPresent()).toBe(true);
  });
});

describe("worker metrics, health and job logs", () => {
  let running: RunningWorkers | undefined;
  afterAll(async () => {
    await running?.close();
  });

  it("serves /metrics, /healthz, /readyz; one JSON log line per job; an undecodable job fails once as a bad payload", async () => {
    const prefix = testPrefix("wmetrics");
    prefixes.push(prefix);
    const lines: string[] = [];
    const engine = fixtureEngine();
    running = await startWorkers({
      queues: ["captions", "scoring"],
      engine,
      prefix,
      redisUrl: inject("redisUrl"),
      metricsPort: 0,
      log: (l) => lines.push(l),
    });
    const base = running.health!.url;
    const version = engine.lexiconVersion;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", lexiconVersion: version });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);

    // A good item and a job whose data is not JSON (as a producer in another language could write it).
    const q = new Queue("captions", { connection: redis, prefix });
    await q.pause();
    const good = await q.add("item", { item: { id: "m-good", channel: "caption", text: "这款包是高仿的" } }, { attempts: 3 });
    const bad = await q.add("item", { item: "placeholder" }, { attempts: 3 });
    await redis.hset(`${prefix}:captions:${bad.id}`, "data", "{not json");
    await q.resume();
    await waitFor(async () => (await q.getJobState(bad.id!)) === "failed" && (await q.getJobState(good.id!)) === "completed", 60_000, "both jobs to finish");
    // Read from the job hash: Job.fromId would parse the data.
    const h = await redis.hgetall(`${prefix}:captions:${bad.id}`);
    expect(h.failedReason).toMatch(/^bad payload: job data is not JSON/);
    expect(Number(h.atm)).toBe(1);
    await q.close();
    // The item has a candidate (高仿): it is scored by a job on the scoring queue.
    await waitFor(async () => /^hegui_jobs_total\{queue="scoring",status="completed"\} 1$/m.test(await fetchText(`${base}/metrics`)), 30_000, "the good item scored");

    const metrics = await fetchText(`${base}/metrics`);
    // prom-client's default process metrics.
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "nodejs_gc_duration_seconds"]) {
      expect(metrics, name).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
    }
    expect(metrics).toMatch(/^hegui_jobs_total\{queue="captions",status="completed"\} 1$/m);
    expect(metrics).toMatch(/^hegui_jobs_total\{queue="captions",status="failed"\} 1$/m);
    expect(metrics).toMatch(/^hegui_job_duration_seconds_count\{queue="captions",status="completed"\} 1$/m);
    expect(metrics).toContain(`hegui_lexicon_info{version="${version}"} 1`);
    // Queue gauges for every queue (rescan too, though this process does not run it) and every state.
    for (const queue of ["captions", "scripts", "listings", "scoring", "rescan"]) {
      for (const state of ["waiting", "active", "delayed", "failed", "completed", "prioritized", "waiting-children"]) {
        expect(metrics, `${queue} ${state}`).toMatch(new RegExp(`^bullmq_job_count\\{queue="${queue}",state="${state}"\\} \\d+$`, "m"));
      }
    }
    expect(metrics).toMatch(/^bullmq_job_count\{queue="captions",state="failed"\} 1$/m);
    expect(metrics).toMatch(/^hegui_queue_counts_up 1$/m);

    // One JSON line per job, with its ids and the lexicon version.
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = records.find((r) => r.msg === "job done" && r.queue === "captions" && r.jobId === good.id);
    expect(done).toMatchObject({ level: "info", itemId: "m-good", lexiconVersion: version, attempt: 1 });
    expect(typeof done!.ms).toBe("number");
    const failed = records.find((r) => r.msg === "job failed" && r.jobId === bad.id);
    expect(failed).toMatchObject({ level: "warn", queue: "captions", errName: "UnrecoverableError" });
    expect(String(failed!.err)).toMatch(/^bad payload: job data is not JSON/);
    const scored = records.find((r) => r.msg === "job done" && r.queue === "scoring");
    expect(scored).toMatchObject({ itemId: "m-good", lexiconVersion: version, decision: expect.any(String) });

    await running.close();
    running = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

async function fetchText(url: string): Promise<string> {
  return (await fetch(url)).text();
}
