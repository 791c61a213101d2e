/**
 * Rescan throughput: `count` generated listings (about 300 characters each)
 * through the `rescan` queue with 1 or 2 worker processes, the producer being
 * this process. Workers are started (and their engines loaded) before the
 * clock starts; with `warmFile`, a rescan of that file (other listings) runs
 * on them first, also before the clock, as on a long rescan, where a worker's
 * first few thousand listings (V8 compiling the engine's code: the first 500
 * cost about four times the later ones) are a negligible share — its rate is
 * reported as `warmUp`. The time covers the whole `hegui rescan` run (digest,
 * reading, queueing, writing the verdicts). Peak RSS per worker is the
 * kernel's VmHWM.
 *
 *     node dist/bench/rescan.js --count 1000000 --workers 2 [--file listings.jsonl] [--warm-count N] [--cpu-prof DIR] [--heap MB]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { generateListing } from "../tools/gen/listings.js";
import { DEFAULT_LEXICON_DIR } from "../src/lexicon/index.js";
import { rescan } from "../src/rescan/rescan.js";
import { RESCAN_QUEUE } from "../src/rescan/worker.js";

const here = dirname(fileURLToPath(import.meta.url));

export interface RescanBenchOptions {
  count: number;
  workers: 1 | 2;
  redisUrl: string;
  /** Use this listings file instead of generating one. */
  file?: string;
  /** Rescan this file (other listings) on the workers before the clock starts. */
  warmFile?: string;
  /** Write V8 CPU profiles of the workers here (node --cpu-prof). */
  cpuProfDir?: string;
  /**
   * Workers' V8 old-space cap (MB; default 256). The engine's live heap is
   * about 50 MB; without a cap V8 lets the heap grow and a worker peaks near
   * 550–600 MB RSS, with it near 410 MB at the same CPU cost.
   */
  maxOldSpaceMb?: number;
  log?: (s: string) => void;
}

export interface RescanBenchResult {
  listingsPerSec: number;
  rssMbPerWorker: number;
  listings: number;
  seconds: number;
  workerStartSec: number;
  withViolations: number;
  /** CPU seconds spent during the run: the producer (this process), all workers, Redis (whole server). */
  cpuSec: { producer: number; workers: number; redis: number };
  /** listings / (all CPU seconds / cores): what the machine would do with nobody else on it. */
  projectedListingsPerSecIdle: number;
  /** The warm-up rescan (`warmFile`) on the freshly started workers: its listings and rate. */
  warmUp?: { listings: number; listingsPerSec: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Seed of the warm-up listings: other listings than the measured ones (seed 1). */
export const WARM_UP_SEED = 2;

/** `count` generated listings (seed 1 by default; the warm-up files use another seed: other listings). */
export async function writeListings(path: string, count: number, seed = 1): Promise<void> {
  const out = createWriteStream(path);
  let buf = "";
  for (let i = 0; i < count; i++) {
    buf += JSON.stringify(generateListing(i, seed)) + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "close");
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process, seconds. */
function cpuSecOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

async function redisCpuSec(url: string): Promise<number> {
  const { Redis } = await import("ioredis");
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    const info = await r.info("cpu");
    const get = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return get("used_cpu_user") + get("used_cpu_sys");
  } catch {
    return 0;
  } finally {
    r.disconnect();
  }
}

function startWorker(env: NodeJS.ProcessEnv, cpuProfDir: string | undefined, maxOldSpaceMb: number): Promise<ChildProcess> {
  // worker-main.js sits in dist/src/rescan; this file in dist/bench.
  const script = join(here, "..", "src", "rescan", "worker-main.js");
  const args = [`--max-old-space-size=${maxOldSpaceMb}`, ...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []), script];
  const p = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let err = "";
    p.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (/^ready \d+/m.test(err)) resolve(p);
    });
    p.once("exit", (code) => reject(new Error(`rescan worker exited (${code}): ${err}`)));
  });
}

export async function rescanThroughput(opts: RescanBenchOptions): Promise<RescanBenchResult> {
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "hegui-bench-rescan-"));
  const lex = join(dir, "lexicons");
  cpSync(DEFAULT_LEXICON_DIR, lex, { recursive: true }); // frozen: edits elsewhere cannot move the version mid-run
  const prefix = `hegui-bench-${process.pid}-${Date.now().toString(36)}`;
  const file = opts.file ?? join(dir, "listings.jsonl");
  if (!opts.file) {
    log(`rescan bench: generating ${opts.count.toLocaleString("en-US")} listings`);
    await writeListings(file, opts.count);
  }
  const env = { ...process.env, REDIS_URL: opts.redisUrl, HEGUI_PREFIX: prefix, HEGUI_LEXICONS: lex };
  const workers: ChildProcess[] = [];
  try {
    const t0 = Date.now();
    for (let i = 0; i < opts.workers; i++) workers.push(await startWorker(env, opts.cpuProfDir, opts.maxOldSpaceMb ?? 256));
    const workerStartSec = (Date.now() - t0) / 1000;
    log(`rescan bench: ${opts.workers} worker(s) ready in ${workerStartSec.toFixed(1)} s`);
    const quiet = { out: () => {}, err: () => {}, progress: { write: () => {}, tty: false } };
    let warmUp: RescanBenchResult["warmUp"];
    if (opts.warmFile) {
      const tw = Date.now();
      const w = await rescan({ file: opts.warmFile, out: join(dir, "warm-up.jsonl"), lexicons: lex, prefix, redisUrl: opts.redisUrl }, quiet);
      const n = w.summary?.listings ?? 0;
      warmUp = { listings: n, listingsPerSec: Math.round(n / ((Date.now() - tw) / 1000)) };
      log(`rescan bench: warm-up rescan of ${n.toLocaleString("en-US")} other listings at ${warmUp.listingsPerSec}/s`);
    }
    log(`rescan bench: rescanning`);
    const out = join(dir, "verdicts.jsonl");
    const w0 = workers.map((w) => cpuSecOf(w.pid!));
    const r0 = await redisCpuSec(opts.redisUrl);
    const p0 = process.cpuUsage();
    const t1 = Date.now();
    const r = await rescan(
      { file, out, lexicons: lex, prefix, redisUrl: opts.redisUrl },
      { out: () => {}, err: () => {}, progress: { write: (s) => log(s.trimEnd()), tty: false } },
    );
    const seconds = (Date.now() - t1) / 1000;
    const pc = process.cpuUsage(p0);
    const cpu = {
      producer: (pc.user + pc.system) / 1e6,
      workers: workers.reduce((s, w, i) => s + cpuSecOf(w.pid!) - w0[i], 0),
      redis: (await redisCpuSec(opts.redisUrl)) - r0,
    };
    const listings = r.summary?.listings ?? 0;
    const cores = Math.min(availableParallelism(), opts.workers + 1);
    const rssMbPerWorker = Math.max(...workers.map((w) => peakRssMb(w.pid!)));
    return {
      listingsPerSec: Math.round(listings / seconds),
      rssMbPerWorker,
      listings,
      seconds: Math.round(seconds * 10) / 10,
      workerStartSec: Math.round(workerStartSec * 10) / 10,
      withViolations: r.summary?.withViolations ?? 0,
      cpuSec: { producer: round1(cpu.producer), workers: round1(cpu.workers), redis: round1(cpu.redis) },
      // Bounded by the whole machine's CPU and by each worker being one thread.
      projectedListingsPerSecIdle: Math.round(listings / Math.max((cpu.producer + cpu.workers + cpu.redis) / cores, cpu.workers / opts.workers)),
      ...(warmUp ? { warmUp } : {}),
    };
  } finally {
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
    const q = new Queue(RESCAN_QUEUE, { connection: { url: opts.redisUrl }, prefix });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: node dist/bench/rescan.js --count N --workers 1|2
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { count: { type: "string" }, workers: { type: "string" }, file: { type: "string" }, "warm-count": { type: "string" }, "cpu-prof": { type: "string" }, heap: { type: "string" } },
  });
  const workers = Number(values.workers ?? 2) === 1 ? 1 : 2;
  if (values.file && !existsSync(values.file)) throw new Error(`no such file: ${values.file}`);
  const warmCount = Number(values["warm-count"] ?? 0);
  let warmFile: string | undefined;
  if (warmCount > 0) {
    warmFile = join(mkdtempSync(join(tmpdir(), "hegui-bench-warm-")), "warm-up.jsonl");
    await writeListings(warmFile, warmCount, WARM_UP_SEED);
  }
  const r = await rescanThroughput({
    warmFile,
    count: Number(values.count ?? 100_000),
    workers,
    redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    file: values.file,
    cpuProfDir: values["cpu-prof"],
    maxOldSpaceMb: values.heap ? Number(values.heap) : undefined,
    log: (s) => process.stderr.write(s + "\n"),
  });
  if (warmFile) rmSync(dirname(warmFile), { recursive: true, force: true });
  console.log(JSON.stringify(r));
}
