/**
 * Queue pipeline settings: config/queues.json (or the file named by
 * HEGUI_QUEUE_CONFIG), validated; HEGUI_LOCK_MS / HEGUI_STALLED_MS override
 * the job lock (tests and benchmarks shorten it so a killed worker's jobs
 * come back sooner).
 */
import { z } from "zod";
import { loadJsonConfig, packagePath } from "../io/paths.js";
import { queueTelemetry } from "./telemetry.js";

const positiveInt = z.number().int().positive();
const keep = z.object({ age: positiveInt, count: positiveInt.optional() });

export const queueConfigSchema = z.object({
  $comment: z.string().optional(),
  /** Approximate MAXLEN of the verdict stream (XADD MAXLEN ~). */
  streamMaxLen: positiveInt,
  /** How long a per-item written-marker is kept (a re-run within it writes no second verdict). */
  writtenTtlSeconds: positiveInt,
  /** How long `hegui submit --wait` reply lists live. */
  replyTtlSeconds: positiveInt,
  attempts: positiveInt,
  backoffMs: positiveInt,
  lockDurationMs: positiveInt,
  stalledIntervalMs: positiveInt,
  maxStalledCount: z.number().int().min(0),
  keepCompleted: keep,
  keepFailed: keep,
  concurrency: z.record(z.string(), positiveInt),
  submitChunk: positiveInt,
  room: z.object({
    /** Characters of earlier fragments kept as context for the next one. */
    tailChars: z.number().int().min(0),
    /** Earlier fragments older than this (by `ts`) are not context. */
    tailSeconds: positiveInt,
    /** A new room starts at once when its first fragment's seq is at most this; otherwise it waits gapWaitMs for earlier ones. */
    firstSeq: z.number().int(),
    /** How long a fragment waits for a missing earlier seq before the gap is skipped. */
    gapWaitMs: z.number().int().min(0),
    /** TTL of the per-room drain lock (a crashed drainer's lock expires after it). */
    lockMs: positiveInt,
    /** Room state expires after this long without a fragment. */
    idleSeconds: positiveInt,
    /** How many judged seqs are remembered (a retried job finds its fragment done). */
    doneKeep: positiveInt,
  }),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;

/**
 * A BullMQ worker's settings for `queue`: its concurrency (given, else config `concurrency[queue]`, else 1),
 * the shared job lock, and the tracing option (`otel`, default HEGUI_OTEL; src/queue/telemetry.ts).
 */
export function workerSettings(config: QueueConfig, queue: string, concurrency?: number, otel?: boolean) {
  return {
    concurrency: concurrency ?? config.concurrency[queue] ?? 1,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    maxStalledCount: config.maxStalledCount,
    ...queueTelemetry(otel),
  };
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (milliseconds), not ${raw}`);
  return n;
}

export function loadQueueConfig(path: string = process.env.HEGUI_QUEUE_CONFIG || packagePath("config", "queues.json")): QueueConfig {
  const cfg = loadJsonConfig(queueConfigSchema, path);
  const lock = envInt("HEGUI_LOCK_MS");
  const stalled = envInt("HEGUI_STALLED_MS");
  if (lock) cfg.lockDurationMs = lock;
  if (stalled) cfg.stalledIntervalMs = stalled;
  return cfg;
}
