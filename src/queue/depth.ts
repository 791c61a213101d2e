/**
 * Queue depths for the API's /metrics (src/api/queue-depth.ts): a provider
 * that reads the pipeline queues' job counts. `hegui serve` can register it
 * with `setQueueDepthProvider(queueDepthProvider(redis, prefix))`.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueDepth } from "../api/queue-depth.js";
import { INGEST_QUEUES, SCORING_QUEUE } from "./names.js";

const STATES = ["waiting", "active", "delayed", "failed"] as const;

export function queueDepthProvider(redis: Redis, prefix: string, names: readonly string[] = [...INGEST_QUEUES, SCORING_QUEUE]): () => Promise<QueueDepth[]> {
  const queues = names.map((n) => new Queue(n, { connection: redis, prefix }));
  return async () => {
    const out: QueueDepth[] = [];
    for (const q of queues) {
      const c = await q.getJobCounts(...STATES);
      for (const state of STATES) out.push({ queue: q.name, state, depth: c[state] ?? 0 });
    }
    return out;
  };
}
