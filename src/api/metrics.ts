/** The API's metrics: request latency, reviews and violations, queue depths when workers are configured. */
import { CATEGORIES, type Verdict } from "../types.js";
import { getQueueDepthProvider, type QueueDepthProvider } from "./queue-depth.js";
import { Histogram, Series } from "./prometheus.js";

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUEUE_DEPTH_TIMEOUT_MS = 2000;

export class ApiMetrics {
  readonly latency = new Histogram("hegui_http_request_duration_seconds", "HTTP request latency by route, method and status.", LATENCY_BUCKETS);
  readonly violations = new Series("hegui_violations_total", "Violations reported by the API, by category.", "counter");
  readonly reviews = new Series("hegui_reviews_total", "Items reviewed by the API, by channel and decision.", "counter");
  readonly itemErrors = new Series("hegui_review_item_errors_total", "Batch items refused as invalid.", "counter");
  private readonly queue = new Series("hegui_queue_depth", "Jobs in the work queues, by queue and state.", "gauge");
  private readonly lexicon = new Series("hegui_lexicon_info", "The active lexicon version (value is always 1).", "gauge");

  constructor(private queueDepth?: QueueDepthProvider) {
    for (const c of CATEGORIES) this.violations.inc({ category: c }, 0);
  }

  /** This server's own provider, used before the process-wide one. */
  setQueueDepthProvider(fn: QueueDepthProvider | undefined): void {
    this.queueDepth = fn;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.latency.observe({ method, route, status: String(status) }, seconds);
  }

  observeVerdict(v: Verdict): void {
    this.reviews.inc({ channel: v.channel ?? "unknown", decision: v.decision });
    for (const x of v.violations) this.violations.inc({ category: x.category });
  }

  async render(lexiconVersion: string): Promise<string> {
    this.lexicon.reset();
    this.lexicon.set({ version: lexiconVersion }, 1);
    const lines = [...this.latency.render(), ...this.reviews.render(), ...this.violations.render(), ...this.itemErrors.render(), ...this.lexicon.render()];
    lines.push(...(await this.renderQueue()));
    return lines.join("\n") + "\n";
  }

  private async renderQueue(): Promise<string[]> {
    const provider = this.queueDepth ?? getQueueDepthProvider();
    if (!provider) return [];
    this.queue.reset();
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${QUEUE_DEPTH_TIMEOUT_MS} ms`)), QUEUE_DEPTH_TIMEOUT_MS);
      });
      const depths = await Promise.race([Promise.resolve().then(provider), timeout]).finally(() => clearTimeout(timer));
      for (const d of depths) this.queue.set({ queue: d.queue, state: d.state }, d.depth);
      return this.queue.render();
    } catch (e) {
      return [`# queue depths unavailable: ${String((e as Error).message ?? e).replace(/\n/g, " ")}`];
    }
  }
}
