/**
 * The API's metrics (prom-client): the default process metrics (`process_*`,
 * `nodejs_*`: CPU, memory, heap, event-loop lag, GC), request latency, reviews
 * and violations, admission (in flight, shed), and queue depths when a provider
 * is registered. One registry per server, so several servers in one process
 * (tests) do not share counts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { CATEGORIES, type Verdict } from "../types.js";
import { getQueueDepthProvider, type QueueDepthProvider } from "./queue-depth.js";

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUEUE_DEPTH_TIMEOUT_MS = 2000;
/** Prometheus text format 0.0.4. */
export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * prom-client writes a bucket's `le` first; the Prometheus convention (and this API's
 * exposition since its first version) puts it last: `..._bucket{method="POST",…,le="0.5"}`.
 * Label order carries no meaning to a scraper; this keeps the lines as they were.
 */
export function leLast(text: string): string {
  return text.replace(/^(\w+_bucket)\{le="([^"]*)",(.*)\}( \S+)$/gm, '$1{$3,le="$2"}$4');
}

export class ApiMetrics {
  readonly registry = new Registry();
  /** Queue gauges live in their own registry: rendered only when a provider answers. */
  private readonly queueRegistry = new Registry();
  readonly latency: Histogram<"method" | "route" | "status">;
  readonly reviews: Counter<"channel" | "decision">;
  readonly violations: Counter<"category">;
  readonly itemErrors: Counter;
  readonly shed: Counter<"route">;
  readonly inFlight: Gauge;
  readonly reviewThreads: Gauge;
  /** Published lexicons switched to or refused (a server that follows one: `followLexicon`). */
  readonly lexiconReloads: Counter<"result">;
  private readonly queue: Gauge<"queue" | "state">;
  private readonly lexicon: Gauge<"version">;
  private lexiconVersion = "";

  constructor(private queueDepth?: QueueDepthProvider) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.latency = new Histogram({
      name: "hegui_http_request_duration_seconds",
      help: "HTTP request latency by route, method and status.",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.reviews = new Counter({ name: "hegui_reviews_total", help: "Items reviewed by the API, by channel and decision.", labelNames: ["channel", "decision"], registers });
    this.violations = new Counter({ name: "hegui_violations_total", help: "Violations reported by the API, by category.", labelNames: ["category"], registers });
    for (const c of CATEGORIES) this.violations.inc({ category: c }, 0);
    this.itemErrors = new Counter({ name: "hegui_review_item_errors_total", help: "Batch items refused as invalid or over the deadline.", registers });
    this.shed = new Counter({ name: "hegui_requests_shed_total", help: "Review requests answered 503 (Retry-After) because the work in flight was at its cap.", labelNames: ["route"], registers });
    this.inFlight = new Gauge({ name: "hegui_reviews_in_flight", help: "Items admitted and not yet answered (queued on or running in review threads).", registers });
    this.reviewThreads = new Gauge({ name: "hegui_review_threads", help: "Review threads (0: items are judged on the event loop).", registers });
    this.lexiconReloads = new Counter({ name: "hegui_lexicon_reloads_total", help: "Published lexicons switched to or refused.", labelNames: ["result"], registers });
    for (const result of ["switched", "refused"]) this.lexiconReloads.inc({ result }, 0);
    const self = this;
    this.lexicon = new Gauge({
      name: "hegui_lexicon_info",
      help: "The active lexicon version (value is always 1).",
      labelNames: ["version"],
      registers,
      collect() {
        this.reset();
        if (self.lexiconVersion) this.set({ version: self.lexiconVersion }, 1);
      },
    });
    this.queue = new Gauge({ name: "hegui_queue_depth", help: "Jobs in the work queues, by queue and state.", labelNames: ["queue", "state"], registers: [this.queueRegistry] });
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

  get contentType(): string {
    return CONTENT_TYPE;
  }

  async render(lexiconVersion: string): Promise<string> {
    this.lexiconVersion = lexiconVersion;
    const text = leLast(await this.registry.metrics());
    return text + (await this.renderQueue());
  }

  private async renderQueue(): Promise<string> {
    const provider = this.queueDepth ?? getQueueDepthProvider();
    if (!provider) return "";
    this.queue.reset();
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${QUEUE_DEPTH_TIMEOUT_MS} ms`)), QUEUE_DEPTH_TIMEOUT_MS);
      });
      const depths = await Promise.race([Promise.resolve().then(provider), timeout]).finally(() => clearTimeout(timer));
      for (const d of depths) this.queue.set({ queue: d.queue, state: d.state }, d.depth);
      return await this.queueRegistry.metrics();
    } catch (e) {
      return `# queue depths unavailable: ${String((e as Error).message ?? e).replace(/\n/g, " ")}\n`;
    }
  }
}
