/** Job options for every job the pipeline adds: retries with exponential backoff, bounded history. */
import type { JobsOptions } from "bullmq";
import type { QueueConfig } from "./config.js";

export function jobOptions(cfg: QueueConfig): JobsOptions {
  return {
    attempts: cfg.attempts,
    backoff: { type: "exponential", delay: cfg.backoffMs },
    removeOnComplete: cfg.keepCompleted,
    removeOnFail: cfg.keepFailed,
  };
}
