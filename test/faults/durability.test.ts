/**
 * Issue #11 item 8: durability of the queue's Redis.
 *
 * - `hegui workers` and `hegui serve` warn on stderr at start when Redis keeps
 *   nothing across a restart (neither AOF nor RDB snapshots), and say so when
 *   CONFIG is disabled and persistence cannot be checked; no warning with AOF.
 * - With the production setting of docs/queues.md (AOF, `appendfsync everysec`), Redis
 *   restarted in the middle of a run of 5,000 items — once shut down
 *   (SIGTERM), once killed (SIGKILL) — loses nothing and duplicates nothing.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { testPrefix } from "../support/prefix.js";
import {
  drained,
  envFor,
  figures,
  FIXTURE_LEXICONS,
  frozenLexicons,
  HEGUI,
  lostReport,
  mixedItemsFile,
  runHegui,
  startWorker,
  tally,
  testClient,
  usePrivateRedis,
  waitFor,
  type PrivateRedisOptions,
  type Tally,
} from "../support/faults.js";

const NO_PERSISTENCE = /warning: Redis has no persistence \(appendonly no, save ""\)/;
const UNCHECKED = /warning: cannot check Redis persistence \(CONFIG GET refused/;

/** `hegui serve` on a spare port with REDIS_URL set: its stderr once it is listening. */
async function serveStderr(env: NodeJS.ProcessEnv): Promise<string> {
  const p = spawn(process.execPath, [HEGUI, "serve", "--port", "0", "--lexicons", FIXTURE_LEXICONS], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  p.stdout.on("data", (d: Buffer) => (out += d.toString()));
  p.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise((r) => p.once("exit", r));
  try {
    await waitFor(() => out.includes("hegui serve: http") || p.exitCode !== null, 120_000, "hegui serve listening", 50);
  } finally {
    p.kill("SIGTERM");
    await exited;
  }
  expect(out, err).toContain("hegui serve: http");
  return err;
}

/** A worker's start-up log (until ready), then stopped: the messages of its JSON log lines (docs/deploy.md, "Logs"). */
async function workerLog(url: string): Promise<string> {
  const w = await startWorker(envFor(url, testPrefix("durwarn")), ["--queues", "scripts", "--lexicons", FIXTURE_LEXICONS]);
  const log = w.log();
  await w.term();
  return log
    .split("\n")
    .map((l) => {
      try {
        return String((JSON.parse(l) as { msg: unknown }).msg);
      } catch {
        return l;
      }
    })
    .join("\n");
}

function startupWarnings(name: string, opts: PrivateRedisOptions, expected: RegExp | null) {
  describe(`start-up warning: ${name}`, () => {
    const suite = usePrivateRedis(opts);
    it("hegui workers and hegui serve", async () => {
      const url = suite.redis.url;
      const wl = await workerLog(url);
      const sl = await serveStderr(envFor(url, testPrefix("durserve")));
      for (const log of [wl, sl]) {
        if (expected) expect(log).toMatch(expected);
        else expect(log).not.toMatch(/persist/);
      }
    }, 240_000);
  });
}

startupWarnings("no AOF, no RDB", {}, NO_PERSISTENCE);
startupWarnings("AOF on", { aof: true, appendfsync: "everysec" }, null);
startupWarnings("CONFIG disabled", { args: ["--rename-command", "CONFIG", ""] }, UNCHECKED);

const N = 5000;
const DOWN_MS = 1500;

describe("Redis restarted mid-run with AOF appendfsync everysec (the production setting)", () => {
  const suite = usePrivateRedis({ aof: true, appendfsync: "everysec" });
  const { workers } = suite;

  it(`${N.toLocaleString("en-US")} items, a SIGTERM and a SIGKILL restart of redis-server: 0 lost, 0 duplicated`, async () => {
    const { redis } = suite;
    const prefix = testPrefix("durable");
    const env = envFor(redis.url, prefix, { HEGUI_LOCK_MS: "15000", HEGUI_STALLED_MS: "5000" });
    const lex = frozenLexicons();
    const { file, ids } = await mixedItemsFile("durable", N);
    const client = testClient(redis.url);
    const xlen = () => client.xlen(`${prefix}:verdicts`);

    workers.push(...(await Promise.all([startWorker(env, ["--lexicons", lex]), startWorker(env, ["--lexicons", lex])])));
    for (const w of workers) expect(w.log()).not.toMatch(/persist/);
    const sub = await runHegui(["submit", file], env);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stderr).toContain(`hegui submit: ${N} items`);

    const outages: Array<{ signal: string; before: number; after: number }> = [];
    for (const [signal, at] of [["SIGTERM", N / 3], ["SIGKILL", (2 * N) / 3]] as const) {
      await waitFor(async () => (await xlen()) >= at, 300_000, `${at} verdicts`, 20);
      const before = await xlen();
      await redis.crash(signal);
      await redis.restart(DOWN_MS);
      outages.push({ signal, before, after: await xlen() });
      expect(before, "the restart was in the middle of the run").toBeLessThan(N);
    }
    expect(redis.starts).toBe(3);

    const settled = await drained(client, prefix, 300_000);
    const t: Tally = await tally(client, prefix, ids);
    const note = outages.map((o) => `${o.signal} at ${o.before} verdicts, ${o.after} after restart`).join("; ");
    figures("redis restart, AOF everysec", t, note);
    process.stderr.write(
      [
        "",
        "| scenario | sent | verdicts | errors | lost | duplicated | restarts |",
        "|---|---:|---:|---:|---:|---:|---|",
        `| Redis restart, AOF everysec | ${t.sent} | ${t.verdicts} | ${t.errors} | ${t.lost.length} | ${t.duplicated.length} | ${note} |`,
        "",
      ].join("\n"),
    );
    if (t.lost.length) process.stderr.write((await lostReport(client, prefix, t.lost, workers.map((w) => w.log()))) + "\n");
    expect(settled, "all queues drained").toBe(true);
    expect(t.lost, "items without a verdict").toEqual([]);
    expect(t.duplicated, "items with more than one stream entry").toEqual([]);
    expect(t.unexpected).toEqual([]);
    expect(t.errors).toBe(0);
    expect(t.verdicts).toBe(N);
    for (const w of workers) expect(w.alive(), w.log()).toBe(true);
    for (const w of workers.splice(0)) expect((await w.term()).code, w.log()).toBe(0);
  }, 900_000);
});
