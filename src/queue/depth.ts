/**
 * Queue depths for the API's /metrics (src/api/queue-depth.ts): a provider
 * that reads every pipeline queue's job counts (rescan included) in every
 * state, with the public Queue.getJobCounts(). `hegui serve` registers it
 * with `setQueueDepthProvider(queueDepthProvider(redis, prefix))`, hands its
 * `queues` to the dashboard, and closes it (`provider.close()`, its Queue
 * objects) when it stops. For a prom-client registry see registerQueueGauges
 * (src/queue/metrics.ts).
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueueDepth } from "../api/queue-depth.js";
import { JOB_STATES } from "./metrics.js";
import { ALL_QUEUES } from "./names.js";
import { queueTelemetry } from "./telemetry.js";

export type ClosableDepthProvider = (() => Promise<QueueDepth[]>) & {
  /** The Queue objects it reads (e.g. for the dashboard). */
  queues: Queue[];
  /** Close the Queue objects (the shared connection stays open). */
  close(): Promise<void>;
};

/** `otel` (default HEGUI_OTEL): the dashboard's actions on these queues (retry, clean, pause …) become spans (src/queue/telemetry.ts). */
export function queueDepthProvider(redis: Redis, prefix: string, names: readonly string[] = ALL_QUEUES, otel?: boolean): ClosableDepthProvider {
  const queues = names.map((n) => {
    const q = new Queue(n, { connection: redis, prefix, ...queueTelemetry(otel) });
    q.on("error", () => {}); // the connection's owner reports Redis trouble
    return q;
  });
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
      await Promise.all(queues.map((q) => q.close().catch(() => {})));
    },
  });
}
