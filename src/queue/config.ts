/**
 * Queue pipeline settings: config/queues.json (or the file named by
 * HEGUI_QUEUE_CONFIG), validated; HEGUI_LOCK_MS / HEGUI_STALLED_MS override
 * the job lock (tests and benchmarks shorten it so a killed worker's jobs
 * come back sooner).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

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

function findConfig(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, "config", "queues.json");
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error("config/queues.json not found");
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (milliseconds), not ${raw}`);
  return n;
}

export function loadQueueConfig(path: string = process.env.HEGUI_QUEUE_CONFIG || findConfig()): QueueConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const r = queueConfigSchema.safeParse(raw);
  if (!r.success) throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const cfg = r.data;
  const lock = envInt("HEGUI_LOCK_MS");
  const stalled = envInt("HEGUI_STALLED_MS");
  if (lock) cfg.lockDurationMs = lock;
  if (stalled) cfg.stalledIntervalMs = stalled;
  return cfg;
}
