/**
 * A stand-alone rescan worker process:
 *
 *     node dist/src/rescan/worker-main.js [--concurrency N] [--lexicons DIR]
 *
 * REDIS_URL and HEGUI_PREFIX as everywhere; the job lock and stall check
 * of config/queues.json (HEGUI_QUEUE_CONFIG), which HEGUI_LOCK_MS and
 * HEGUI_STALLED_MS shorten (tests, benchmarks). Prints
 * "ready <pid> <lexicon version>" on stderr once it takes jobs, and stops
 * cleanly on SIGTERM/SIGINT (the running chunk finishes first). HEGUI_OTEL=1 traces its jobs
 * (src/queue/telemetry.ts).
 * (`hegui workers --queues rescan` runs the same processor.)
 */
import { parseArgs } from "node:util";
import { loadQueueConfig, type QueueConfig } from "../queue/config.js";
import { otelFromEnv, startTracing, type Tracing } from "../queue/telemetry.js";
import { startRescanWorker } from "./worker.js";

const { values } = parseArgs({ options: { concurrency: { type: "string" }, lexicons: { type: "string" } } });
const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`rescan worker: ${name} must be a positive integer, not ${v}\n`);
    process.exit(2);
  }
  return n;
};

const concurrency = num(values.concurrency, "--concurrency");
let config: QueueConfig;
let otel: boolean;
try {
  config = loadQueueConfig();
  otel = otelFromEnv();
} catch (e) {
  process.stderr.write(`rescan worker: ${(e as Error).message}\n`);
  process.exit(2);
}
const tracing: Tracing | undefined = otel ? await startTracing({ service: "hegui-rescan-worker", log: (l) => process.stderr.write(`${l}\n`) }) : undefined;
const running = await startRescanWorker({ concurrency, lexiconDir: values.lexicons, config, otel });
process.stderr.write(`ready ${process.pid} ${running.engine.lexiconVersion}\n`);

let stopping = false;
const stop = (sig: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`rescan worker ${process.pid}: ${sig}, finishing the running chunk\n`);
  void running
    .close()
    .then(() => tracing?.shutdown())
    .then(() => process.exit(0));
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
