/**
 * Worker processes: one BullMQ Worker per queue in this process, all on one
 * engine whose lexicon follows `hegui lexicon publish` (LexiconWatcher).
 * `close()` lets in-flight jobs finish (worker.close()), then disconnects.
 * Items without candidates are scored in their ingest job (no scoring job).
 */
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { createEngine, type Engine } from "../engine.js";
import { redisUrl, redisWarnings, safeUrl, workerConnection } from "../io/redis.js";
import { Ledger } from "../ledger/index.js";
import { LexiconWatcher } from "../lexicon/reload.js";
import { loadQueueConfig, type QueueConfig } from "./config.js";
import { CpuGate } from "./cpu-gate.js";
import type { PipelineDeps } from "./deps.js";
import { UNDECODABLE, type ScoringJobData } from "./job-data.js";
import { defaultPrefix, Keys, SCORING_QUEUE } from "./names.js";
import { PROCESSORS } from "./processors.js";
import { RoomStore } from "./room-store.js";
import { ScoringPipeline } from "./scoring-pipeline.js";
import { jobOptions } from "./job-options.js";
import { VerdictSink } from "./verdict-sink.js";
import { reviewHook, type ReviewHook } from "../review/hook.js";

export interface WorkersOptions {
  queues: string[];
  /** Per queue; default from config/queues.json. */
  concurrency?: number;
  lexiconDir?: string;
  engine?: Engine;
  config?: QueueConfig;
  redisUrl?: string;
  prefix?: string;
  log?: (line: string) => void;
  /** Aborting it while Redis is not yet reachable stops the start (startWorkers rejects). */
  signal?: AbortSignal;
  /** Where `review` verdicts become review tasks (src/review); default: reviewHook() (DATABASE_URL). */
  reviewTask?: PipelineDeps["reviewTask"] | null;
}

/**
 * A job whose data is not JSON (put there by another producer) makes BullMQ's Job.fromJSON throw before
 * any processor runs: the job would stay active, stall, and be fetched again forever. Such a job gets a
 * marker as its data instead, and the processor fails it as a bad payload (src/queue/processors.ts).
 */
class PipelineWorker extends Worker {
  protected override createJob(data: Parameters<Worker["createJob"]>[0], jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (e) {
      return super.createJob({ ...data, data: JSON.stringify({ [UNDECODABLE]: (e as Error).message }) }, jobId);
    }
  }
}

export interface RunningWorkers {
  workers: Worker[];
  engine: Engine;
  prefix: string;
  close(): Promise<void>;
}

/** The job lock is at least this many item deadlines long. */
export const LOCK_PER_DEADLINE = 3;

export async function startWorkers(opts: WorkersOptions): Promise<RunningWorkers> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const unknown = opts.queues.filter((q) => !PROCESSORS[q]);
  if (unknown.length) throw new Error(`unknown queue ${unknown.join(", ")}: known are ${Object.keys(PROCESSORS).join(", ")}`);
  const config = opts.config ?? loadQueueConfig();
  const prefix = opts.prefix ?? defaultPrefix();
  const url = opts.redisUrl ?? redisUrl();
  const engine = opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir });
  // A job past the item deadline fails once with an error record; the deadline stays well inside the job
  // lock (at most a third of it), so a long item never outlives its lock and runs again on another worker.
  const lockBound = Math.floor(config.lockDurationMs / LOCK_PER_DEADLINE);
  if (engine.deadlineMs > lockBound) {
    log(`hegui workers: item deadline ${engine.deadlineMs} ms cut to ${lockBound} ms (a third of the ${config.lockDurationMs} ms job lock)`);
    engine.deadlineMs = lockBound;
  }

  const connection: Redis = workerConnection(url);
  connection.on("error", (e: Error) =>
    log(`hegui workers: Redis at ${safeUrl(url)}: ${e.message}; retrying (start redis-server there or set REDIS_URL)`),
  );
  const workers: Worker[] = [];
  const abort = () => {
    for (const w of workers) void w.close(true).catch(() => {});
    connection.disconnect();
  };
  if (opts.signal?.aborted) abort();
  opts.signal?.addEventListener("abort", abort, { once: true });
  for (const warning of await redisWarnings(connection)) log(`hegui workers: ${warning}`);

  const watcher = new LexiconWatcher(engine, connection, prefix, (e) => {
    if (e.type === "switched") log(`hegui workers: lexicon ${e.from} -> ${e.to}`);
    else if (e.type === "refused") log(`hegui workers: lexicon ${e.version ?? ""} refused: ${e.error}`);
  });
  await watcher.start();

  const keys = new Keys(prefix);
  const scoringQueue = new Queue<ScoringJobData>(SCORING_QUEUE, { connection, prefix, defaultJobOptions: jobOptions(config) });
  const ledger = new Ledger(connection, prefix);
  let review: ReviewHook | undefined;
  const deps: PipelineDeps = {
    engine,
    redis: connection,
    keys,
    config,
    sink: new VerdictSink(connection, keys, config),
    rooms: new RoomStore(connection, keys, config.room),
    async score(jobId, data) {
      if (data.candidates.length === 0) {
        await inlineScoring.run(data);
        return "inline";
      }
      await scoringQueue.add("score", data, { jobId });
      return "queued";
    },
    ledger: (item, verdict) => ledger.applyVerdict(item, verdict),
    reviewTask: opts.reviewTask === undefined ? (review = await reviewHook(log, (i, v) => ledger.applyVerdict(i, v))).task : (opts.reviewTask ?? undefined),
    log,
    cpu: new CpuGate(),
  };
  // Items without candidates are scored in their ingest job (PipelineDeps.score).
  const inlineScoring = new ScoringPipeline(deps);

  for (const queue of opts.queues) {
    const processor = await PROCESSORS[queue](deps, queue);
    const w = new PipelineWorker(queue, processor, {
      connection,
      prefix,
      concurrency: opts.concurrency ?? config.concurrency[queue] ?? 1,
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
      maxStalledCount: config.maxStalledCount,
    });
    w.on("error", (e) => log(`hegui workers: ${queue}: ${e.message}`));
    w.on("failed", (job, e) => {
      if (job && (e.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1))) {
        log(`hegui workers: ${queue} job ${job.id} failed: ${e.message}`);
      }
    });
    workers.push(w);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  opts.signal?.removeEventListener("abort", abort);
  if (opts.signal?.aborted) throw new Error("stopped before Redis answered");

  let closing: Promise<void> | undefined;
  return {
    workers,
    engine,
    prefix,
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await scoringQueue.close();
        await watcher.stop();
        await review?.close();
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
