/**
 * Benchmarks that need Redis and worker processes: caption latency through the
 * queues (bench/captions.ts) and rescan throughput with 1 and 2 workers
 * (bench/rescan.ts). Redis: REDIS_URL, else 127.0.0.1:6379, else a
 * redis-server started on a spare port for the run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { producerConnection, redisUrl, safeUrl } from "../src/io/redis.js";

export interface ExtraResults {
  captions?: CaptionRamp;
  rescan?: {
    listingsPerSecInProcess: number;
    listingsPerSec1Worker: number;
    listingsPerSec2Workers: number;
    /** 2-worker rescan rate over the single-thread in-process engine rate (target ≥ 1.6). */
    parallelEfficiency: number;
    /**
     * The same with CPU time instead of wall time on a shared machine: the 2-worker rescan's
     * projected idle rate (bench/rescan.ts) over the in-process listings per CPU second.
     */
    parallelEfficiencyCpu: number;
    listings: number;
    heapCapMb: number;
    /**
     * Before the clock, the in-process engine and each set of freshly started workers first judge the same
     * `listings` other generated listings (a long rescan's first few thousand listings are a negligible share of
     * it; the first 500 a process judges cost about four times the later ones): the workers' rates on those.
     */
    warmUp: { listings: number; listingsPerSec1Worker: number; listingsPerSec2Workers: number };
  };
  workerRssMb?: number;
  errors?: string[];
}

type CaptionRamp = import("./captions.js").CaptionRamp;
type RescanThroughput = (o: { count: number; workers: 1 | 2; redisUrl: string; file?: string; warmFile?: string; maxOldSpaceMb?: number }) => Promise<{
  listingsPerSec: number;
  rssMbPerWorker: number;
  projectedListingsPerSecIdle: number;
  warmUp?: { listings: number; listingsPerSec: number };
}>;

/** Workers' V8 old-space cap in the rescan bench (MB). */
const HEAP_CAP_MB = 160;

/** A bench script run as its own process; its last stdout line is JSON. */
async function child<T>(script: string, args: string[], env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<T> {
  const p = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  p.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr!.on("data", (b: Buffer) => {
    err += b.toString();
    for (const l of b.toString().split("\n")) if (l.trim()) log(`  ${l}`);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    p.once("error", reject);
    p.once("exit", resolve);
  });
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`${script} exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(last) as T;
}

/** A sibling benchmark module, loaded at run time (a missing one is reported, not a build error). */
function load(name: string): Promise<unknown> {
  return import(new URL(name, import.meta.url).href);
}

async function reachable(url: string): Promise<boolean> {
  try {
    const r = await producerConnection(url);
    r.disconnect();
    return true;
  } catch {
    return false;
  }
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function findRedis(log: (s: string) => void): Promise<{ url: string; proc?: ChildProcess } | undefined> {
  const url = redisUrl();
  if (await reachable(url)) return { url };
  const port = await sparePort();
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  proc.on("error", () => {});
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await reachable(own)) return { url: own, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill("SIGKILL");
  log(`no Redis at ${safeUrl(url)} and redis-server could not be started: queue benchmarks skipped`);
  return undefined;
}

export async function extraBenches(opts: { quick: boolean; root: string; log: (s: string) => void }): Promise<ExtraResults> {
  const { quick, log } = opts;
  const out: ExtraResults = { errors: [] };
  const redis = await findRedis(log);
  if (!redis) return { errors: ["no Redis"] };
  try {
    try {
      // The ramp runs as its own process: the producer of a live room is a small ingest service, not this
      // process with its large heap (corpus, baselines) whose GC pauses would land in the figures.
      const step = quick ? 1 : 10;
      log(`captions: ramp 250 … 4,000/s, ${step} s a step, 2 worker processes, then 5 runs at half capacity, then no-op processors …`);
      out.captions = await child<CaptionRamp>("./captions.js", ["--ramp", "--step-seconds", String(step), "--warm-seconds", quick ? "0.3" : "1", "--workers", "2"], { ...process.env, REDIS_URL: redis.url }, log);
    } catch (e) {
      out.errors!.push(`captions: ${(e as Error).message}`);
      log(`captions benchmark failed: ${(e as Error).message}`);
    }
    const dir = mkdtempSync(join(tmpdir(), "hegui-bench-listings-"));
    try {
      const { rescanThroughput, writeListings, WARM_UP_SEED } = (await load("./rescan.js")) as {
        rescanThroughput: RescanThroughput;
        writeListings: (p: string, n: number, seed?: number) => Promise<void>;
        WARM_UP_SEED: number;
      };
      const count = quick ? 1_500 : 20_000;
      const warmCount = quick ? 2_000 : 6_000;
      const file = join(dir, "listings.jsonl");
      const warmFile = join(dir, "warm-up.jsonl");
      await writeListings(file, count);
      await writeListings(warmFile, warmCount, WARM_UP_SEED);
      log(`rescan: ${count.toLocaleString("en-US")} generated listings (after ${warmCount.toLocaleString("en-US")} others to warm up), single-thread engine in its own process …`);
      const inProcess = await child<{ listingsPerSec: number; rssMb: number; listingsPerCpuSec: number }>("./engine-rate.js", [file, "--warm", warmFile], process.env, log);
      log(`rescan: the same listings with 1 worker …`);
      const one = await rescanThroughput({ count, workers: 1, redisUrl: redis.url, file, warmFile, maxOldSpaceMb: HEAP_CAP_MB });
      log(`rescan: the same listings with 2 workers …`);
      const two = await rescanThroughput({ count, workers: 2, redisUrl: redis.url, file, warmFile, maxOldSpaceMb: HEAP_CAP_MB });
      out.rescan = {
        listingsPerSecInProcess: inProcess.listingsPerSec,
        listingsPerSec1Worker: Math.round(one.listingsPerSec),
        listingsPerSec2Workers: Math.round(two.listingsPerSec),
        parallelEfficiency: Math.round((two.listingsPerSec / inProcess.listingsPerSec) * 1000) / 1000,
        parallelEfficiencyCpu: Math.round((two.projectedListingsPerSecIdle / inProcess.listingsPerCpuSec) * 1000) / 1000,
        listings: count,
        heapCapMb: HEAP_CAP_MB,
        warmUp: { listings: warmCount, listingsPerSec1Worker: one.warmUp?.listingsPerSec ?? 0, listingsPerSec2Workers: two.warmUp?.listingsPerSec ?? 0 },
      };
      out.workerRssMb = Math.max(one.rssMbPerWorker, two.rssMbPerWorker);
    } catch (e) {
      out.errors!.push(`rescan: ${(e as Error).message}`);
      log(`rescan benchmark failed: ${(e as Error).message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    redis.proc?.kill("SIGTERM");
  }
  if (out.errors!.length === 0) delete out.errors;
  return out;
}
