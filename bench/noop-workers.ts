/**
 * The queue topology of `hegui workers` with no-op processors: one BullMQ
 * Worker per queue (captions, scripts, listings, scoring) at the configured
 * concurrency, on one connection, each job's payload decoded (ingestItem) and
 * a small verdict written through the same VerdictSink (the Lua write to the
 * verdict stream) — no engine, no room state. The captions bench measures the
 * transport's own capacity with it.
 *
 *     REDIS_URL=… HEGUI_PREFIX=… node dist/bench/noop-workers.js
 *
 * Prints "hegui workers: ready" on stderr once it takes jobs; stops on SIGTERM.
 */
import { Worker } from "bullmq";
import { redisUrl, workerConnection } from "../src/io/redis.js";
import { loadQueueConfig } from "../src/queue/config.js";
import { ingestItem } from "../src/queue/job-data.js";
import { defaultPrefix, INGEST_QUEUES, Keys, SCORING_QUEUE } from "../src/queue/names.js";
import { VerdictSink } from "../src/queue/verdict-sink.js";
import type { Verdict } from "../src/types.js";

const config = loadQueueConfig();
const prefix = defaultPrefix();
const connection = workerConnection(redisUrl());
const sink = new VerdictSink(connection, new Keys(prefix), config);
const workers: Worker[] = [];
for (const queue of [...INGEST_QUEUES, SCORING_QUEUE]) {
  const w = new Worker(
    queue,
    async (job) => {
      const { item, reply } = ingestItem(job.data);
      await sink.write(VerdictSink.verdictIdentity(item, "noop"), { type: "verdict", data: { id: item.id, decision: "pass", violations: [] } as unknown as Verdict }, reply);
    },
    { connection, prefix, concurrency: config.concurrency[queue] ?? 1, lockDuration: config.lockDurationMs, stalledInterval: config.stalledIntervalMs },
  );
  w.on("error", (e) => process.stderr.write(`noop workers: ${queue}: ${e.message}\n`));
  workers.push(w);
}
await Promise.all(workers.map((w) => w.waitUntilReady()));
process.stderr.write(`hegui workers: ready pid ${process.pid} (no-op processors)\n`);
const stop = () => {
  void Promise.all(workers.map((w) => w.close()))
    .then(() => connection.quit())
    .finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
