/**
 * Scenario 5 (issue 8): the bad-input matrix (test/support/bad-inputs.ts)
 * through the queues.
 *
 * - `hegui submit --wait` with every row of the matrix, then the good line:
 *   one output line per input line, in order; each bad line a clear error
 *   record naming its line, the others (1 MB of text, emoji, zero-width
 *   floods, …) judged, and the good line judged after them.
 * - The same payloads added straight to the ingest queues (as a producer that
 *   skips `submit`'s validation would): each bad one fails at once with
 *   UnrecoverableError — in the failed set after one attempt, not retried,
 *   with one error record in the verdict stream — and the good item added
 *   after them is judged. A malformed scoring job fails the same way.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { QUEUE_OF } from "../../src/queue/names.js";
import { BAD_INPUTS, GOOD_LINE } from "../support/bad-inputs.js";
import { testPrefix } from "../support/prefix.js";
import {
  drained,
  envFor,
  figures,
  frozenLexicons,
  pollUntil,
  runHegui,
  startWorker,
  tallyOf,
  tempDir,
  testClient,
  usePrivateRedis,
  verdictEntries,
  type WorkerProcess,
} from "../support/faults.js";

const jsonLines = (s: string) =>
  s
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, any>);

/** A row's line as JSON, if it is JSON at all. */
function parsed(line: Buffer | string): { ok: true; value: unknown } | { ok: false } {
  const text = typeof line === "string" ? line : line.toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

describe("bad input through the queues", () => {
  const suite = usePrivateRedis();
  const lex = frozenLexicons();
  let worker: WorkerProcess;

  it("submit --wait: a clear error record for each bad line, the others judged, the good line after them judged", async () => {
    const { redis } = suite;
    const prefix = testPrefix("badsubmit");
    const env = envFor(redis.url, prefix);
    worker = await startWorker(env, ["--lexicons", lex]);
    suite.workers.push(worker);
    const dir = tempDir("badsubmit");
    const file = join(dir, "matrix.jsonl");
    const nl = Buffer.from("\n");
    writeFileSync(file, Buffer.concat([...BAD_INPUTS.flatMap(([, line]) => [Buffer.from(line), nl]), Buffer.from(GOOD_LINE), nl]));

    const r = await runHegui(["submit", file, "--wait", "--timeout", "300"], env);
    // Bad lines: exit 2. Nothing crashed.
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/TypeError|RangeError|\n\s+at /);
    const out = jsonLines(r.stdout);
    expect(out).toHaveLength(BAD_INPUTS.length + 1);
    BAD_INPUTS.forEach(([name, , expectError], i) => {
      const o = out[i];
      if (expectError) {
        expect(o, name).toMatchObject({ line: i + 1, file });
        expect(o.error, name).toMatch(expectError);
      } else {
        expect(o.error, `${name}: ${o.error}`).toBeUndefined();
        expect(o.decision, name).toMatch(/^(pass|review|block)$/);
      }
    });
    const good = out[BAD_INPUTS.length];
    expect(good).toMatchObject({ id: "after" });
    expect(good.decision).toMatch(/^(review|block)$/);
    expect(good.violations.length).toBeGreaterThan(0);

    // The stream has one verdict for each judged item and nothing for lines refused by submit.
    const judged = BAD_INPUTS.filter(([, , e]) => !e).map(([, line]) => (parsed(line) as { value: { id: string } }).value.id);
    const t = tallyOf(await verdictEntries(testClient(redis.url), prefix), [...judged, "after"]);
    figures("5a bad input via submit --wait", { ...t, sent: BAD_INPUTS.length + 1 }, `${BAD_INPUTS.filter(([, , e]) => e).length} lines refused with an error record, ${judged.length + 1} judged`);
    expect(t.lost).toEqual([]);
    expect(t.duplicated).toEqual([]);
    expect(t.unexpected).toEqual([]);
  }, 400_000);

  it("payloads added straight to the queues: bad ones fail at once (UnrecoverableError, no retry, an error record); the good one after them is judged", async () => {
    const { redis } = suite;
    const prefix = testPrefix("badqueue");
    // A short stall check: a job the worker cannot even read cycles through it quickly. The job lock
    // stays three item deadlines long (workers cut the deadline to a third of the lock), so the 1 MB
    // item is judged, not ended by a deadline meant for a lock of a few seconds.
    const env = envFor(redis.url, prefix, { HEGUI_LOCK_MS: "36000", HEGUI_STALLED_MS: "2000" });
    await worker?.term();
    worker = await startWorker(env, ["--lexicons", lex]);
    suite.workers.push(worker);
    const client = testClient(redis.url);
    const queues = new Map(["captions", "scripts", "listings", "scoring"].map((q) => [q, new Queue(q, { connection: client, prefix })]));
    // Retries allowed: a bad payload must not use them.
    const opts = { attempts: 5, backoff: { type: "fixed", delay: 100 } };

    interface Sent {
      name: string;
      queue: string;
      jobId: string;
      /** null: must be judged; else the failed reason must match. */
      expectError: RegExp | null;
      itemId?: string;
    }
    const sent: Sent[] = [];
    // The ingest queues are paused while the jobs are added, so a job's data can be rewritten in its hash
    // before any worker sees it: what a producer in another language could send. Raw input lines (invalid
    // UTF-8, NUL bytes, binary) become a job's data byte for byte; a payload too deep for JSON.stringify
    // (the 5,000-deep array) is written as its raw JSON text.
    const ingest = ["captions", "scripts", "listings"].map((q) => queues.get(q)!);
    for (const q of ingest) await q.pause();
    for (const [name, line, expectError] of BAD_INPUTS) {
      const p = parsed(line);
      const v = p.ok ? (p.value as Record<string, unknown>) : undefined;
      const queue = v && typeof v === "object" && !Array.isArray(v) && typeof v.channel === "string" && v.channel in QUEUE_OF ? QUEUE_OF[v.channel as keyof typeof QUEUE_OF] : "captions";
      let raw: Buffer | undefined;
      let data: unknown = { item: v };
      let want: RegExp | null = expectError && new RegExp(`^bad payload: .*(${expectError.source})`);
      if (typeof line !== "string") {
        raw = line;
        // Bytes that are not JSON at all may also be refused as such.
        if (expectError) want = new RegExp(`^bad payload: .*(${expectError.source}|JSON)`);
      } else {
        try {
          JSON.stringify(data);
        } catch {
          raw = Buffer.from(`{"item":${line}}`);
        }
      }
      const job = await queues.get(queue)!.add("item", (raw ? { item: "placeholder" } : data) as object, opts);
      if (raw) await client.hset(`${prefix}:${queue}:${job.id}`, "data", raw);
      // Only a string or number id names the item in its error record (an object id is never converted).
      const itemId = v && typeof v === "object" && (typeof v.id === "string" || typeof v.id === "number") ? String(v.id) : undefined;
      sent.push({ name, queue, jobId: job.id!, expectError: want, itemId });
    }
    // Malformed jobs of other shapes: a bad reply route, a scoring job without candidates.
    const extra: Array<[string, string, unknown, RegExp]> = [
      ["bad reply route", "scripts", { item: { id: "rr", channel: "script", text: "包成活" }, reply: { key: 7 } }, /^bad payload: reply/],
      ["bare number", "listings", 42, /^bad payload: job data is not an object/],
      ["scoring job without candidates", "scoring", { item: { id: "sc", channel: "script" }, lexiconVersion: "x", source: { queue: "scripts", jobId: "1" } }, /^bad payload: candidates/],
    ];
    for (const [name, queue, data, want] of extra) {
      const job = await queues.get(queue)!.add(name === "scoring job without candidates" ? "score" : "item", data as object, opts);
      sent.push({ name, queue, jobId: job.id!, expectError: want, itemId: undefined });
    }
    const goodJob = await queues.get("captions")!.add("item", { item: JSON.parse(GOOD_LINE) }, opts);
    for (const q of ingest) await q.resume();

    const bad = sent.filter((s) => s.expectError);
    const ok = sent.filter((s) => !s.expectError);
    // Wait (without failing yet: the per-job report below says what went wrong) for the bad jobs to fail and the rest to finish.
    await pollUntil(async () => (await Promise.all([...queues.values()].map((q) => q.getFailedCount()))).reduce((a, b) => a + b, 0) >= bad.length, 90_000);
    await pollUntil(async () => (await goodJob.getState()) === "completed", 60_000);
    const settled = await drained(client, prefix, 60_000);

    // Read from the job hash (Job.fromId would parse the data, which for some of these is not JSON).
    const jobInfo = async (queue: string, id: string) => {
      const h = await client.hgetall(`${prefix}:${queue}:${id}`);
      return { state: await queues.get(queue)!.getJobState(id), failedReason: h.failedReason ?? "", attemptsMade: Number(h.atm ?? 0), stalledCounter: Number(h.stc ?? 0) };
    };
    const entries = await verdictEntries(client, prefix);
    const errors = entries.filter((e) => e.type === "error");
    const problems: string[] = [];
    for (const s of bad) {
      const job = await jobInfo(s.queue, s.jobId);
      if (job.state !== "failed") problems.push(`${s.name}: ${s.queue} job ${s.jobId} is ${job.state} (stalled ${job.stalledCounter} times)`);
      else {
        if (job.attemptsMade !== 1) problems.push(`${s.name}: ${job.attemptsMade} attempts (retried)`);
        if (!s.expectError!.test(job.failedReason)) problems.push(`${s.name}: failed reason ${JSON.stringify(job.failedReason.slice(0, 200))} does not match ${s.expectError}`);
      }
      const recs = errors.filter((e) => e.data.queue === s.queue && e.data.jobId === s.jobId);
      if (recs.length !== 1) problems.push(`${s.name}: ${recs.length} error records`);
      else {
        if (job.state === "failed" && recs[0].data.error !== job.failedReason) problems.push(`${s.name}: error record ${JSON.stringify(recs[0].data.error.slice(0, 200))} is not the failed reason`);
        if (s.itemId !== undefined && recs[0].id !== s.itemId) problems.push(`${s.name}: error record names item ${recs[0].id}, not ${s.itemId}`);
      }
    }
    for (const s of ok) {
      const v = entries.filter((e) => e.type === "verdict" && e.id === s.itemId);
      if (v.length !== 1) problems.push(`${s.name}: ${v.length} verdicts for ${s.itemId}`);
    }
    const goodVerdicts = entries.filter((e) => e.id === "after");
    // Figures: verdicts per judged item, error records per bad job (many bad payloads have no item id).
    const judgedTally = tallyOf(entries.filter((e) => e.type === "verdict"), [...ok.map((s) => s.itemId!), "after"]);
    const recordsPerJob = bad.map((b) => errors.filter((e) => e.data.queue === b.queue && e.data.jobId === b.jobId).length);
    const failedOnce = bad.filter((b) => !problems.some((p) => p.startsWith(b.name + ":"))).length;
    figures(
      "5b bad payloads straight to the queues",
      {
        ...judgedTally,
        sent: sent.length + 1,
        written: entries.length,
        errors: errors.length,
        lost: [...judgedTally.lost, ...bad.filter((_b, i) => recordsPerJob[i] === 0).map((b) => `${b.queue}/${b.jobId}`)],
        duplicated: [...judgedTally.duplicated, ...bad.filter((_b, i) => recordsPerJob[i] > 1).map((b) => `${b.queue}/${b.jobId}`)],
      },
      `${bad.length} bad payloads, ${failedOnce} of them failed after one attempt with one error record; ${ok.length + 1} judged`,
    );
    expect(problems, worker.log().slice(-2000)).toEqual([]);
    expect(settled).toBe(true);
    expect(goodVerdicts.map((e) => e.type)).toEqual(["verdict"]);
    expect(goodVerdicts[0].data.violations.length).toBeGreaterThan(0);
    // Every stream entry is accounted for: one error record per bad job, one verdict per judged item.
    expect(entries).toHaveLength(bad.length + ok.length + 1);
    // The worker is still up.
    expect(worker.alive(), worker.log()).toBe(true);
    for (const q of queues.values()) await q.close();
    client.disconnect();
  }, 400_000);
});
