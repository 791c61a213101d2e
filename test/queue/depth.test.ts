/** Queue depths for /metrics. */
import { Queue } from "bullmq";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { queueDepthProvider } from "../../src/queue/depth.js";
import { testPrefix } from "../support/prefix.js";
import { redisFor } from "./helpers.js";

describe("queueDepthProvider", () => {
  const prefix = testPrefix("depth");
  const redis = redisFor(inject("redisUrl"));
  afterAll(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  it("reports waiting jobs per pipeline queue", async () => {
    const q = new Queue("scripts", { connection: redis, prefix });
    await q.addBulk([1, 2, 3].map((i) => ({ name: "item", data: { item: { id: `d${i}`, channel: "script", text: "x" } } })));
    await q.close();
    const depths = await queueDepthProvider(redis, prefix)();
    expect(depths).toContainEqual({ queue: "scripts", state: "waiting", depth: 3 });
    expect(depths).toContainEqual({ queue: "captions", state: "waiting", depth: 0 });
    expect(new Set(depths.map((d) => d.queue))).toEqual(new Set(["captions", "scripts", "listings", "scoring"]));
  });
});
