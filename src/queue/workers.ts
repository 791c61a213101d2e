/**
 * Worker processes: one BullMQ Worker per queue in this process, all on one
 * engine whose lexicon follows `hegui lexicon publish` (LexiconFollower).
 * `close()` lets in-flight jobs finish (worker.close()), then disconnects.
 * Items without candidates are scored in their ingest job (no scoring job), and
 * so are live-room fragments whose verdict needs no ledger or review step.
 *
 * Logs are pino lines (src/queue/logger.ts): one per job with its queue, job
 * id, item id and lexicon version. With `metricsPort`, a small HTTP server
 * serves /metrics, /healthz and /readyz (src/queue/health.ts).
 */
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { createEngine, type Engine } from "../engine.js";
import { redisUrl, redisWarnings, safeUrl, workerConnection } from "../io/redis.js";
import { Ledger } from "../ledger/index.js";
import { LexiconFollower } from "../lexicon/follow.js";
import { startHealthServer, type HealthServer } from "./health.js";
import { createLogger, type Logger } from "./logger.js";
import { WorkerMetrics } from "./metrics.js";
import { loadQueueConfig, workerSettings, type QueueConfig } from "./config.js";
import { CpuGate } from "./cpu-gate.js";
import type { PipelineDeps } from "./deps.js";
import { itemIdOf, UNDECODABLE, type ScoringJobData } from "./job-data.js";
import { ALL_QUEUES, defaultPrefix, Keys, SCORING_QUEUE } from "./names.js";
import { PROCESSORS, STREAM_QUEUES, writeErrorRecord, type Processor } from "./processors.js";
import { RoomStore } from "./room-store.js";
import { ScoringPipeline } from "./scoring-pipeline.js";
import { jobOptions } from "./job-options.js";
import { queueTelemetry } from "./telemetry.js";
import { VerdictSink } from "./verdict-sink.js";
import { warmUp, warmUpBudgetMs } from "./warm-up.js";
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
  /** Where log lines go (default stderr); the lines are pino's (JSON, or pretty on a terminal). */
  log?: (line: string) => void;
  /** A logger of your own (default: one over `log`). */
  logger?: Logger;
  /** Serve /metrics, /healthz and /readyz on this port (0: any free port; undefined: no server). */
  metricsPort?: number;
  /** Address of that server (default 127.0.0.1; 0.0.0.0 in a container). */
  metricsHost?: string;
  /** Aborting it while Redis is not yet reachable stops the start (startWorkers rejects). */
  signal?: AbortSignal;
  /** Where `review` verdicts become review tasks (src/review); default: reviewHook() (DATABASE_URL). */
  reviewTask?: PipelineDeps["reviewTask"] | null;
  /** OpenTelemetry spans for every job (bullmq-otel; src/queue/telemetry.ts); default HEGUI_OTEL. */
  otel?: boolean;
  /** Warm the engine up for this long (ms) before taking jobs (src/queue/warm-up.ts); default HEGUI_WARM_UP_MS, else 1,500. */
  warmUpMs?: number;
}

/**
 * A job whose data is not JSON (put there by another producer) makes BullMQ's Job.fromJSON throw before
 * any processor runs: the job would stay active, stall, and be fetched again forever. Such a job gets a
 * marker as its data instead, and the processor fails it as a bad payload (src/queue/processors.ts).
 *
 * BullMQ has no public hook for this, so this overrides its protected `createJob(data, jobId)`: pinned
 * (package.json `bullmq: ~6.7.0`) and tested explicitly (test/queue/worker-metrics.test.ts checks the
 * method is there and that such a job fails once as a bad payload). `createJobHookPresent()` is checked at
 * start: without the method a warning is logged (the override would never run).
 */
export function createJobHookPresent(): boolean {
  return typeof (Worker.prototype as unknown as { createJob?: unknown }).createJob === "function";
}

/**
 * The other override, BullMQ's protected `handleFailed(err, job, token, …)`: a job that stalled more than
 * `maxStalledCount` times is failed there without reaching the processor (BullMQ marks it with
 * `job.deferredFailure`), so the worker writes its error record first. Checked at start and tested like createJob.
 */
export function handleFailedHookPresent(): boolean {
  return typeof (Worker.prototype as unknown as { handleFailed?: unknown }).handleFailed === "function";
}

class PipelineWorker extends Worker {
  /**
   * Called before BullMQ fails a job it never handed to the processor: one that stalled more than
   * `maxStalledCount` times (its deferred failure), so that it too leaves an error record.
   */
  unprocessedFailure?: (job: Job, err: Error) => Promise<void>;

  protected override async handleFailed(err: Error, job: Job, token: string, fetchNextCallback?: () => boolean, span?: Parameters<Worker["handleFailed"]>[4]): Promise<Job> {
    if (job.deferredFailure && this.unprocessedFailure) await this.unprocessedFailure(job, err);
    return super.handleFailed(err, job, token, fetchNextCallback, span);
  }

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
  logger: Logger;
  metrics: WorkerMetrics;
  follower: LexiconFollower;
  /** The /metrics, /healthz, /readyz server, when `metricsPort` was given. */
  health?: HealthServer;
  close(): Promise<void>;
}

/**
 * Time, count and log every job: one log line per job (queue, job id, item id,
 * lexicon version, ms; the error of a failed one) and hegui_jobs_total /
 * hegui_job_duration_seconds.
 */
function observed(queue: string, run: Processor, engine: Engine, logger: Logger, metrics: WorkerMetrics): Processor {
  return async (job, token) => {
    const t0 = performance.now();
    const data = job.data as { lexiconVersion?: unknown; items?: unknown } | null;
    // A scoring or rescan job names the version it is for; an ingest job runs on the current one.
    const lexiconVersion = data && typeof data === "object" && typeof data.lexiconVersion === "string" ? data.lexiconVersion : engine.lexiconVersion;
    const fields: Record<string, unknown> = { queue, jobId: job.id, itemId: itemIdOf(job.data), lexiconVersion, attempt: job.attemptsMade + 1 };
    if (data && typeof data === "object" && Array.isArray(data.items)) fields.items = data.items.length;
    try {
      const out = await run(job, token);
      const seconds = (performance.now() - t0) / 1000;
      metrics.observeJob(queue, "completed", seconds);
      const decision = out && typeof out === "object" && "decision" in out ? (out as { decision: unknown }).decision : undefined;
      logger.info({ ...fields, ms: Math.round(seconds * 1000), ...(decision !== undefined ? { decision } : {}) }, "job done");
      return out;
    } catch (e) {
      const seconds = (performance.now() - t0) / 1000;
      if (e instanceof DelayedError) {
        metrics.observeJob(queue, "delayed", seconds);
        logger.debug({ ...fields, ms: Math.round(seconds * 1000) }, "job delayed");
      } else {
        metrics.observeJob(queue, "failed", seconds);
        logger.warn({ ...fields, ms: Math.round(seconds * 1000), err: (e as Error).message, errName: (e as Error).name }, "job failed");
      }
      throw e;
    }
  };
}

/** The job lock is at least this many item deadlines long. */
export const LOCK_PER_DEADLINE = 3;

export async function startWorkers(opts: WorkersOptions): Promise<RunningWorkers> {
  const logger = opts.logger ?? createLogger({ name: "hegui-workers", sink: opts.log });
  const log = (line: string) => logger.warn(line);
  const unknown = opts.queues.filter((q) => !PROCESSORS[q]);
  if (unknown.length) throw new Error(`unknown queue ${unknown.join(", ")}: known are ${Object.keys(PROCESSORS).join(", ")}`);
  const config = opts.config ?? loadQueueConfig();
  const warmUpMs = opts.warmUpMs ?? warmUpBudgetMs();
  const prefix = opts.prefix ?? defaultPrefix();
  const url = opts.redisUrl ?? redisUrl();
  const engine = opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir });
  if (!handleFailedHookPresent()) log("hegui workers: this BullMQ has no Worker.handleFailed: a job that stalled too often will fail without an error record (see src/queue/workers.ts)");
  if (!createJobHookPresent()) log("hegui workers: this BullMQ has no Worker.createJob: jobs whose data is not JSON will stall instead of failing (see src/queue/workers.ts)");
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
  let stopping = false;
  let ready = false;
  const metrics = new WorkerMetrics(() => engine.lexiconVersion);
  metrics.queues(opts.queues);
  // The health server answers from the start: /healthz 200, /readyz 503 until the workers take jobs.
  let health: HealthServer | undefined;
  try {
    if (opts.metricsPort !== undefined) {
      health = await startHealthServer(
        {
          registry: metrics.registry,
          lexiconVersion: () => engine.lexiconVersion,
          stopping: () => stopping,
          notReady: () => {
            if (!ready) return "starting";
            if (connection.status !== "ready") return `Redis connection ${connection.status}`;
            const down = workers.filter((w) => !w.isRunning());
            return down.length ? `worker(s) not running: ${down.map((w) => w.name).join(", ")}` : undefined;
          },
        },
        opts.metricsPort,
        opts.metricsHost,
      );
    }
  } catch (e) {
    connection.disconnect();
    const err = new Error(`metrics server on ${opts.metricsHost ?? "127.0.0.1"}:${opts.metricsPort}: ${(e as Error).message}`) as NodeJS.ErrnoException;
    err.code = (e as NodeJS.ErrnoException).code;
    throw err;
  }
  if (health) logger.info({ metrics: `${health.url}/metrics` }, `hegui workers: metrics on ${health.url}/metrics`);
  const abort = () => {
    stopping = true;
    for (const w of workers) void w.close(true).catch(() => {});
    connection.disconnect();
    void health?.close();
  };
  if (opts.signal?.aborted) abort();
  opts.signal?.addEventListener("abort", abort, { once: true });
  for (const warning of await redisWarnings(connection)) log(`hegui workers: ${warning}`);

  const follower = new LexiconFollower(engine, connection, prefix, (e) => {
    if (e.type === "switched") {
      metrics.reload("switched");
      logger.info({ lexiconVersion: e.to, from: e.from, ms: e.ms }, `hegui workers: lexicon ${e.from} -> ${e.to}`);
    } else if (e.type === "refused") {
      metrics.reload("refused");
      logger.error({ lexiconVersion: engine.lexiconVersion, refused: e.version, err: e.error }, `hegui workers: lexicon ${e.version ?? ""} refused: ${e.error}`);
    }
  });
  await follower.start();
  // Before any job: the first items a process judges are several times slower (src/queue/warm-up.ts).
  const warmed = await warmUp(engine, config, warmUpMs);
  if (warmed.items) logger.info({ items: warmed.items, ms: warmed.ms }, `hegui workers: engine warmed up on ${warmed.items} example items in ${warmed.ms} ms`);
  if (warmed.failed) logger.warn({ failed: warmed.failed }, `hegui workers: ${warmed.failed} example items could not be judged while warming up`);
  metrics.watchQueues(connection, prefix, ALL_QUEUES);

  const keys = new Keys(prefix);
  const scoringQueue = new Queue<ScoringJobData>(SCORING_QUEUE, { connection, prefix, defaultJobOptions: jobOptions(config), ...queueTelemetry(opts.otel) });
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
    sinkOnly: (data) => inlineScoring.sinkOnly(data),
    ledger: (item, verdict) => ledger.applyVerdict(item, verdict),
    reviewTask: opts.reviewTask === undefined ? (review = await reviewHook(log, (i, v) => ledger.applyVerdict(i, v))).task : (opts.reviewTask ?? undefined),
    log,
    cpu: new CpuGate(),
  };
  // Items without candidates are scored in their ingest job (PipelineDeps.score).
  const inlineScoring = new ScoringPipeline(deps);

  for (const queue of opts.queues) {
    const processor = await PROCESSORS[queue](deps, queue);
    const w = new PipelineWorker(queue, observed(queue, processor, engine, logger, metrics), { connection, prefix, ...workerSettings(config, queue, opts.concurrency, opts.otel) });
    if (STREAM_QUEUES.has(queue)) {
      w.unprocessedFailure = async (job, e) => {
        logger.error({ queue, jobId: job.id, itemId: itemIdOf(job.data), err: e.message }, `hegui workers: ${queue} job ${job.id} failed without running: ${e.message}`);
        await writeErrorRecord(deps, queue, job, e.message);
      };
    }
    w.on("stalled", (jobId) => logger.warn({ queue, jobId }, `hegui workers: ${queue} job ${jobId} stalled (its lock expired): back to wait`));
    w.on("error", (e) => logger.error({ queue, err: e.message }, `hegui workers: ${queue}: ${e.message}`));
    w.on("failed", (job, e) => {
      // A job failed without running was logged (and recorded) by unprocessedFailure: one line, not two.
      if (job?.deferredFailure && w.unprocessedFailure && handleFailedHookPresent()) return;
      if (job && (e.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1))) {
        logger.error({ queue, jobId: job.id, itemId: itemIdOf(job.data), err: e.message }, `hegui workers: ${queue} job ${job.id} failed: ${e.message}`);
      }
    });
    workers.push(w);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  opts.signal?.removeEventListener("abort", abort);
  if (opts.signal?.aborted) throw new Error("stopped before Redis answered");
  ready = true;

  let closing: Promise<void> | undefined;
  return {
    workers,
    engine,
    prefix,
    logger,
    metrics,
    follower,
    health,
    close() {
      closing ??= (async () => {
        stopping = true;
        await Promise.all(workers.map((w) => w.close()));
        await scoringQueue.close();
        await follower.stop();
        await review?.close();
        await metrics.close();
        await health?.close();
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
