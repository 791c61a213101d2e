/** Housekeeping over a whole prefix (tests, benchmarks): count and delete its keys. */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** Delete every key under `<prefix>:` (SCAN + UNLINK in batches). Returns how many. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== "0");
  return n;
}

/** Jobs not yet finished in the given queues (waiting, active, delayed, prioritized, waiting-children). */
export async function unfinished(redis: Redis, prefix: string, queues: readonly string[]): Promise<number> {
  let n = 0;
  for (const name of queues) {
    const q = new Queue(name, { connection: redis, prefix });
    const c = await q.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
    await q.close();
    n += Object.values(c).reduce((a, b) => a + b, 0);
  }
  return n;
}
