/** Queue tests: worker processes (`hegui workers`), CLI runs, and reading the verdict stream. */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { readStream } from "../../src/queue/verdict-stream.js";
import { loadQueueConfig } from "../../src/queue/config.js";
import { CpuGate } from "../../src/queue/cpu-gate.js";
import type { PipelineDeps } from "../../src/queue/deps.js";
import { Keys } from "../../src/queue/names.js";
import { RoomStore } from "../../src/queue/room-store.js";
import { VerdictSink } from "../../src/queue/verdict-sink.js";
import { fixtureEngine } from "../support/engine.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const HEGUI = `${ROOT}bin/hegui.js`;
/** The dev set (../shared/eval/dev.jsonl or HEGUI_DEV_SET), else samples/holdout.jsonl (same format). */
export { LABELLED_SET as DEV_SET } from "../support/dev-set.js";

export function envFor(redisUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, REDIS_URL: redisUrl, HEGUI_PREFIX: prefix, ...extra };
}

export interface WorkerProc {
  proc: ChildProcess;
  log(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait until it is gone. */
  kill9(): Promise<void>;
}

/** Start `hegui workers ARGS` and wait for its ready line. */
export function startWorkerProc(env: NodeJS.ProcessEnv, args: string[] = []): Promise<WorkerProc> {
  const proc = spawn(process.execPath, [HEGUI, "workers", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const w: WorkerProc = {
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (log.includes("hegui workers: ready")) {
        clearInterval(t);
        resolve(w);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(t);
      reject(new Error(`hegui workers exited (${code}) before it was ready:\n${log}`));
    });
  });
}

export { runHegui, type CliRun } from "../support/faults.js";

export function jsonLines<T = Record<string, unknown>>(s: string): T[] {
  return s
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function redisFor(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export interface Entry {
  type: string;
  id: string;
  data: Record<string, any>;
}

export async function streamEntries(redis: Redis, prefix: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const e of readStream(redis, `${prefix}:verdicts`)) out.push({ type: e.type, id: e.id, data: JSON.parse(e.data) });
  return out;
}

export function countBy<T>(xs: T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

/** A snapshot of the shipped lexicons, so workers and the in-test engine agree while lexicons/ is being edited. */
export function lexiconSnapshot(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "hegui-lex-")), "lexicons");
  cpSync(join(ROOT, "lexicons"), dir, { recursive: true });
  return dir;
}

/**
 * In-process pipeline dependencies on the fixture engine and a test prefix: the real sink, room store
 * and CPU gate; `score` (and anything else) supplied by the test.
 */
export function pipelineDeps(redis: Redis, prefix: string, over: Pick<PipelineDeps, "score"> & Partial<PipelineDeps>): PipelineDeps {
  const config = loadQueueConfig();
  const keys = new Keys(prefix);
  return {
    engine: fixtureEngine(),
    redis,
    keys,
    config,
    sink: new VerdictSink(redis, keys, config),
    rooms: new RoomStore(redis, keys, config.room),
    log: () => {},
    cpu: new CpuGate(),
    ...over,
  };
}
