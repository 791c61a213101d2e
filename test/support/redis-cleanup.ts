/**
 * Setup file (vitest `setupFiles`): after each test file, delete the keys of
 * every prefix that file took from testPrefix(), on the run's shared Redis.
 * Only those exact prefixes: other test runs may share the server. Tests that
 * start a private redis-server lose its keys when it stops; nothing is found here.
 */
import { Redis } from "ioredis";
import { afterAll, inject } from "vitest";
import { createdPrefixes } from "./prefix.js";

/** Delete every key starting with one of `prefixes`; the number deleted. */
export async function deleteKeysUnder(redis: Redis, prefixes: Iterable<string>): Promise<number> {
  let n = 0;
  for (const prefix of prefixes) {
    if (!/^hegui-test-[A-Za-z0-9-]+$/.test(prefix)) throw new Error(`refusing to delete keys under ${JSON.stringify(prefix)}: not a test prefix`);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) n += await redis.unlink(...keys);
    } while (cursor !== "0");
  }
  return n;
}

afterAll(async () => {
  if (!createdPrefixes.size) return;
  const redis = new Redis(inject("redisUrl"), { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await deleteKeysUnder(redis, createdPrefixes);
    createdPrefixes.clear();
  } catch (e) {
    // The shared Redis is gone (a fault test stopped it?): nothing left to delete there.
    process.stderr.write(`redis-cleanup: keys of ${[...createdPrefixes].join(", ")} not deleted: ${(e as Error).message}\n`);
  } finally {
    redis.disconnect();
  }
});
