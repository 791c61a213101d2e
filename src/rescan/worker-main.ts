/**
 * A stand-alone rescan worker process:
 *
 *     node dist/src/rescan/worker-main.js [--concurrency N] [--lexicons DIR]
 *
 * REDIS_URL and HEGUI_PREFIX as everywhere; HEGUI_LOCK_MS and
 * HEGUI_STALLED_MS shorten the job lock (tests, benchmarks). Prints
 * "ready <pid> <lexicon version>" on stderr once it takes jobs, and stops
 * cleanly on SIGTERM/SIGINT (the running chunk finishes first).
 * (`hegui workers --queues rescan` runs the same processor.)
 */
import { parseArgs } from "node:util";
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

const running = await startRescanWorker({
  concurrency: num(values.concurrency, "--concurrency"),
  lexiconDir: values.lexicons,
  lockDuration: num(process.env.HEGUI_LOCK_MS, "HEGUI_LOCK_MS"),
  stalledInterval: num(process.env.HEGUI_STALLED_MS, "HEGUI_STALLED_MS"),
});
process.stderr.write(`ready ${process.pid} ${running.engine.lexiconVersion}\n`);

let stopping = false;
const stop = (sig: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`rescan worker ${process.pid}: ${sig}, finishing the running chunk\n`);
  void running.close().then(() => process.exit(0));
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
