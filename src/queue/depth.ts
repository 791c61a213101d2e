/**
 * Queue depths for the API's /metrics (src/api/queue-depth.ts): a provider
 * that reads the pipeline queues' job counts in every state. `hegui serve`
 * registers it with `setQueueDepthProvider(queueDepthProvider(redis, prefix, ALL_QUEUES))`
 * and closes it (`provider.close()`) when it stops.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueDepth } from "../api/queue-depth.js";
import { INGEST_QUEUES, SCORING_QUEUE } from "./names.js";

/** Every state BullMQ counts. */
export const JOB_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"] as const;

export type ClosableDepthProvider = (() => Promise<QueueDepth[]>) & {
  /** The Queue objects it reads (e.g. for the dashboard). */
  queues: Queue[];
  /** Close the Queue objects (the shared connection stays open). */
  close(): Promise<void>;
};

export function queueDepthProvider(redis: Redis, prefix: string, names: readonly string[] = [...INGEST_QUEUES, SCORING_QUEUE]): ClosableDepthProvider {
  const queues = names.map((n) => new Queue(n, { connection: redis, prefix }));
  const provider = async () => {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts(...JOB_STATES)));
    const out: QueueDepth[] = [];
    queues.forEach((q, i) => {
      for (const state of JOB_STATES) out.push({ queue: q.name, state, depth: counts[i][state] ?? 0 });
    });
    return out;
  };
  return Object.assign(provider, {
    queues,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
    },
  });
}
