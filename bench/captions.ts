/**
 * Caption latency through the queue pipeline: enqueue → verdict in the
 * stream, at a fixed rate, with N worker processes (`hegui workers`) and
 * cross-fragment room state on (fragments spread over several rooms, each
 * in seq order, some terms split across fragments).
 *
 *     node dist/bench/captions.js [--rate 1000] [--seconds 30] [--workers 2] [--rooms 20] [--cpu-prof DIR]
 *
 * Latency of an item = the time in its verdict's stream id (Redis's clock
 * when the scoring worker XADDed it) minus the time just before its
 * `Queue.add` (the same machine's clock). A warm-up of 2 s at the same rate
 * (its own rooms) runs first and is not counted. Uses its own prefix and
 * deletes its keys afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { dropPrefix } from "../src/queue/admin.js";

export interface CaptionLatencyOptions {
  ratePerSec: number;
  seconds: number;
  workers: number;
  redisUrl: string;
  /** Rooms the fragments are spread over (default 20). */
  rooms?: number;
  /** Write worker CPU profiles here (node --cpu-prof). */
  cpuProfDir?: string;
  /** Per-queue concurrency of each worker process (default: config/queues.json). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface CaptionLatency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The rate actually sent. */
  ratePerSec: number;
  sent: number;
  received: number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HEGUI = `${ROOT}bin/hegui.js`;

/** Caption texts: the sample captions, plus terms split across two fragments. */
function texts(): string[] {
  const samples = readFileSync(`${ROOT}samples/captions.jsonl`, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text?: string }).text)
    .filter((t): t is string => typeof t === "string");
  const split = ["家人们这个月季苗 包", "成活的 放心拍", "有问题的宝宝加微", "信 私聊发你", "这款是全网最", "低价了 错过没有"];
  return [...samples, ...split];
}

function startWorker(env: NodeJS.ProcessEnv, args: string[], nodeArgs: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, HEGUI, "workers", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("hegui workers: ready")) {
        p.stderr!.off("data", onData);
        p.stderr!.resume();
        resolve(p);
      }
    };
    p.stderr!.on("data", onData);
    p.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${buf}`)));
  });
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

export async function captionLatency(opts: CaptionLatencyOptions): Promise<CaptionLatency> {
  const log = opts.log ?? (() => {});
  const prefix = `hegui-bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, REDIS_URL: opts.redisUrl, HEGUI_PREFIX: prefix };
  const nodeArgs = opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", opts.cpuProfDir] : [];
  const args = opts.concurrency ? ["--concurrency", String(opts.concurrency)] : [];
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => startWorker(env, args, nodeArgs)));
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const reader = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("captions", { connection: redis, prefix, defaultJobOptions: { removeOnComplete: { age: 60, count: 1000 }, attempts: 3 } });
  const pool = texts();
  const roomCount = opts.rooms ?? 20;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  let reading = true;

  const readerDone = (async () => {
    let last = "0";
    while (reading) {
      const res = (await reader.xread("COUNT", 1000, "BLOCK", 200, "STREAMS", `${prefix}:verdicts`, last)) as Array<[string, Array<[string, string[]]>]> | null;
      if (!res) continue;
      for (const [sid, fields] of res[0][1]) {
        last = sid;
        const id = fields[fields.indexOf("id") + 1];
        const t0 = sentAt.get(id);
        if (t0 === undefined) continue;
        sentAt.delete(id);
        received++;
        if (!id.startsWith("w")) latencies.push(Number(sid.split("-")[0]) - t0);
      }
    }
  })();

  /** Send at `rate` for `seconds`: item ids start with `tag`, rooms are `<tag>r<k>`. */
  const run = async (tag: string, seconds: number): Promise<number> => {
    const seqs = new Array<number>(roomCount).fill(0);
    const total = Math.round(opts.ratePerSec * seconds);
    const start = performance.now();
    const adds: Array<Promise<unknown>> = [];
    let n = 0;
    while (n < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * opts.ratePerSec) / 1000) + 1);
      for (; n < due; n++) {
        const k = n % roomCount;
        const seq = ++seqs[k];
        const id = `${tag}${n}`;
        const item = { id, channel: "caption", room: `${prefix}-${tag}r${k}`, seq, ts: Date.now(), text: pool[(n * 7 + k) % pool.length] };
        sentAt.set(id, Date.now());
        adds.push(queue.add("item", { item }));
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(adds);
    return total / ((performance.now() - start) / 1000);
  };

  const waitAll = async (timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (sentAt.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  };

  try {
    log(`warm-up: 2 s at ${opts.ratePerSec}/s`);
    await run("w", 2);
    await waitAll(20_000);
    received = 0;
    log(`measuring: ${opts.seconds} s at ${opts.ratePerSec}/s, ${opts.workers} workers, ${roomCount} rooms`);
    const rate = await run("m", opts.seconds);
    const sent = Math.round(opts.ratePerSec * opts.seconds);
    await waitAll(30_000);
    latencies.sort((a, b) => a - b);
    return {
      p50Ms: pct(latencies, 50),
      p95Ms: pct(latencies, 95),
      p99Ms: pct(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
      ratePerSec: Math.round(rate),
      sent,
      received,
    };
  } finally {
    reading = false;
    await readerDone.catch(() => {});
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null) return resolve();
            w.once("exit", () => resolve());
            w.kill("SIGTERM");
          }),
      ),
    );
    await queue.close();
    await dropPrefix(redis, prefix);
    redis.disconnect();
    reader.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      rate: { type: "string" },
      seconds: { type: "string" },
      workers: { type: "string" },
      rooms: { type: "string" },
      concurrency: { type: "string" },
      "cpu-prof": { type: "string" },
    },
  });
  const r = await captionLatency({
    ratePerSec: Number(values.rate ?? 1000),
    seconds: Number(values.seconds ?? 30),
    workers: Number(values.workers ?? 2),
    rooms: values.rooms ? Number(values.rooms) : undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    cpuProfDir: values["cpu-prof"],
    redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    log: (l) => process.stderr.write(l + "\n"),
  });
  process.stdout.write(JSON.stringify(r) + "\n");
}
