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

  it("reports every pipeline queue (rescan included) in every job state, and closes its Queue objects", async () => {
    const q = new Queue("scripts", { connection: redis, prefix });
    await q.addBulk([1, 2, 3].map((i) => ({ name: "item", data: { item: { id: `d${i}`, channel: "script", text: "x" } } })));
    await q.close();
    const provider = queueDepthProvider(redis, prefix);
    const depths = await provider();
    await provider.close();
    expect(depths).toContainEqual({ queue: "scripts", state: "waiting", depth: 3 });
    expect(depths).toContainEqual({ queue: "captions", state: "waiting", depth: 0 });
    expect(new Set(depths.map((d) => d.queue))).toEqual(new Set(["captions", "scripts", "listings", "scoring", "rescan"]));
    expect(new Set(depths.map((d) => d.state))).toEqual(new Set(["active", "completed", "delayed", "failed", "prioritized", "waiting", "waiting-children"]));
    expect(depths).toHaveLength(5 * 7);
    // The shared connection is still usable after close (only the Queue objects were closed).
    expect(await redis.ping()).toBe("PONG");
  });
});
