/**
 * Queue depths for /metrics. The queue module registers a provider when
 * workers are configured; without one, /metrics has no queue gauges.
 */
export interface QueueDepth {
  queue: string;
  /** e.g. waiting, active, delayed, failed. */
  state: string;
  depth: number;
}

export type QueueDepthProvider = () => QueueDepth[] | Promise<QueueDepth[]>;

let provider: QueueDepthProvider | undefined;

/** Register (or, with undefined, remove) the process-wide queue depth provider. */
export function setQueueDepthProvider(fn: QueueDepthProvider | undefined): void {
  provider = fn;
}

export function getQueueDepthProvider(): QueueDepthProvider | undefined {
  return provider;
}
