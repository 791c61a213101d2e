/**
 * Queue depths for the API's /metrics (src/api/queue-depth.ts): a provider
 * that reads every pipeline queue's job counts (rescan included) in every
 * state, with the public Queue.getJobCounts(). `hegui serve` registers it
 * with `setQueueDepthProvider(queueDepthProvider(redis, prefix))` and closes
 * it (its Queue objects) on shutdown. For a prom-client registry see
 * registerQueueGauges (src/queue/metrics.ts).
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueDepth } from "../api/queue-depth.js";
import { JOB_STATES } from "./metrics.js";
import { ALL_QUEUES } from "./names.js";

export interface QueueDepthReader {
  (): Promise<QueueDepth[]>;
  /** Close its Queue objects (not the connection). */
  close(): Promise<void>;
}

export function queueDepthProvider(redis: Redis, prefix: string, names: readonly string[] = ALL_QUEUES): QueueDepthReader {
  const queues = names.map((n) => {
    const q = new Queue(n, { connection: redis, prefix });
    q.on("error", () => {});
    return q;
  });
  const read = async () => {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts(...JOB_STATES)));
    const out: QueueDepth[] = [];
    queues.forEach((q, i) => {
      for (const state of JOB_STATES) out.push({ queue: q.name, state, depth: counts[i][state] ?? 0 });
    });
    return out;
  };
  return Object.assign(read, {
    async close() {
      await Promise.all(queues.map((q) => q.close().catch(() => {})));
    },
  });
}
