/**
 * CPU cost per caption of the worker processes (utime + stime from /proc, so less sensitive to a
 * busy machine than latency), real pipeline and no-op topology, at one rate:
 *
 *     node dist/bench/captions-cost.js [--rate 300] [--seconds 10] [--workers 2] [--noop-only|--real-only] [--redis-pid PID]
 *
 * `--redis-pid`: also the Redis server's CPU per caption (a Redis of your own: REDIS_URL)
 *
 * Also the workers' write system calls and bytes written per caption (/proc/PID/io `syscw`, `wchar`:
 * sockets to Redis and the log pipe alike), which the machine's load does not move.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startTopology } from "./captions.js";

const TICK = 100; // clock ticks per second (Linux default)
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICK;
}

/** Write system calls and bytes written so far by a process (/proc/PID/io). */
function ioOf(pid: number): { syscw: number; wchar: number } {
  const f = readFileSync(`/proc/${pid}/io`, "utf8");
  const get = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, "m").exec(f)?.[1] ?? NaN);
  return { syscw: get("syscw"), wchar: get("wchar") };
}

const { values } = parseArgs({ options: { rate: { type: "string" }, seconds: { type: "string" }, workers: { type: "string" }, "noop-only": { type: "boolean" }, "real-only": { type: "boolean" }, "redis-pid": { type: "string" } } });
const rate = Number(values.rate ?? 300);
const seconds = Number(values.seconds ?? 10);
const workers = Number(values.workers ?? 2);
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const out: Record<string, unknown> = {};
for (const noop of [false, true]) {
  if (noop && values["real-only"]) continue;
  if (!noop && values["noop-only"]) continue;
  const t = await startTopology({ workers, redisUrl, noop });
  try {
    await t.measure(rate, 2, 0);
    const redisPid = values["redis-pid"] ? Number(values["redis-pid"]) : undefined;
    const r0 = redisPid ? cpuMs(redisPid) : 0;
    const c0 = t.pids.map(cpuMs);
    const io0 = t.pids.map(ioOf);
    const self0 = process.cpuUsage();
    const r = await t.measure(rate, seconds, 0);
    const c1 = t.pids.map(cpuMs);
    const io1 = t.pids.map(ioOf);
    const syscw = io1.reduce((a, b, i) => a + b.syscw - io0[i].syscw, 0);
    const wchar = io1.reduce((a, b, i) => a + b.wchar - io0[i].wchar, 0);
    const redisMs = redisPid ? cpuMs(redisPid) - r0 : NaN;
    const self1 = process.cpuUsage(self0);
    const workerMs = c1.reduce((a, b, i) => a + b - c0[i], 0);
    const label = noop ? "noop" : "real";
    out[label] = { ...r, workerCpuMsPerCaption: +(workerMs / r.sent).toFixed(3), senderCpuMsPerCaption: +((self1.user + self1.system) / 1000 / r.sent).toFixed(3), redisCpuMsPerCaption: +(redisMs / r.sent).toFixed(3), workerWritesPerCaption: +(syscw / r.sent).toFixed(2), workerBytesWrittenPerCaption: Math.round(wchar / r.sent) };
    process.stderr.write(`${label}: ${JSON.stringify(out[label])}\n`);
  } finally {
    await t.close();
  }
}
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
