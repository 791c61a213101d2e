/**
 * Queue commands (docs/queues.md):
 *   hegui workers [--queues a,b] [--concurrency N] [--lexicons DIR] [--metrics-port N] [--metrics-host H] [--otel]
 *                                                                     run workers until SIGTERM/SIGINT
 *   hegui submit [FILE...] [--wait] [--chunk N] [--timeout S]         enqueue items; with --wait print their verdicts
 *   hegui verdicts [--follow] [--from ID] [--ids] [--format jsonl|pretty]   read the verdict stream
 * REDIS_URL (default redis://127.0.0.1:6379) and HEGUI_PREFIX (default hegui) as everywhere;
 * HEGUI_OTEL=1 (or workers' --otel) traces the queue operations (src/cli/otel.ts).
 */
import { parseArgs } from "node:util";
import { producerConnection, redisUrl } from "../io/redis.js";
import { ALL_QUEUES, defaultPrefix, Keys, SCORING_QUEUE, INGEST_QUEUES } from "../queue/names.js";
import { submit } from "../queue/submit.js";
import { followStream, readStream } from "../queue/verdict-stream.js";
import { batchedSink, createLogger } from "../queue/logger.js";
import { startWorkers } from "../queue/workers.js";
import type { Verdict } from "../types.js";
import { checkInputFiles, EXIT, UsageError } from "./io.js";
import { formatPretty, Totals } from "./pretty.js";
import { registerCommand } from "./main.js";
import { flags, positiveInt } from "./flags.js";
import { commandTracing, otelWanted } from "./otel.js";

const DEFAULT_QUEUES = [...INGEST_QUEUES, SCORING_QUEUE];

function portOf(v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--metrics-port must be an integer 0..65535, not ${v}`);
  return n;
}

/** Resolves on the first SIGTERM or SIGINT. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off("SIGTERM", term);
      process.off("SIGINT", int);
      resolve(sig);
    };
    const term = on("SIGTERM");
    const int = on("SIGINT");
    process.on("SIGTERM", term);
    process.on("SIGINT", int);
  });
}

registerCommand("workers", async (args, io) => {
  const { values } = parseArgs({
    args,
    options: flags({ string: ["queues", "concurrency", "lexicons", "metrics-port", "metrics-host"], boolean: ["otel"] }),
  });
  const otel = otelWanted(values.otel);
  const queues = values.queues ? values.queues.split(",").map((q) => q.trim()).filter(Boolean) : DEFAULT_QUEUES;
  const unknown = queues.filter((q) => !(ALL_QUEUES as readonly string[]).includes(q));
  if (unknown.length) throw new UsageError(`--queues: unknown queue ${unknown.join(", ")} (known: ${ALL_QUEUES.join(", ")})`);
  const concurrency = positiveInt(values.concurrency, "--concurrency");
  const metricsPort = portOf(values["metrics-port"] ?? process.env.HEGUI_METRICS_PORT);
  const metricsHost = values["metrics-host"] ?? process.env.HEGUI_METRICS_HOST;
  let logger;
  try {
    // One write per batch of lines, not per job (src/queue/logger.ts, batchedSink).
    logger = createLogger({ name: "hegui-workers", sink: batchedSink(io.err) });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const signal = untilSignal();
  const stop = new AbortController();
  void signal.then(() => stop.abort());
  const tracing = await commandTracing(otel, "hegui-workers", (l) => logger.info(l));
  let running;
  try {
    running = await startWorkers({ queues, concurrency, lexiconDir: values.lexicons, logger, metricsPort, metricsHost, signal: stop.signal, otel });
  } catch (e) {
    await tracing?.shutdown();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") throw new UsageError((e as Error).message);
    if (!stop.signal.aborted) throw e;
    logger.info(`hegui workers: ${await signal} before Redis answered; stopped`);
    return EXIT.CLEAN;
  }
  const lexiconVersion = running.engine.lexiconVersion;
  logger.info(
    { queues, prefix: running.prefix, lexiconVersion, metrics: running.health ? `${running.health.url}/metrics` : undefined },
    `hegui workers: ready pid ${process.pid}; queues ${queues.join(",")}; prefix ${running.prefix}; lexicon ${lexiconVersion}` +
      (running.health ? `; metrics ${running.health.url}/metrics` : ""),
  );
  const sig = await signal;
  logger.info(`hegui workers: ${sig}, finishing in-flight jobs`);
  await running.close();
  await tracing?.shutdown();
  logger.info("hegui workers: stopped");
  return EXIT.CLEAN;
});

registerCommand("submit", async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { wait: { type: "boolean" }, chunk: { type: "string" }, timeout: { type: "string" } },
  });
  checkInputFiles(positionals);
  const chunk = positiveInt(values.chunk, "--chunk");
  const timeoutSec = positiveInt(values.timeout, "--timeout");
  const otel = otelWanted();
  const tracing = await commandTracing(otel, "hegui-submit", io.err);
  let s;
  try {
    s = await submit({ files: positionals, wait: !!values.wait, chunk, timeoutSec, otel, out: io.out, err: io.err });
  } finally {
    await tracing?.shutdown();
  }
  if (s.bad || s.failed) return EXIT.BAD_INPUT;
  return s.flagged ? EXIT.VIOLATIONS : EXIT.CLEAN;
});

registerCommand("verdicts", async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { follow: { type: "boolean" }, from: { type: "string" }, ids: { type: "boolean" }, format: { type: "string" } },
  });
  const format = values.format ?? "jsonl";
  if (format !== "jsonl" && format !== "pretty") throw new UsageError(`--format must be jsonl or pretty, not ${format}`);
  const color = io.color ?? false;
  const totals = new Totals();
  const redis = await producerConnection(redisUrl());
  const key = new Keys(defaultPrefix()).verdicts;
  const print = (e: { streamId: string; type: string; id: string; data: string }) => {
    if (format === "jsonl") return io.out(values.ids ? `{"stream":"${e.streamId}",${e.data.slice(1)}` : e.data);
    let v: Verdict;
    try {
      v = JSON.parse(e.data) as Verdict;
    } catch {
      totals.errors++;
      return io.out(`── ${e.id || `stream ${e.streamId}`}: ERROR not JSON`);
    }
    if (e.type === "error" || typeof v.decision !== "string") {
      totals.errors++;
      return io.out(`── ${e.id || v.id || `stream ${e.streamId}`}: ERROR ${(v as { error?: string }).error ?? "not a verdict"}`);
    }
    totals.add(v);
    io.out((values.ids ? `stream ${e.streamId}\n` : "") + formatPretty(undefined, v, color));
  };
  try {
    let last = values.from ?? "-";
    for await (const e of readStream(redis, key, last)) {
      print(e);
      last = e.streamId;
    }
    if (values.follow) {
      let stop = false;
      void untilSignal().then(() => (stop = true));
      for await (const e of followStream(redis, key, last === "-" ? "0" : last, () => stop)) print(e);
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  if (format === "pretty") io.out(totals.format(color));
  return EXIT.CLEAN;
});
