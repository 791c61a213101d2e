/**
 * `hegui submit`: items from JSONL files into the ingest queues (addBulk in
 * chunks, one job per item, routed by channel), and with `wait` their
 * results back in input order.
 *
 * Results come back through a reply list of the submission
 * (`<prefix>:reply:<id>`): every job carries `{key, index}` and the scoring
 * worker (or, for a job that fails for good, the worker that saw it fail)
 * pushes `{i, type, data}` there. While nothing arrives for a while the
 * submitter also looks at its jobs' states, so a job that failed without a
 * reply (e.g. stalled too often) is reported rather than waited for.
 */
import { randomBytes } from "node:crypto";
import { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { readRecords } from "../io/jsonl.js";
import { producerConnection, redisUrl } from "../io/redis.js";
import type { Item, Verdict } from "../types.js";
import { loadQueueConfig, type QueueConfig } from "./config.js";
import type { IngestJobData } from "./job-data.js";
import { jobOptions } from "./job-options.js";
import { queueTelemetry } from "./telemetry.js";
import { defaultPrefix, INGEST_QUEUES, jobIdOf, Keys, QUEUE_OF, SCORING_QUEUE, type IngestQueue } from "./names.js";
import type { ReplyEntry } from "./verdict-sink.js";

export interface SubmitOptions {
  files: string[];
  wait: boolean;
  chunk?: number;
  /** Give up waiting after this many seconds (0: no limit). */
  timeoutSec?: number;
  prefix?: string;
  redisUrl?: string;
  config?: QueueConfig;
  /** OpenTelemetry spans for the adds (bullmq-otel; src/queue/telemetry.ts); default HEGUI_OTEL. */
  otel?: boolean;
  out(line: string): void;
  err(line: string): void;
}

export interface SubmitSummary {
  submitted: number;
  bad: number;
  /** With wait: items with violations, and results that are error records. */
  flagged: number;
  failed: number;
}

interface Slot {
  line: number;
  file: string;
  id?: string;
  queue?: IngestQueue;
  jobId?: string;
  /** The output line, once known. */
  result?: string;
}

const IDLE_CHECK_MS = 5000;

export async function submit(opts: SubmitOptions): Promise<SubmitSummary> {
  const config = opts.config ?? loadQueueConfig();
  const prefix = opts.prefix ?? defaultPrefix();
  const url = opts.redisUrl ?? redisUrl();
  const chunk = opts.chunk ?? config.submitChunk;
  const keys = new Keys(prefix);
  const conn = await producerConnection(url);
  const queues = new Map<IngestQueue, Queue<IngestJobData>>();
  for (const q of INGEST_QUEUES) queues.set(q, new Queue<IngestJobData>(q, { connection: conn, prefix, defaultJobOptions: jobOptions(config), ...queueTelemetry(opts.otel) }));
  const replyKey = keys.reply(`${Date.now().toString(36)}-${randomBytes(6).toString("hex")}`);
  const files = opts.files.length ? opts.files : ["-"];
  const multi = files.length > 1;
  const slots: Slot[] = [];
  const summary: SubmitSummary = { submitted: 0, bad: 0, flagged: 0, failed: 0 };
  let pending: Array<{ index: number; queue: IngestQueue; item: Item }> = [];

  const errorLine = (s: Slot, error: string, id?: string) => {
    const rec: Record<string, unknown> = { line: s.line };
    if (id ?? s.id) rec.id = id ?? s.id;
    if (multi || s.file !== "-") rec.file = s.file;
    rec.error = error;
    return JSON.stringify(rec);
  };

  const flush = async () => {
    const byQueue = new Map<IngestQueue, typeof pending>();
    for (const p of pending) byQueue.set(p.queue, [...(byQueue.get(p.queue) ?? []), p]);
    for (const [q, list] of byQueue) {
      const jobs = await queues.get(q)!.addBulk(
        list.map((p) => ({ name: "item", data: { item: p.item, ...(opts.wait ? { reply: { key: replyKey, index: p.index } } : {}) } })),
      );
      jobs.forEach((j, k) => {
        const s = slots[list[k].index];
        s.queue = q;
        s.jobId = String(j.id);
      });
      summary.submitted += list.length;
    }
    pending = [];
  };

  try {
    for (const file of files) {
      for await (const r of readRecords(file)) {
        const index = slots.length;
        const slot: Slot = { line: r.line, file };
        slots.push(slot);
        if ("error" in r) {
          summary.bad++;
          slot.result = errorLine(slot, r.error, r.id);
          if (!opts.wait) opts.out(slot.result);
          continue;
        }
        slot.id = r.item.id;
        pending.push({ index, queue: QUEUE_OF[r.item.channel], item: r.item });
        if (pending.length >= chunk) await flush();
      }
    }
    await flush();
    const counts = INGEST_QUEUES.map((q) => `${q} ${slots.filter((s) => s.queue === q).length}`).join(", ");
    opts.err(`hegui submit: ${summary.submitted} items (${counts}) to prefix ${prefix}${summary.bad ? `; ${summary.bad} bad lines` : ""}`);
    if (!opts.wait) return summary;

    await collect(conn, replyKey, slots, queues, prefix, opts, errorLine);
    for (const s of slots) {
      const line = s.result!;
      opts.out(line);
      if (s.queue === undefined) continue;
      const v = JSON.parse(line) as Verdict & { error?: string };
      if (typeof v.error === "string") summary.failed++;
      else if (v.violations?.length) summary.flagged++;
    }
    return summary;
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await conn.quit().catch(() => conn.disconnect());
  }
}

/** Wait for every submitted slot's result. */
async function collect(
  conn: Redis,
  replyKey: string,
  slots: Slot[],
  queues: Map<IngestQueue, Queue<IngestJobData>>,
  prefix: string,
  opts: SubmitOptions,
  errorLine: (s: Slot, error: string, id?: string) => string,
): Promise<void> {
  let outstanding = slots.filter((s) => s.result === undefined).length;
  const started = Date.now();
  let lastProgress = Date.now();
  let scoring: Queue | undefined;
  try {
    while (outstanding > 0) {
      const got = (await conn.blpop(replyKey, 1)) as [string, string] | null;
      if (got) {
        const batch = [got[1], ...(((await conn.lpop(replyKey, 1000)) as string[] | null) ?? [])];
        for (const raw of batch) {
          const e = JSON.parse(raw) as ReplyEntry;
          const s = slots[e.i];
          if (!s || s.result !== undefined) continue;
          s.result = e.type === "error" ? errorLine(s, (e.data as { error: string }).error, e.data.id) : JSON.stringify(e.data);
          outstanding--;
        }
        lastProgress = Date.now();
        continue;
      }
      if (opts.timeoutSec && Date.now() - started > opts.timeoutSec * 1000) {
        for (const s of slots) if (s.result === undefined) s.result = errorLine(s, `no result within ${opts.timeoutSec} s (job ${s.queue}/${s.jobId})`);
        return;
      }
      if (Date.now() - lastProgress >= IDLE_CHECK_MS) {
        scoring ??= new Queue(SCORING_QUEUE, { connection: conn, prefix, ...queueTelemetry(opts.otel) });
        outstanding -= await checkFailed(slots, queues, scoring, errorLine);
        opts.err(`hegui submit: waiting for ${outstanding} results`);
        lastProgress = Date.now();
      }
    }
  } finally {
    await scoring?.close();
    await conn.del(replyKey).catch(() => {});
  }
}

/** Jobs of outstanding slots that failed for good (ingest or scoring): their error becomes the result. */
async function checkFailed(
  slots: Slot[],
  queues: Map<IngestQueue, Queue<IngestJobData>>,
  scoring: Queue,
  errorLine: (s: Slot, error: string, id?: string) => string,
): Promise<number> {
  const open = slots.filter((s) => s.result === undefined && s.queue && s.jobId);
  let n = 0;
  for (let i = 0; i < open.length; i += 200) {
    const batch = open.slice(i, i + 200);
    // Ingest job failed, or it completed and its scoring job failed.
    const states = await Promise.all(batch.map((s) => queues.get(s.queue!)!.getJobState(s.jobId!)));
    const failed = await Promise.all(
      batch.map(async (s, k): Promise<Job | undefined> => {
        if (states[k] === "failed") return Job.fromId(queues.get(s.queue!)!, s.jobId!);
        if (states[k] !== "completed") return undefined;
        const id = jobIdOf(s.queue!, s.jobId!);
        return (await scoring.getJobState(id)) === "failed" ? Job.fromId(scoring, id) : undefined;
      }),
    );
    batch.forEach((s, k) => {
      const j = failed[k];
      if (!j) return;
      s.result = errorLine(s, `${j.queueName} job ${j.id} failed: ${j.failedReason}`);
      n++;
    });
  }
  return n;
}
