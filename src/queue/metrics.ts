/**
 * Prometheus metrics of a worker process (prom-client), served by
 * `hegui workers --metrics-port N` (src/queue/health.ts):
 *
 *   process_* / nodejs_*                         prom-client's default process metrics (CPU, heap, GC, event-loop lag)
 *   hegui_jobs_total{queue,status}               jobs this process finished: completed, failed, delayed
 *   hegui_job_duration_seconds{queue,status}     how long they ran here
 *   hegui_lexicon_info{version}                  the lexicon version this process runs (value 1)
 *   hegui_lexicon_reloads_total{result}          published lexicons switched to or refused
 *   hegui_queue_paused{queue}                    1 while a queue is paused
 *   bullmq_job_count{queue,state}                jobs in every pipeline queue by every state (the same name and
 *                                                labels as BullMQ's Queue.exportPrometheusMetrics, read with
 *                                                the public Queue.getJobCounts())
 *
 * `registerQueueGauges` is reusable: anything with a prom-client Registry
 * and a Redis connection (`hegui serve`) can add the queue gauges.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { ALL_QUEUES } from "./names.js";

export const JOB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Every job state BullMQ counts (Queue.getJobCounts with no arguments gives these). */
export const JOB_STATES = ["active", "completed", "delayed", "failed", "prioritized", "waiting", "waiting-children"] as const;
const COUNTS_TIMEOUT_MS = 2000;

export interface QueueGauges {
  /** Close the Queue objects it reads with (not the connection). */
  close(): Promise<void>;
}

/**
 * `bullmq_job_count{queue,state}` on `registry`, for every queue in `names`
 * (default: all pipeline queues, rescan included) and every state, read at
 * scrape time. A Redis that does not answer in 2 s leaves the gauge empty for
 * that scrape (and `hegui_queue_counts_up` 0) rather than hanging the scrape.
 */
export function registerQueueGauges(registry: Registry, connection: Redis, prefix: string, names: readonly string[] = ALL_QUEUES): QueueGauges {
  const queues = names.map((n) => {
    const q = new Queue(n, { connection, prefix });
    q.on("error", () => {}); // the connection's owner reports Redis trouble
    return q;
  });
  type Read = { ok: true; counts: Array<Record<string, number>>; paused: boolean[] } | { ok: false };
  // One read of Redis per scrape, shared by the three gauges (a scrape collects them together).
  let last: { at: number; read: Promise<Read> } | undefined;
  const read = (): Promise<Read> => {
    if (last && Date.now() - last.at < 500) return last.read;
    let timer: NodeJS.Timeout | undefined;
    const r = Promise.race([
      Promise.all([Promise.all(queues.map((q) => q.getJobCounts(...JOB_STATES))), Promise.all(queues.map((q) => q.isPaused()))]),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), COUNTS_TIMEOUT_MS);
      }),
    ]).then(
      ([counts, paused]): Read => ({ ok: true, counts, paused }),
      (): Read => ({ ok: false }),
    );
    void r.finally(() => clearTimeout(timer));
    last = { at: Date.now(), read: r };
    return r;
  };
  new Gauge({
    name: "bullmq_job_count",
    help: "Number of jobs in the queue by state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      const r = await read();
      if (!r.ok) return;
      queues.forEach((q, i) => {
        for (const state of JOB_STATES) this.set({ queue: q.name, state }, r.counts[i][state] ?? 0);
      });
    },
  });
  new Gauge({
    name: "hegui_queue_paused",
    help: "1 if the queue is paused, else 0.",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      this.reset();
      const r = await read();
      if (r.ok) queues.forEach((q, i) => this.set({ queue: q.name }, r.paused[i] ? 1 : 0));
    },
  });
  new Gauge({
    name: "hegui_queue_counts_up",
    help: "1 if this scrape read the queue counts from Redis (in 2 s), else 0.",
    registers: [registry],
    async collect() {
      this.set((await read()).ok ? 1 : 0);
    },
  });
  return {
    async close() {
      await Promise.all(queues.map((q) => q.close().catch(() => {})));
    },
  };
}

export type JobStatus = "completed" | "failed" | "delayed";

export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly jobs: Counter<"queue" | "status">;
  private readonly duration: Histogram<"queue" | "status">;
  private readonly reloads: Counter<"result">;
  private gauges?: QueueGauges;

  constructor(lexiconVersion: () => string) {
    collectDefaultMetrics({ register: this.registry });
    this.jobs = new Counter({ name: "hegui_jobs_total", help: "Jobs this process finished, by queue and status.", labelNames: ["queue", "status"], registers: [this.registry] });
    this.duration = new Histogram({
      name: "hegui_job_duration_seconds",
      help: "Time a job ran in this process, by queue and status.",
      labelNames: ["queue", "status"],
      buckets: JOB_BUCKETS,
      registers: [this.registry],
    });
    this.reloads = new Counter({ name: "hegui_lexicon_reloads_total", help: "Published lexicons switched to or refused.", labelNames: ["result"], registers: [this.registry] });
    for (const result of ["switched", "refused"]) this.reloads.inc({ result }, 0);
    new Gauge({
      name: "hegui_lexicon_info",
      help: "The lexicon version this process runs (value is always 1).",
      labelNames: ["version"],
      registers: [this.registry],
      collect() {
        this.reset();
        this.set({ version: lexiconVersion() }, 1);
      },
    });
  }

  /** Start every queue's series at zero, so a scrape shows them before the first job. */
  queues(names: readonly string[]): void {
    for (const queue of names) for (const status of ["completed", "failed"]) this.jobs.inc({ queue, status }, 0);
  }

  observeJob(queue: string, status: JobStatus, seconds: number): void {
    this.jobs.inc({ queue, status });
    this.duration.observe({ queue, status }, seconds);
  }

  reload(result: "switched" | "refused"): void {
    this.reloads.inc({ result });
  }

  /** Add the queue gauges (closed with `close`). */
  watchQueues(connection: Redis, prefix: string, names?: readonly string[]): void {
    this.gauges = registerQueueGauges(this.registry, connection, prefix, names);
  }

  async close(): Promise<void> {
    await this.gauges?.close();
  }
}
