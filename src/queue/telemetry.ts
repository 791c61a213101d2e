/**
 * OpenTelemetry tracing of the queue pipeline through bullmq-otel, off unless asked for
 * (`HEGUI_OTEL=1`, or `--otel` on `hegui workers` / `hegui serve`; docs/queues.md "Tracing").
 *
 * `queueTelemetry(on)` is the one place that decides the `telemetry` option of every Queue and
 * Worker hegui makes (ingest and scoring queues, `hegui submit`, the rescan producer and worker,
 * the queues behind /metrics and the dashboard): a BullMQOtel with tracer "hegui" when on,
 * nothing otherwise, so BullMQ creates no span at all. BullMQ then names its spans
 * `<operation> <queue>` (`addBulk captions`, `add scoring.score`, `process captions`) with
 * `bullmq.*` attributes, and carries the producer's trace context in the job so the worker's
 * `process` span continues the producer's trace.
 *
 * The spans go to the global tracer provider of @opentelemetry/api. A program that embeds hegui
 * registers its own; `startTracing()` (what the CLI runs when tracing is on) registers one only
 * when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector:
 * OTLP over HTTP, batched, service name OTEL_SERVICE_NAME else the command's. The SDK packages
 * are loaded only then.
 */
import type { Telemetry } from "bullmq";
import { BullMQOtel } from "bullmq-otel";

export const TRACER_NAME = "hegui";

/** HEGUI_OTEL: 1/true on, 0/false/empty/unset off; anything else is a configuration error. */
export function otelFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = (env.HEGUI_OTEL ?? "").trim().toLowerCase();
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new Error(`HEGUI_OTEL must be 1 or 0, not ${env.HEGUI_OTEL}`);
}

let shared: BullMQOtel | undefined;

/**
 * The `telemetry` option for a Queue or Worker: `{ telemetry }` when `on` (default: HEGUI_OTEL),
 * else `{}`. Spread it into the options: `new Queue(name, { connection, ...queueTelemetry(on) })`.
 */
export function queueTelemetry(on: boolean = otelFromEnv()): { telemetry?: Telemetry } {
  if (!on) return {};
  shared ??= new BullMQOtel({ tracerName: TRACER_NAME });
  return { telemetry: shared as unknown as Telemetry };
}

export interface Tracing {
  /** Where spans go: "otlp" (a provider this call registered), or "global" (whatever provider the process has; none: dropped). */
  exporter: "otlp" | "global";
  /** Flush and stop the provider this call registered (a no-op for "global"). */
  shutdown(): Promise<void>;
}

/**
 * A tracer provider for a hegui process (the CLI calls this when tracing is on): with
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, an OTLP/HTTP exporter
 * behind a batch processor, the W3C trace-context propagator and an AsyncLocalStorage context
 * manager, registered globally; without, nothing is registered and `log` says so. A provider
 * registered before (by an embedding program) is kept.
 */
export async function startTracing(opts: { service: string; log(line: string): void; env?: NodeJS.ProcessEnv }): Promise<Tracing> {
  const env = opts.env ?? process.env;
  const api = await import("@opentelemetry/api");
  const global: Tracing = { exporter: "global", shutdown: async () => {} };
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) {
    opts.log(`${opts.service}: tracing on; no OTEL_EXPORTER_OTLP_ENDPOINT, so spans go to the process's tracer provider (none registered: dropped)`);
    return global;
  }
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { W3CTraceContextPropagator }, { AsyncLocalStorageContextManager }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-base"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/core"),
      import("@opentelemetry/context-async-hooks"),
    ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME || opts.service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  if (!api.trace.setGlobalTracerProvider(provider)) {
    opts.log(`${opts.service}: tracing on; a tracer provider was already registered, spans go to it`);
    await provider.shutdown();
    return global;
  }
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  opts.log(`${opts.service}: tracing on; spans to ${endpoint} (OTLP/HTTP)`);
  let done: Promise<void> | undefined;
  return {
    exporter: "otlp",
    shutdown() {
      done ??= provider.shutdown().catch((e: Error) => opts.log(`${opts.service}: tracing: ${e.message}`));
      return done;
    },
  };
}
