/**
 * Tracing for a command: on with its `--otel` flag (workers, serve) or HEGUI_OTEL=1 (any queue
 * command); then a tracer provider is started (src/queue/telemetry.ts startTracing) and the
 * command's queues and workers get bullmq-otel. Off: nothing of OpenTelemetry is loaded.
 */
import { otelFromEnv, startTracing, type Tracing } from "../queue/telemetry.js";
import { UsageError } from "./io.js";

/** `--otel` given, else HEGUI_OTEL (a bad value is a usage error). */
export function otelWanted(flag?: boolean): boolean {
  if (flag) return true;
  try {
    return otelFromEnv();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The command's tracer provider when `on` (its shutdown flushes the spans), else undefined. */
export async function commandTracing(on: boolean, service: string, log: (line: string) => void): Promise<Tracing | undefined> {
  return on ? startTracing({ service, log }) : undefined;
}
