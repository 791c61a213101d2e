/**
 * Fault injection for test/faults (issue 8): private redis-server processes
 * that can be crashed and restarted on the same port and data dir (AOF,
 * optional password), `hegui workers` processes to start, SIGTERM and
 * SIGKILL, and a tally of the verdict stream against the items sent (lost,
 * duplicated).
 *
 * Every process started here is remembered and `cleanup()` SIGKILLs those
 * still running (by their own pid, nothing else).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { Queue } from "bullmq";
import { afterAll, beforeAll } from "vitest";
import { unfinished } from "../../src/queue/admin.js";
import { readStream } from "../../src/queue/verdict-stream.js";
import { ping, sparePort } from "./redis-server.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const HEGUI = join(ROOT, "bin", "hegui.js");
export const FIXTURE_LEXICONS = join(ROOT, "test", "fixtures", "lexicons");
export const PIPELINE_QUEUES = ["captions", "scripts", "listings", "scoring"];

const started = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const clients = new Set<Redis>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tempDir(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `hegui-faults-${name}-`));
  tempDirs.add(d);
  return d;
}

/** A private copy of the fixture lexicons: its version cannot move while a test runs. */
export function frozenLexicons(): string {
  const d = tempDir("lex");
  cpSync(FIXTURE_LEXICONS, d, { recursive: true });
  return d;
}

/** Disconnect the test's own clients (before its servers stop, so nothing reports refused reconnects). */
export function closeClients(): void {
  for (const c of clients) c.disconnect();
  clients.clear();
}

/** Disconnect the test's clients, SIGKILL every process started here that still runs, remove the temp dirs. */
export async function cleanup(): Promise<void> {
  closeClients();
  for (const p of started) {
    if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  }
  started.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

function exitOf(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => p.once("exit", (code, signal) => resolve({ code, signal })));
}

export interface PrivateRedisOptions {
  port?: number;
  /** Data dir (AOF files, log); a temp dir when not given. */
  dir?: string;
  /** AOF with `appendfsync always`: every acknowledged write survives a SIGKILL. */
  aof?: boolean;
  /** With aof: the fsync policy (default "always"; "everysec" is the production setting of docs/queues.md). */
  appendfsync?: "always" | "everysec";
  /** Extra redis-server arguments (e.g. `--rename-command CONFIG ""`). */
  args?: string[];
  password?: string;
}

/**
 * A redis-server of the test's own on a spare port, which can be killed and
 * started again on the same port and dir (with AOF it comes back with its data).
 */
export class PrivateRedis {
  readonly port: number;
  readonly dir: string;
  readonly aof: boolean;
  readonly appendfsync: "always" | "everysec";
  readonly extraArgs: string[];
  readonly password?: string;
  proc?: ChildProcess;
  /** How many times the server process was started. */
  starts = 0;

  private constructor(port: number, opts: PrivateRedisOptions) {
    this.port = port;
    this.dir = opts.dir ?? tempDir("redis");
    this.aof = !!opts.aof;
    this.appendfsync = opts.appendfsync ?? "always";
    this.extraArgs = opts.args ?? [];
    this.password = opts.password;
  }

  /** Reserve a spare port (and dir) without starting the server (for "Redis down at start"). */
  static async reserve(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    return new PrivateRedis(opts.port ?? (await sparePort()), opts);
  }

  static async start(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const r = await PrivateRedis.reserve(opts);
    await r.startServer();
    return r;
  }

  /** The URL clients use (with the password, if any). */
  get url(): string {
    return `redis://${this.password ? `:${this.password}@` : ""}127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Start the server (first start or restart: same port, same dir) and wait until it answers PING. */
  async startServer(): Promise<void> {
    if (this.running) throw new Error(`redis-server on port ${this.port} is already running`);
    if (spawnSync("redis-server", ["--version"]).error) throw new Error("redis-server is not installed (apt-get install redis-server)");
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--dir", this.dir, "--logfile", join(this.dir, "redis.log")];
    args.push(...(this.aof ? ["--appendonly", "yes", "--appendfsync", this.appendfsync] : ["--appendonly", "no"]), ...this.extraArgs);
    if (this.password) args.push("--requirepass", this.password);
    const proc = spawn("redis-server", args, { stdio: "ignore" });
    started.add(proc);
    this.proc = proc;
    this.starts++;
    // Loading the AOF after a restart takes a moment; answer PING = ready (LOADING refuses it).
    for (let i = 0; i < 300; i++) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      if (await ping(this.url, 500)) return;
      await sleep(100);
    }
    proc.kill("SIGKILL");
    throw new Error(`redis-server on port ${this.port} did not answer; its log:\n${this.log()}`);
  }

  /** Kill the server (SIGKILL: a crash; SIGTERM: a shutdown) and wait until it is gone. */
  async crash(signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<void> {
    const p = this.proc;
    if (!p || !this.running) return;
    const done = exitOf(p);
    p.kill(signal);
    await done;
  }

  /** Start it again on the same port and dir after `downMs`. */
  async restart(downMs: number): Promise<void> {
    await sleep(downMs);
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.crash("SIGTERM");
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, "redis.log"), "utf8");
    } catch {
      return "";
    }
  }
}

/** A client for the test itself: waits through outages (no command fails while the server is down). */
export function testClient(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  r.on("error", () => {});
  clients.add(r);
  return r;
}

export function envFor(redisUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, REDIS_URL: redisUrl, HEGUI_PREFIX: prefix, ...extra };
}

export interface WorkerProcess {
  proc: ChildProcess;
  pid: number;
  /** stdout + stderr so far. */
  log(): string;
  /** Resolves on the `hegui workers: ready` line; rejects if the process exits first. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGTERM and wait for the exit. */
  term(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait until it is gone. */
  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `hegui workers ARGS` (without waiting for it to be ready: see `ready`). */
export function spawnWorker(env: NodeJS.ProcessEnv, args: string[] = []): WorkerProcess {
  const proc = spawn(process.execPath, [HEGUI, "workers", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  started.add(proc);
  let log = "";
  proc.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = exitOf(proc);
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (log.includes("hegui workers: ready")) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    void exited.then(({ code, signal }) => {
      clearInterval(t);
      reject(new Error(`hegui workers exited (${code ?? signal}) before it was ready:\n${log}`));
    });
  });
  ready.catch(() => {});
  return {
    proc,
    pid: proc.pid!,
    log: () => log,
    ready,
    exited,
    alive,
    async term() {
      if (alive()) proc.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      if (alive()) proc.kill("SIGKILL");
      return exited;
    },
  };
}

/** Start a worker and wait until it is ready. */
export async function startWorker(env: NodeJS.ProcessEnv, args: string[] = []): Promise<WorkerProcess> {
  const w = spawnWorker(env, args);
  await w.ready;
  return w;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runHegui(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [HEGUI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    started.add(p);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Poll `cond` until it holds or `timeoutMs` passes; returns whether it held (never throws on timeout). */
export async function pollUntil(cond: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await sleep(everyMs);
  }
}

/** Like pollUntil, but a timeout is an error naming what was awaited. */
export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 250): Promise<void> {
  if (!(await pollUntil(cond, timeoutMs, everyMs))) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface StreamRecord {
  streamId: string;
  type: string;
  id: string;
  data: Record<string, any>;
}

export async function verdictEntries(redis: Redis, prefix: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const e of readStream(redis, `${prefix}:verdicts`)) out.push({ streamId: e.streamId, type: e.type, id: e.id, data: JSON.parse(e.data) });
  return out;
}

/** What the verdict stream holds for the items sent. */
export interface Tally {
  sent: number;
  /** Stream entries (verdicts and error records). */
  written: number;
  verdicts: number;
  errors: number;
  /** Items sent with no verdict in the stream. */
  lost: string[];
  /** Items with more than one entry in the stream. */
  duplicated: string[];
  /** Entries for ids that were not sent. */
  unexpected: string[];
}

export function tallyOf(entries: StreamRecord[], sentIds: readonly string[]): Tally {
  const sent = new Set(sentIds);
  const count = new Map<string, number>();
  const withVerdict = new Set<string>();
  const unexpected: string[] = [];
  for (const e of entries) {
    count.set(e.id, (count.get(e.id) ?? 0) + 1);
    if (e.type === "verdict") withVerdict.add(e.id);
    if (!sent.has(e.id)) unexpected.push(e.id);
  }
  return {
    sent: sent.size,
    written: entries.length,
    verdicts: entries.filter((e) => e.type === "verdict").length,
    errors: entries.filter((e) => e.type !== "verdict").length,
    lost: sentIds.filter((id) => !withVerdict.has(id)),
    duplicated: [...count].filter(([, n]) => n > 1).map(([id]) => id),
    unexpected,
  };
}

export async function tally(redis: Redis, prefix: string, sentIds: readonly string[]): Promise<Tally> {
  return tallyOf(await verdictEntries(redis, prefix), sentIds);
}

/** One line with a scenario's figures (for the Reliability table of docs/queues.md). */
export function figures(scenario: string, t: Tally, extra = ""): string {
  const line = `faults figures | ${scenario} | sent ${t.sent} | written ${t.written} (verdicts ${t.verdicts}, errors ${t.errors}) | lost ${t.lost.length} | duplicated ${t.duplicated.length}${extra ? ` | ${extra}` : ""}`;
  process.stderr.write(line + "\n");
  return line;
}

/** Wait until no job of `queues` is waiting, active or delayed (false on timeout). */
export async function drained(redis: Redis, prefix: string, timeoutMs: number, queues: readonly string[] = PIPELINE_QUEUES): Promise<boolean> {
  return pollUntil(async () => (await unfinished(redis, prefix, queues)) === 0, timeoutMs, 500);
}

/** Items for the runs: generated listings and sample scripts, each with an id of its own, as JSONL. */
export async function mixedItems(n: number, seed = 8): Promise<{ jsonl: string; ids: string[] }> {
  const { generateListing } = await import("../../tools/gen/listings.js");
  const scripts = readFileSync(join(ROOT, "samples", "scripts.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string });
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    let item: { id: string };
    if (i % 2 === 0) {
      const { expect: _e, allow: _a, ...listing } = generateListing(i, seed);
      item = { ...listing, id: `f${i}` };
    } else {
      item = { id: `f${i}`, channel: "script", text: scripts[i % scripts.length].text } as { id: string };
    }
    lines.push(JSON.stringify(item));
    ids.push(item.id);
  }
  return { jsonl: lines.join("\n") + "\n", ids };
}

/** `mixedItems` written to `items.jsonl` in a fresh temp dir. */
export async function mixedItemsFile(tag: string, n: number, seed?: number): Promise<{ file: string; ids: string[] }> {
  const { jsonl, ids } = await mixedItems(n, seed);
  const file = join(tempDir(tag), "items.jsonl");
  writeFileSync(file, jsonl);
  return { file, ids };
}

/**
 * A private redis-server for one describe block: started before its tests;
 * after them the block's worker processes are stopped (SIGTERM), clients
 * closed, the server stopped and temp dirs removed.
 */
export function usePrivateRedis(opts: PrivateRedisOptions = {}): { readonly redis: PrivateRedis; workers: WorkerProcess[] } {
  let redis: PrivateRedis | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await PrivateRedis.start(opts);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.term()));
    closeClients();
    await redis?.stop();
    await cleanup();
  });
  return {
    get redis() {
      if (!redis) throw new Error("the private redis-server is not started yet");
      return redis;
    },
    workers,
  };
}

/**
 * Why items got no verdict, for a failing test's output: every job (ingest or scoring) whose data names
 * one of them, with its state, attempts, stall count and failure, and what the workers logged of them
 * (their job lines, and every stall and failure).
 */
export async function lostReport(redis: Redis, prefix: string, lost: readonly string[], logs: readonly string[]): Promise<string> {
  if (!lost.length) return "";
  const out: string[] = [`${lost.length} item(s) without a verdict: ${lost.slice(0, 20).join(", ")}`];
  const want = lost.slice(0, 20).map((id) => `"id":${JSON.stringify(id)}`);
  for (const name of PIPELINE_QUEUES) {
    const q = new Queue(name, { connection: redis, prefix });
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:${name}:*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const id = key.slice(`${prefix}:${name}:`.length);
        if (id.includes(":") || (await redis.type(key)) !== "hash") continue;
        const data = await redis.hget(key, "data");
        if (!data || !want.some((w) => data.includes(w))) continue;
        const [atm, stc, failedReason] = await redis.hmget(key, "atm", "stc", "failedReason");
        out.push(`job ${name}/${id}: ${await q.getJobState(id)}, attempts ${atm ?? 0}, stalls ${stc ?? 0}${failedReason ? `, failed: ${failedReason}` : ""}`);
      }
    } while (cursor !== "0");
    await q.close();
  }
  const lines = logs.flatMap((l) => l.split("\n")).filter((l) => lost.some((id) => l.includes(`"${id}"`)) || /stalled|failed/.test(l));
  out.push(...lines.slice(0, 80));
  return out.join("\n");
}

