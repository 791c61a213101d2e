/**
 * Worker processes: one BullMQ Worker per queue in this process, all on one
 * engine whose lexicon follows `hegui lexicon publish` (LexiconWatcher).
 * `close()` lets in-flight jobs finish (worker.close()), then disconnects.
 */
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createEngine, type Engine } from "../engine.js";
import { evictionWarning, redisUrl, safeUrl, workerConnection } from "../io/redis.js";
import { Ledger } from "../ledger/index.js";
import { LexiconWatcher } from "../lexicon/reload.js";
import { loadQueueConfig, type QueueConfig } from "./config.js";
import { CpuGate } from "./cpu-gate.js";
import type { PipelineDeps } from "./deps.js";
import type { ScoringJobData } from "./job-data.js";
import { defaultPrefix, Keys, SCORING_QUEUE } from "./names.js";
import { PROCESSORS } from "./processors.js";
import { RoomStore } from "./room-store.js";
import { jobOptions } from "./job-options.js";
import { VerdictSink } from "./verdict-sink.js";

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
}

export interface RunningWorkers {
  workers: Worker[];
  engine: Engine;
  prefix: string;
  close(): Promise<void>;
}

export async function startWorkers(opts: WorkersOptions): Promise<RunningWorkers> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const unknown = opts.queues.filter((q) => !PROCESSORS[q]);
  if (unknown.length) throw new Error(`unknown queue ${unknown.join(", ")}: known are ${Object.keys(PROCESSORS).join(", ")}`);
  const config = opts.config ?? loadQueueConfig();
  const prefix = opts.prefix ?? defaultPrefix();
  const url = opts.redisUrl ?? redisUrl();
  const engine = opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir });

  const connection: Redis = workerConnection(url);
  connection.on("error", (e: Error) => log(`hegui workers: Redis ${safeUrl(url)}: ${e.message}`));
  const warning = await evictionWarning(connection);
  if (warning) log(warning);

  const watcher = new LexiconWatcher(engine, connection, prefix, (e) => {
    if (e.type === "switched") log(`hegui workers: lexicon ${e.from} -> ${e.to}`);
    else if (e.type === "refused") log(`hegui workers: lexicon ${e.version ?? ""} refused: ${e.error}`);
  });
  await watcher.start();

  const keys = new Keys(prefix);
  const scoringQueue = new Queue<ScoringJobData>(SCORING_QUEUE, { connection, prefix, defaultJobOptions: jobOptions(config) });
  const ledger = new Ledger(connection, prefix);
  const deps: PipelineDeps = {
    engine,
    redis: connection,
    keys,
    config,
    sink: new VerdictSink(connection, keys, config),
    rooms: new RoomStore(connection, keys, config.room),
    async score(jobId, data) {
      await scoringQueue.add("score", data, { jobId });
    },
    ledger: (item, verdict) => ledger.applyVerdict(item, verdict),
    log,
    cpu: new CpuGate(),
  };

  const workers: Worker[] = [];
  for (const queue of opts.queues) {
    const processor = await PROCESSORS[queue](deps, queue);
    const w = new Worker(queue, processor, {
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
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
