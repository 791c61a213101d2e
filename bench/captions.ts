/**
 * Caption latency through the queue pipeline: enqueue → verdict in the
 * stream, at a fixed rate, with N worker processes (`hegui workers`) and
 * cross-fragment room state on (fragments spread over several rooms, each
 * in seq order, some terms split across fragments).
 *
 *     node dist/bench/captions.js [--rate 1000] [--seconds 30] [--workers 2] [--rooms 20] [--cpu-prof DIR]
 *     node dist/bench/captions.js --ramp [--step-seconds 10] [--warm-seconds 1] [--workers 2]
 *
 * `--ramp`: 250, 500, 1,000, 2,000, 4,000/s through the real workers, then 5 runs
 * at half the highest rate with p99 ≤ 20 ms, then the same ramp through the same
 * queues with no-op processors (bench/noop-workers.ts); JSON on stdout.
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

/** Spawns a worker process (`script` with `args`) and resolves once it says it is ready. */
function spawnReady(what: string, env: NodeJS.ProcessEnv, nodeArgs: string[], script: string, args: string[] = []): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, script, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
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
    p.once("exit", (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${buf}`)));
  });
}

function startWorker(env: NodeJS.ProcessEnv, args: string[], nodeArgs: string[]): Promise<ChildProcess> {
  return spawnReady("worker", env, nodeArgs, HEGUI, ["workers", ...args]);
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Node flags of every worker process, real and no-op alike (HEGUI_BENCH_WORKER_NODE_ARGS, space-separated, replaces them). */
export const WORKER_NODE_ARGS = (process.env.HEGUI_BENCH_WORKER_NODE_ARGS ?? "--max-semi-space-size=64").split(" ").filter(Boolean);

const NOOP = fileURLToPath(new URL("./noop-workers.js", import.meta.url));

function startNoop(env: NodeJS.ProcessEnv, nodeArgs: string[]): Promise<ChildProcess> {
  return spawnReady("no-op worker", env, nodeArgs, NOOP);
}

export interface Topology {
  /** Send at `ratePerSec` for `seconds` (after `warmSeconds` not counted), then wait for the verdicts. */
  measure(ratePerSec: number, seconds: number, warmSeconds: number): Promise<CaptionLatency>;
  close(): Promise<void>;
  /** The worker processes' ids (for CPU accounting). */
  pids: number[];
}

/**
 * Worker processes (the real `hegui workers`, or the same queues with no-op
 * processors) on a prefix of their own, a producer and a stream reader. Items
 * not back within the wait count as infinitely late in the percentiles.
 */
export async function startTopology(opts: Omit<CaptionLatencyOptions, "ratePerSec" | "seconds"> & { noop?: boolean }): Promise<Topology> {
  const prefix = `hegui-bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, REDIS_URL: opts.redisUrl, HEGUI_PREFIX: prefix };
  // Workers run as deployed (compose.yaml): a larger young generation, so the engine's short-lived garbage
  // (some 100–250 KB per caption) dies in fewer scavenges instead of being promoted into full GCs.
  const nodeArgs = [...WORKER_NODE_ARGS, ...(opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", opts.cpuProfDir] : [])];
  const args = opts.concurrency ? ["--concurrency", String(opts.concurrency)] : [];
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => (opts.noop ? startNoop(env, nodeArgs) : startWorker(env, args, nodeArgs))));
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const reader = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("captions", { connection: redis, prefix, defaultJobOptions: { removeOnComplete: { age: 60, count: 1000 }, attempts: 3 } });
  const pool = texts();
  const roomCount = opts.rooms ?? 20;
  const sentAt = new Map<string, number>();
  let latencies: number[] = [];
  let counting = "";
  let reading = true;
  let step = 0;

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
        if (counting && id.startsWith(counting)) latencies.push(Number(sid.split("-")[0]) - t0);
      }
    }
  })();

  /** Send at `rate` for `seconds`: item ids start with `tag`, rooms are `<tag>r<k>`. */
  const run = async (tag: string, rate: number, seconds: number): Promise<number> => {
    const seqs = new Array<number>(roomCount).fill(0);
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const adds: Array<Promise<unknown>> = [];
    let n = 0;
    while (n < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
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

  return {
    pids: workers.map((w) => w.pid!),
    async measure(rate, seconds, warmSeconds) {
      const s = step++;
      if (warmSeconds > 0) {
        await run(`w${s}_`, rate, warmSeconds);
        await waitAll(10_000);
      }
      latencies = [];
      counting = `m${s}_`;
      const sentRate = await run(counting, rate, seconds);
      const sent = Math.round(rate * seconds);
      await waitAll(Math.max(3_000, seconds * 1000));
      counting = "";
      const got = latencies.sort((a, b) => a - b);
      const all = got.concat(new Array<number>(sent - got.length).fill(Infinity));
      const r: CaptionLatency = {
        p50Ms: pct(all, 50),
        p95Ms: pct(all, 95),
        p99Ms: pct(all, 99),
        maxMs: all[all.length - 1] ?? NaN,
        ratePerSec: Math.round(sentRate),
        sent,
        received: got.length,
      };
      // A backlog left over would land on the next step: let it drain (and forget what never came).
      await waitAll(20_000);
      sentAt.clear();
      return r;
    },
    async close() {
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
    },
  };
}

/** One rate, as before: a 2 s warm-up, then `seconds` measured. */
export async function captionLatency(opts: CaptionLatencyOptions): Promise<CaptionLatency> {
  const log = opts.log ?? (() => {});
  const t = await startTopology(opts);
  try {
    log(`measuring: ${opts.seconds} s at ${opts.ratePerSec}/s, ${opts.workers} workers, ${opts.rooms ?? 20} rooms (2 s warm-up first)`);
    return await t.measure(opts.ratePerSec, opts.seconds, 2);
  } finally {
    await t.close();
  }
}

export const RAMP = [250, 500, 1000, 2000, 4000];
/** The p99 (ms) a rate must keep to count as within capacity. */
export const CAPACITY_P99_MS = 20;

export interface RampStep extends CaptionLatency {
  rate: number;
}

export interface CaptionRamp {
  /** Highest ramp rate with p99 ≤ 20 ms (0: none), real pipeline and no-op topology. */
  capacity: number;
  noopCapacity: number;
  /** capacity / noopCapacity; null when the no-op topology itself kept no rate under 20 ms p99 (a saturated machine). */
  capacityRatio: number | null;
  ramp: RampStep[];
  noopRamp: RampStep[];
  /** Half the real capacity, and the p99 of 5 consecutive runs there. */
  halfRate: number;
  p99MsAtHalfCapacity: number[];
  halfRuns: CaptionLatency[];
  workers: number;
  stepSeconds: number;
}

/**
 * The ramp: each rate for `stepSeconds` (after a short warm-up), stopping after the
 * first rate over 20 ms p99 (the higher ones would only be slower), first with the
 * real workers, then 5 runs at half the capacity found, then the no-op topology.
 */
export async function captionRamp(o: { workers: number; redisUrl: string; stepSeconds: number; warmSeconds: number; rates?: number[]; log?: (s: string) => void }): Promise<CaptionRamp> {
  const log = o.log ?? (() => {});
  const rates = o.rates ?? RAMP;
  const ramp = async (t: Topology, label: string) => {
    const steps: RampStep[] = [];
    for (const rate of rates) {
      const r = await t.measure(rate, o.stepSeconds, o.warmSeconds);
      steps.push({ rate, ...r });
      log(`captions ${label} ${rate}/s: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.received}/${r.sent} back`);
      if (!(r.p99Ms <= CAPACITY_P99_MS)) break;
    }
    const ok = steps.filter((s) => s.p99Ms <= CAPACITY_P99_MS && s.received === s.sent);
    return { steps, capacity: ok.length ? Math.max(...ok.map((s) => s.rate)) : 0 };
  };
  const real = await startTopology({ workers: o.workers, redisUrl: o.redisUrl });
  let r: { steps: RampStep[]; capacity: number };
  const halfRuns: CaptionLatency[] = [];
  let halfRate: number;
  try {
    r = await ramp(real, "pipeline");
    halfRate = Math.max(1, Math.round((r.capacity || rates[0]) / 2));
    for (let k = 0; k < 5; k++) {
      const h = await real.measure(halfRate, o.stepSeconds, k === 0 ? o.warmSeconds : 0);
      halfRuns.push(h);
      log(`captions pipeline at half capacity (${halfRate}/s), run ${k + 1}/5: p99 ${h.p99Ms} ms`);
    }
  } finally {
    await real.close();
  }
  const noop = await startTopology({ workers: o.workers, redisUrl: o.redisUrl, noop: true });
  let n: { steps: RampStep[]; capacity: number };
  try {
    n = await ramp(noop, "no-op");
  } finally {
    await noop.close();
  }
  return {
    capacity: r.capacity,
    noopCapacity: n.capacity,
    capacityRatio: n.capacity ? Math.round((r.capacity / n.capacity) * 1000) / 1000 : null,
    ramp: r.steps,
    noopRamp: n.steps,
    halfRate,
    p99MsAtHalfCapacity: halfRuns.map((h) => h.p99Ms),
    halfRuns,
    workers: o.workers,
    stepSeconds: o.stepSeconds,
  };
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
      ramp: { type: "boolean" },
      "step-seconds": { type: "string" },
      "warm-seconds": { type: "string" },
    },
  });
  if (values.ramp) {
    const r = await captionRamp({
      workers: Number(values.workers ?? 2),
      redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
      stepSeconds: Number(values["step-seconds"] ?? 10),
      warmSeconds: Number(values["warm-seconds"] ?? 1),
      log: (l) => process.stderr.write(l + "\n"),
    });
    process.stdout.write(JSON.stringify(r) + "\n");
    process.exit(0);
  }
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
