/**
 * Benchmarks that need Redis and worker processes: caption latency through the
 * queues (bench/captions.ts) and rescan throughput with 1 and 2 workers
 * (bench/rescan.ts). Redis: REDIS_URL, else 127.0.0.1:6379, else a
 * redis-server started on a spare port for the run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { producerConnection, redisUrl, safeUrl } from "../src/io/redis.js";

export interface ExtraResults {
  captions?: { p50Ms: number; p95Ms: number; p99Ms: number; ratePerSec: number; sent: number; received: number; workers: number; seconds: number };
  rescan?: { listingsPerSec1Worker: number; listingsPerSec2Workers: number; listings: number };
  workerRssMb?: number;
  errors?: string[];
}

interface CaptionLatency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  ratePerSec: number;
  sent: number;
  received: number;
}
type RescanThroughput = (o: { count: number; workers: 1 | 2; redisUrl: string }) => Promise<{ listingsPerSec: number; rssMbPerWorker: number }>;

/** A sibling benchmark module, loaded at run time (a missing one is reported, not a build error). */
function load(name: string): Promise<unknown> {
  return import(new URL(name, import.meta.url).href);
}

/**
 * Caption latency (bench/captions.ts) run as its own process: the producer of
 * a live room is a small ingest service, not this process with its large heap
 * (corpus, baselines) whose GC pauses would land in the figures.
 */
async function captionLatency(o: { ratePerSec: number; seconds: number; workers: number; redisUrl: string }): Promise<CaptionLatency> {
  const script = new URL("./captions.js", import.meta.url).pathname;
  const args = [script, "--rate", String(o.ratePerSec), "--seconds", String(o.seconds), "--workers", String(o.workers)];
  const p = spawn(process.execPath, args, { env: { ...process.env, REDIS_URL: o.redisUrl }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  p.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    p.once("error", reject);
    p.once("exit", resolve);
  });
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`bench/captions.js exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(last) as CaptionLatency;
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
      const seconds = quick ? 5 : 30;
      log(`captions: 1,000/s for ${seconds} s through the queues, 2 worker processes (producer in its own process) …`);
      const c = await captionLatency({ ratePerSec: 1000, seconds, workers: 2, redisUrl: redis.url });
      out.captions = { ...c, workers: 2, seconds };
    } catch (e) {
      out.errors!.push(`captions: ${(e as Error).message}`);
      log(`captions benchmark failed: ${(e as Error).message}`);
    }
    try {
      const { rescanThroughput } = (await load("./rescan.js")) as { rescanThroughput: RescanThroughput };
      const count = quick ? 10_000 : 100_000;
      log(`rescan: ${count.toLocaleString("en-US")} generated listings with 1 worker …`);
      const one = await rescanThroughput({ count, workers: 1, redisUrl: redis.url });
      log(`rescan: ${count.toLocaleString("en-US")} generated listings with 2 workers …`);
      const two = await rescanThroughput({ count, workers: 2, redisUrl: redis.url });
      out.rescan = { listingsPerSec1Worker: Math.round(one.listingsPerSec), listingsPerSec2Workers: Math.round(two.listingsPerSec), listings: count };
      out.workerRssMb = Math.max(one.rssMbPerWorker, two.rssMbPerWorker);
    } catch (e) {
      out.errors!.push(`rescan: ${(e as Error).message}`);
      log(`rescan benchmark failed: ${(e as Error).message}`);
    }
  } finally {
    redis.proc?.kill("SIGTERM");
  }
  if (out.errors!.length === 0) delete out.errors;
  return out;
}
