/**
 * Queue mode: chunks become BullMQ jobs on the `rescan` queue (addBulk), with
 * ids made of the input's digest, the lexicon version, the chunk size and the
 * chunk index — adding a chunk that is already queued or done is a no-op, so a
 * re-run picks up results computed before a crash. Results are the jobs'
 * return values; a job is removed once its chunk is checkpointed in the output.
 */
import { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { queueTelemetry } from "../queue/telemetry.js";
import type { Item } from "../types.js";
import { RescanAbortError, type ChunkBackend, type ChunkJob } from "./backend.js";
import type { ChunkResult } from "./review-chunk.js";
import { RESCAN_QUEUE, type RescanJobData } from "./worker.js";

/** Unconsumed results and failed jobs are dropped after this long (seconds). */
export const RESULT_TTL_SEC = 3 * 24 * 3600;

/** Times the producer retries a chunk whose job failed for good before giving up. */
export const CHUNK_RETRIES = 2;

export interface QueueBackendOptions {
  connection: Redis;
  prefix: string;
  /** Job id stem: `<digest>-<lexicon>-c<size>[-x]`; the chunk index is appended. */
  stem: string;
  lexiconVersion: string;
  explain: boolean;
  window?: number;
  /** OpenTelemetry spans for the adds (bullmq-otel; src/queue/telemetry.ts); default HEGUI_OTEL. */
  otel?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class QueueBackend implements ChunkBackend {
  readonly mode = "queue" as const;
  readonly window: number;
  readonly queue: Queue<RescanJobData, ChunkResult>;
  private items = new Map<number, Item[]>();
  private retries = new Map<number, number>();
  private workers: number | undefined;
  private workersCheckedAt = 0;
  private waitingSince: number | undefined;

  constructor(private opts: QueueBackendOptions) {
    this.window = opts.window ?? 16;
    this.queue = new Queue<RescanJobData, ChunkResult>(RESCAN_QUEUE, {
      connection: opts.connection,
      prefix: opts.prefix,
      // Completed events carry the return value: keep the stream short.
      streams: { events: { maxLen: 50 } },
      ...queueTelemetry(opts.otel),
    });
    this.queue.on("error", () => {});
  }

  jobId(index: number): string {
    return `${this.opts.stem}-${index}`;
  }

  async submit(jobs: ChunkJob[]): Promise<void> {
    if (!jobs.length) return;
    for (const j of jobs) this.items.set(j.index, j.items);
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: "chunk",
        data: { lexiconVersion: this.opts.lexiconVersion, explain: this.opts.explain, items: j.items },
        opts: {
          jobId: this.jobId(j.index),
          attempts: 3,
          backoff: { type: "fixed", delay: 500 },
          removeOnComplete: { age: RESULT_TTL_SEC },
          removeOnFail: { age: RESULT_TTL_SEC },
        },
      })),
    );
  }

  /**
   * The chunk's verdicts, once its job completed: polled with BullMQ's public
   * API (Queue.getJobState — a script that reads no job data — then
   * Job.fromId once the job is done, for its return value).
   */
  async result(index: number): Promise<ChunkResult> {
    const id = this.jobId(index);
    let pause = 5;
    for (;;) {
      const state = await this.queue.getJobState(id);
      if (state === "completed") {
        const job = await Job.fromId<RescanJobData, ChunkResult>(this.queue, id);
        if (job && job.finishedOn !== undefined) {
          this.waitingSince = undefined;
          const rv: unknown = job.returnvalue;
          if (!Array.isArray(rv)) throw new RescanAbortError(`rescan job ${id} returned ${JSON.stringify(rv)?.slice(0, 80)}, not a list of verdicts`);
          return rv as ChunkResult;
        }
        if (!job) await this.resubmit(index);
      } else if (state === "unknown") {
        // The job is gone (removed by hand, Redis restarted without persistence): queue it again.
        await this.resubmit(index);
      } else if (state === "failed") await this.retryFailed(index);
      this.waitingSince ??= Date.now();
      await sleep(pause);
      pause = Math.min(pause * 2, 100);
    }
  }

  private async resubmit(index: number): Promise<void> {
    const items = this.items.get(index);
    if (!items) throw new RescanAbortError(`rescan job ${this.jobId(index)} vanished and its listings are no longer in memory`);
    await this.submit([{ index, items }]);
  }

  private async retryFailed(index: number): Promise<void> {
    const job = await this.queue.getJob(this.jobId(index));
    const reason = job?.failedReason ?? "unknown reason";
    const n = this.retries.get(index) ?? 0;
    if (/wants lexicon/.test(reason) || n >= CHUNK_RETRIES || !job) {
      throw new RescanAbortError(`chunk ${index} (job ${this.jobId(index)}) failed: ${reason}`);
    }
    this.retries.set(index, n + 1);
    await job.retry("failed");
  }

  async release(index: number): Promise<void> {
    this.items.delete(index);
    this.retries.delete(index);
    try {
      await this.queue.remove(this.jobId(index));
    } catch {
      // Locked by a worker that is finishing a duplicate delivery: its age limit removes it later.
    }
  }

  status(): string | undefined {
    const now = Date.now();
    if (now - this.workersCheckedAt > 5000) {
      this.workersCheckedAt = now;
      this.queue.getWorkersCount().then(
        (n) => (this.workers = n),
        () => (this.workers = undefined),
      );
    }
    if (this.workers === 0 && this.waitingSince && now - this.waitingSince > 3000) {
      return `no workers on queue "${RESCAN_QUEUE}" (prefix ${this.opts.prefix}): start them with \`hegui workers --queues rescan\``;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
