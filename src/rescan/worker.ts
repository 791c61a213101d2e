/**
 * The worker side of `hegui rescan`: a chunk of listings in, one verdict per
 * listing out (the job's return value), in the chunk's order.
 *
 * `hegui workers --queues rescan` runs this processor like the other queues
 * (src/queue/processors.ts); `startRescanWorker()` (and `worker-main.ts`) run
 * it on their own, with the same settings (config/queues.json: job lock,
 * stall check, `concurrency.rescan`).
 */
import { defaultPrefix } from "../queue/names.js";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { createEngine, type Engine } from "../engine.js";
import { workerConnection } from "../io/redis.js";
import { loadQueueConfig, workerSettings, type QueueConfig } from "../queue/config.js";
import type { Item } from "../types.js";
import { reviewChunk, type ChunkResult } from "./review-chunk.js";

export const RESCAN_QUEUE = "rescan";

/** What the producer puts in one job. */
export interface RescanJobData {
  /** The lexicon version the rescan was started for; a worker on another version refuses the job. */
  lexiconVersion: string;
  /** Keep each violation's `explain` (default false: lean verdicts for bulk output). */
  explain?: boolean;
  items: Item[];
}

/** A worker on another lexicon refuses the job for good (no retries): the producer stops with this message. */
export class LexiconMismatchError extends UnrecoverableError {}

/** Chunk job → verdicts via engine.review (explain stripped unless asked for). */
export function createRescanProcessor(engine: Engine): (job: Job<RescanJobData>) => Promise<ChunkResult> {
  return async (job) => {
    const { lexiconVersion, explain, items } = job.data;
    if (!Array.isArray(items)) throw new Error(`rescan job ${job.id}: data.items is not an array`);
    if (lexiconVersion && lexiconVersion !== engine.lexiconVersion) {
      throw new LexiconMismatchError(
        `rescan job ${job.id} wants lexicon ${lexiconVersion} but this worker has ${engine.lexiconVersion}: ` +
          `start the workers with the rescan's lexicons (or \`hegui lexicon publish\` them)`,
      );
    }
    return reviewChunk(engine, items, { explain: explain ?? false, yieldEvery: 50 });
  };
}

export interface RescanWorkerOptions {
  /** An ioredis connection (BullMQ duplicates it as needed) or a URL; default REDIS_URL. */
  connection?: Redis | string;
  /** Queue prefix; default HEGUI_PREFIX or "hegui". */
  prefix?: string;
  /** Default config/queues.json `concurrency.rescan`. */
  concurrency?: number;
  engine?: Engine;
  lexiconDir?: string;
  /** Queue settings (job lock, stall check); default config/queues.json with HEGUI_LOCK_MS / HEGUI_STALLED_MS. */
  config?: QueueConfig;
  /** OpenTelemetry spans for every job (bullmq-otel; src/queue/telemetry.ts); default HEGUI_OTEL. */
  otel?: boolean;
}

export interface RunningRescanWorker {
  worker: Worker<RescanJobData, ChunkResult>;
  engine: Engine;
  close(): Promise<void>;
}

export { defaultPrefix };

export async function startRescanWorker(opts: RescanWorkerOptions = {}): Promise<RunningRescanWorker> {
  const engine = opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir });
  const own = typeof opts.connection === "string" || opts.connection === undefined;
  const connection = typeof opts.connection === "object" ? opts.connection : workerConnection(opts.connection);
  const config = opts.config ?? loadQueueConfig();
  const worker = new Worker<RescanJobData, ChunkResult>(RESCAN_QUEUE, createRescanProcessor(engine), {
    connection,
    prefix: opts.prefix ?? defaultPrefix(),
    ...workerSettings(config, RESCAN_QUEUE, opts.concurrency, opts.otel),
  });
  worker.on("error", (e) => process.stderr.write(`rescan worker: ${e.message}\n`));
  await worker.waitUntilReady();
  return {
    worker,
    engine,
    async close() {
      await worker.close();
      if (own) connection.disconnect();
    },
  };
}
