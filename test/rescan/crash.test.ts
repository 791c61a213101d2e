/**
 * Crash and restart with real processes: kill the rescan and one of two
 * workers halfway (SIGKILL), run it again, and get exactly one verdict per
 * listing, none lost; Ctrl-C (SIGINT) stops cleanly and a re-run finishes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RESCAN_QUEUE } from "../../src/rescan/worker.js";
import { testPrefix } from "../support/prefix.js";
import { engineFor, expectedVerdicts, frozenLexicons, readLines, ROOT, tempDir, writeInput, type Input } from "./helpers.js";

const redisUrl = inject("redisUrl");
const prefix = testPrefix("crash");
const lex = frozenLexicons();
const dir = tempDir("crash");
const env = { ...process.env, REDIS_URL: redisUrl, HEGUI_PREFIX: prefix, HEGUI_LEXICONS: lex, HEGUI_LOCK_MS: "2000", HEGUI_STALLED_MS: "1000", HEGUI_PROGRESS_MS: "500" };
const procs: ChildProcess[] = [];
let input: Input;
let expected: Map<string, string>;

function startWorker(): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(ROOT, "dist/src/rescan/worker-main.js")], { env, stdio: ["ignore", "ignore", "pipe"] });
  procs.push(p);
  return new Promise((resolve, reject) => {
    let err = "";
    p.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (/^ready \d+/m.test(err)) resolve(p);
    });
    p.once("exit", (code) => reject(new Error(`worker exited (${code}) before ready: ${err}`)));
  });
}

function startRescan(out: string): { proc: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> } {
  const proc = spawn(process.execPath, [join(ROOT, "bin/hegui.js"), "rescan", input.path, "--out", out, "--chunk-size", "100"], { env, stdio: ["ignore", "ignore", "pipe"] });
  procs.push(proc);
  let err = "";
  proc.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal, err })));
  return { proc, done };
}

const lineCount = (path: string) => (existsSync(path) ? readLines(readFileSync(path, "utf8")).length : 0);

async function waitForLines(path: string, n: number, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (lineCount(path) < n) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${path} did not reach ${n} lines`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function checkExactlyOnce(out: string): void {
  const lines = readLines(readFileSync(out, "utf8"));
  const ids = lines.map((l) => JSON.parse(l).id);
  expect(new Set(ids).size).toBe(ids.length); // nothing doubled
  expect(ids).toEqual(input.records.map((r) => r.item!.id)); // nothing lost, input order
  lines.forEach((l, i) => expect(l).toBe(expected.get(ids[i])));
}

beforeAll(async () => {
  input = writeInput(dir, 20_000, { seed: 11 });
  expected = await expectedVerdicts(engineFor(lex), input);
}, 300_000);

afterAll(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix });
  await q.obliterate({ force: true });
  await q.close();
});

describe("rescan crash and restart (processes)", () => {
  it("kill -9 of the rescan and one worker halfway, then a re-run: exactly one verdict per listing", async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const out = join(dir, "killed.jsonl");
    const first = startRescan(out);
    await waitForLines(out, 6000);
    first.proc.kill("SIGKILL");
    a.kill("SIGKILL");
    const r1 = await first.done;
    expect(r1.signal).toBe("SIGKILL");
    const partial = lineCount(out);
    expect(partial).toBeLessThan(input.records.length); // really stopped halfway

    const second = startRescan(out);
    const r2 = await second.done;
    expect(r2.err).toMatch(/resuming .* after chunk \d+/);
    expect(r2.code).toBe(1); // violations found, no bad lines
    checkExactlyOnce(out);
    b.kill("SIGTERM");
  }, 300_000);

  it("Ctrl-C stops after the chunk being written (exit 130) and a re-run finishes it", async () => {
    const w = await startWorker();
    const out = join(dir, "sigint.jsonl");
    const first = startRescan(out);
    await waitForLines(out, 3000);
    first.proc.kill("SIGINT");
    const r1 = await first.done;
    expect(r1.code).toBe(130);
    expect(r1.err).toMatch(/interrupted after chunk \d+ .*run the same command again/);
    expect(lineCount(out)).toBeLessThan(input.records.length);
    const r2 = await startRescan(out).done;
    expect(r2.code).toBe(1);
    checkExactlyOnce(out);
    w.kill("SIGTERM");
  }, 300_000);
});
