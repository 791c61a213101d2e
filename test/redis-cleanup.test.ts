/** Tests leave no keys behind: deleteKeysUnder removes exactly a test prefix's keys. */
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createdPrefixes, testPrefix } from "./support/prefix.js";
import { deleteKeysUnder } from "./support/redis-cleanup.js";

const redis = new Redis(inject("redisUrl"));
afterAll(async () => {
  await redis.quit();
});

describe("test key cleanup", () => {
  it("testPrefix remembers its prefixes; deleteKeysUnder removes their keys and no other", async () => {
    const mine = testPrefix("cleanup");
    const other = testPrefix("cleanupother");
    expect(createdPrefixes.has(mine)).toBe(true);
    const pipe = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipe.set(`${mine}:k${i}`, "1");
    pipe.xadd(`${mine}:verdicts`, "*", "a", "1");
    pipe.set(`${other}:keep`, "1");
    await pipe.exec();
    expect(await deleteKeysUnder(redis, [mine])).toBe(2501);
    expect((await redis.scan("0", "MATCH", `${mine}*`, "COUNT", 10_000))[1]).toEqual([]);
    expect(await redis.get(`${other}:keep`)).toBe("1");
    // `other` stays in createdPrefixes: the setup file's afterAll deletes it after this file.
  });

  it("refuses a prefix that is not a test prefix", async () => {
    await expect(deleteKeysUnder(redis, ["hegui"])).rejects.toThrow(/not a test prefix/);
    await expect(deleteKeysUnder(redis, ["hegui-test-*"])).rejects.toThrow(/not a test prefix/);
  });
});
