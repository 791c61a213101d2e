/**
 * The API under load (issue 15, "API"): `hegui serve` (compiled, shipped lexicons, its
 * defaults: one review thread per core, 2 items in flight per thread) in its own
 * process, POST /v1/review with a 2,000-character script.
 *
 *   1. median service time: one request at a time (no queueing);
 *   2. capacity: a closed loop with as many connections as the server admits;
 *   3. half capacity: an open loop at capacity / 2 — p99 / median service time (target ≤ 3);
 *   4. twice capacity: an open loop at 2 × capacity — the excess gets 503 with Retry-After,
 *      admitted p99 / median service time (target ≤ 10), /healthz p99 meanwhile (target ≤ 50 ms),
 *      the server's RSS before, during and after (stable), and no crash.
 *
 * Its own load generator (node:http, keep-alive): latency per request by status, so
 * admitted and shed requests are counted apart (autocannon reports one histogram).
 *
 *   node dist/bench/api.js [--quick]     (merges `api` into bench/results.json)
 * or from bench/main.ts: `await benchApi({quick, root, log})`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export interface ApiBench {
  /** The machine's load average (1 min) before and after: the figures are only as quiet as the machine. */
  loadAvg: { before: number; after: number };
  scriptChars: number;
  reviewThreads: number;
  maxInFlight: number;
  /** Median latency of one request at a time (ms). */
  medianServiceMs: number;
  /** Admitted requests per second in the closed loop. */
  capacityPerSec: number;
  half: { ratePerSec: number; sent: number; ok: number; shed: number; p50Ms: number; p99Ms: number };
  /** Target ≤ 3. */
  p99OverMedianAtHalf: number;
  overload: {
    ratePerSec: number;
    sent: number;
    ok: number;
    shed: number;
    /** Every 503 carried Retry-After. */
    shedWithRetryAfter: number;
    other: number;
    admittedP50Ms: number;
    admittedP99Ms: number;
    /** Target ≤ 10. */
    admittedP99OverMedian: number;
    /** Median engine time per item during the overload (server-timing): the CPU a review got then. */
    serviceMedianMs: number;
    /** Admitted p99 over that same-phase median: the queueing alone. */
    admittedP99OverServiceMedian: number;
    healthzP50Ms: number;
    /** /healthz p99 of the idle server, same client, same run: what the machine itself adds. */
    healthzIdleP99Ms: number;
    /** Target ≤ 50. */
    healthzP99Ms: number;
    healthzRequests: number;
    rssMb: { before: number; max: number; after: number };
    /** RSS after the run within 25% (and 64 MB) of before it. */
    rssStable: boolean;
    /** The server answered /healthz after the run (no crash). */
    alive: boolean;
  };
}

interface Shot {
  status: number;
  ms: number;
  retryAfter?: string;
  /** The engine's time on the item (server-timing review;dur). */
  serviceMs?: number;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const r2 = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sample scripts, joined and repeated to exactly `n` characters. */
function script(root: string, n: number): string {
  const texts = readFileSync(join(root, "samples", "scripts.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text?: string }).text ?? "");
  let t = "";
  while ([...t].length < n) t += texts.join("\n");
  return [...t].slice(0, n).join("");
}

function startServer(root: string): Promise<{ child: ChildProcess; url: string; threads: number; maxInFlight: number }> {
  const child = spawn(process.execPath, [join(root, "bin", "hegui.js"), "serve", "--port", "0"], {
    cwd: root,
    env: { ...process.env, HEGUI_API_TOKEN: "", HEGUI_LOG_FORMAT: "json", REDIS_URL: "" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += c;
      const m = /(http:\/\/[^/\s]+)\/.*?(\d+) review threads?, (\d+) in flight/.exec(out);
      if (m) resolve({ child, url: m[1], threads: Number(m[2]), maxInFlight: Number(m[3]) });
    });
    child.on("exit", (code) => reject(new Error(`hegui serve exited ${code} before listening`)));
  });
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

class Client {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  constructor(private readonly base: string) {}

  shot(method: "GET" | "POST", path: string, body?: string): Promise<Shot> {
    const t0 = performance.now();
    return new Promise((resolve) => {
      const req = request(
        `${this.base}${path}`,
        { method, agent: this.agent, headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {} },
        (res) => {
          res.resume();
          const st = /review;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, retryAfter: res.headers["retry-after"] as string | undefined, serviceMs: st ? Number(st[1]) : undefined }),
          );
        },
      );
      req.on("error", () => resolve({ status: 0, ms: performance.now() - t0 }));
      req.end(body);
    });
  }

  /** `connections` loops, each sending the next request when the last is answered, for `seconds`. */
  async closed(path: string, body: string, connections: number, seconds: number): Promise<Shot[]> {
    const out: Shot[] = [];
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) out.push(await this.shot("POST", path, body));
      }),
    );
    return out;
  }

  /** Requests at a fixed rate regardless of answers (an open loop), for `seconds`. */
  async open(method: "GET" | "POST", path: string, body: string | undefined, ratePerSec: number, seconds: number): Promise<Shot[]> {
    const pending: Array<Promise<Shot>> = [];
    const t0 = performance.now();
    const total = Math.round(ratePerSec * seconds);
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * ratePerSec) + 1);
      while (sent < due) {
        pending.push(this.shot(method, path, body));
        sent++;
      }
      await sleep(Math.max(1, Math.min(10, 1000 / ratePerSec)));
    }
    return Promise.all(pending);
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function benchApi(opts: { quick: boolean; root: string; log: (s: string) => void }): Promise<ApiBench> {
  const { quick, root, log } = opts;
  const secs = quick ? { service: 3, capacity: 5, half: 6, overload: 6 } : { service: 6, capacity: 10, half: 15, overload: 15 };
  const load0 = loadavg()[0];
  const text = script(root, 2000);
  const body = JSON.stringify({ text });
  const { child, url, threads, maxInFlight } = await startServer(root);
  const pid = child.pid!;
  const client = new Client(url);
  try {
    // Warm-up: JIT, jieba caches, every thread.
    await client.closed("/v1/review", body, maxInFlight, quick ? 2 : 4);

    const idle = (await client.open("GET", "/healthz", undefined, 20, quick ? 2 : 4)).filter((s) => s.status === 200).map((s) => s.ms);
    const single = await client.closed("/v1/review", body, 1, secs.service);
    const medianServiceMs = pct(single.filter((s) => s.status === 200).map((s) => s.ms), 50);
    log(`api: median service time ${medianServiceMs.toFixed(1)} ms (${threads} review threads, ${maxInFlight} in flight at most)`);

    const cap = await client.closed("/v1/review", body, maxInFlight, secs.capacity);
    const capacityPerSec = cap.filter((s) => s.status === 200).length / secs.capacity;
    log(`api: capacity ${capacityPerSec.toFixed(0)} reviews/s`);

    const halfRate = capacityPerSec / 2;
    const half = await client.open("POST", "/v1/review", body, halfRate, secs.half);
    const halfOk = half.filter((s) => s.status === 200).map((s) => s.ms);
    const halfP99 = pct(halfOk, 99);
    log(`api: at ${halfRate.toFixed(0)}/s p50 ${pct(halfOk, 50).toFixed(1)} ms, p99 ${halfP99.toFixed(1)} ms (${(halfP99 / medianServiceMs).toFixed(2)} × median service)`);

    const before = rssMb(pid);
    let maxRss = before;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(pid))), 250);
    const overRate = capacityPerSec * 2;
    const [over, health] = await Promise.all([
      client.open("POST", "/v1/review", body, overRate, secs.overload),
      client.open("GET", "/healthz", undefined, 20, secs.overload),
    ]);
    clearInterval(sampler);
    await sleep(1000);
    const after = rssMb(pid);
    const alive = (await client.shot("GET", "/healthz")).status === 200 && child.exitCode === null;
    const ok = over.filter((s) => s.status === 200).map((s) => s.ms);
    const overService = pct(over.filter((s) => s.status === 200 && s.serviceMs !== undefined).map((s) => s.serviceMs!), 50);
    const shed = over.filter((s) => s.status === 503);
    const hz = health.filter((s) => s.status === 200).map((s) => s.ms);
    const admittedP99 = pct(ok, 99);
    const result: ApiBench = {
      loadAvg: { before: r2(load0), after: r2(loadavg()[0]) },
      scriptChars: [...text].length,
      reviewThreads: threads,
      maxInFlight,
      medianServiceMs: r2(medianServiceMs),
      capacityPerSec: Math.round(capacityPerSec),
      half: { ratePerSec: Math.round(halfRate), sent: half.length, ok: halfOk.length, shed: half.filter((s) => s.status === 503).length, p50Ms: r2(pct(halfOk, 50)), p99Ms: r2(halfP99) },
      p99OverMedianAtHalf: r2(halfP99 / medianServiceMs),
      overload: {
        ratePerSec: Math.round(overRate),
        sent: over.length,
        ok: ok.length,
        shed: shed.length,
        shedWithRetryAfter: shed.filter((s) => s.retryAfter !== undefined && /^\d+$/.test(s.retryAfter)).length,
        other: over.length - ok.length - shed.length,
        admittedP50Ms: r2(pct(ok, 50)),
        admittedP99Ms: r2(admittedP99),
        admittedP99OverMedian: r2(admittedP99 / medianServiceMs),
        serviceMedianMs: r2(overService),
        admittedP99OverServiceMedian: r2(admittedP99 / overService),
        healthzP50Ms: r2(pct(hz, 50)),
        healthzIdleP99Ms: r2(pct(idle, 99)),
        healthzP99Ms: r2(pct(hz, 99)),
        healthzRequests: health.length,
        rssMb: { before, max: maxRss, after },
        rssStable: after <= Math.max(before * 1.25, before + 64),
        alive,
      },
    };
    const o = result.overload;
    log(
      `api: at ${o.ratePerSec}/s ${o.ok} admitted (p99 ${o.admittedP99Ms} ms = ${o.admittedP99OverMedian} × median service, ${o.admittedP99OverServiceMedian} × this phase's median engine time ${o.serviceMedianMs} ms), ${o.shed} shed (${o.shedWithRetryAfter} with Retry-After), ${o.other} other; /healthz p99 ${o.healthzP99Ms} ms (idle: ${o.healthzIdleP99Ms} ms); RSS ${o.rssMb.before} → ${o.rssMb.max} → ${o.rssMb.after} MB`,
    );
    return result;
  } finally {
    client.close();
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
}

// Run on its own: merge the figures into bench/results.json under `api`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, out: { type: "string" } } });
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const out = values.out ?? join(root, "bench", "results.json");
  const api = await benchApi({ quick: Boolean(values.quick), root, log: (s) => process.stderr.write(s + "\n") });
  const prev = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(out, JSON.stringify({ ...prev, api }, null, 2) + "\n");
  console.log(JSON.stringify(api, null, 2));
}
