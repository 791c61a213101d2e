/**
 * Scenario 2 (issue 8): Redis down at start.
 *
 * - `hegui submit` exits 2 at once with a message that names the URL (the
 *   password masked) and says how to fix it;
 * - `hegui workers` started while nothing listens logs a clear message that
 *   names the URL (masked) and that it keeps trying, keeps retrying, and once
 *   a redis-server comes up on that port (with the password) it gets ready and
 *   judges what is submitted: one verdict per item;
 * - `hegui workers` waiting for Redis stops on SIGTERM (exit 0) rather than
 *   hanging until SIGKILL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrefix } from "../support/prefix.js";
import {
  cleanup,
  closeClients,
  envFor,
  figures,
  frozenLexicons,
  mixedItemsFile,
  pollUntil,
  PrivateRedis,
  runHegui,
  spawnWorker,
  tally,
  testClient,
  waitFor,
  type WorkerProcess,
} from "../support/faults.js";

const PASSWORD = "pw-Down-42";
const N = 300;

const countOf = (s: string, sub: string) => s.split(sub).length - 1;

describe("Redis down at start", () => {
  const workers: WorkerProcess[] = [];
  const servers: PrivateRedis[] = [];
  let lex: string;

  beforeAll(() => {
    lex = frozenLexicons();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill9()));
    closeClients();
    await Promise.all(servers.map((s) => s.stop()));
    await cleanup();
  });

  it("submit exits 2 with the URL (password masked) and how to fix it", async () => {
    const down = await PrivateRedis.reserve({ password: PASSWORD });
    const { file } = await mixedItemsFile("down-submit", 3);
    for (const args of [["submit", file], ["submit", file, "--wait"]]) {
      const r = await runHegui(args, envFor(down.url, testPrefix("down")));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${down.port}`);
      expect(r.stderr).not.toContain(PASSWORD);
      // How to fix it.
      expect(r.stderr).toMatch(/redis-server|REDIS_URL/);
      // A message, not a stack trace.
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    }
  }, 60_000);

  it("workers log a clear message, keep retrying, and work once Redis comes up", async () => {
    const redis = await PrivateRedis.reserve({ password: PASSWORD, aof: true });
    servers.push(redis);
    const prefix = testPrefix("downstart");
    const env = envFor(redis.url, prefix);
    const w = spawnWorker(env, ["--lexicons", lex, "--queues", "scripts,listings,scoring"]);
    workers.push(w);
    const masked = `redis://:***@127.0.0.1:${redis.port}`;

    // Several failed attempts, logged, while the process stays up.
    await waitFor(() => countOf(w.log(), masked) >= 3 || !w.alive(), 60_000, "three logged connection attempts");
    expect(w.alive(), w.log()).toBe(true);
    const log = w.log();
    expect(log).not.toContain(PASSWORD);
    expect(log).toMatch(/ECONNREFUSED/);
    expect(log).not.toContain("hegui workers: ready");
    // The message says it keeps trying (and how to fix), not only the socket error.
    expect.soft(log, "the worker's message while Redis is down").toMatch(/retry|retrying|reconnect|waiting for Redis/i);
    expect.soft(log).toMatch(/redis-server|REDIS_URL/);

    await redis.startServer();
    await waitFor(() => w.log().includes("hegui workers: ready") || !w.alive(), 90_000, "the worker to be ready after Redis came up");
    expect(w.alive(), w.log()).toBe(true);

    const { file, ids } = await mixedItemsFile("down-start", N, 21);
    const sub = await runHegui(["submit", file, "--wait", "--timeout", "300"], env);
    expect([0, 1], sub.stderr).toContain(sub.code);
    const client = testClient(redis.url);
    const t = await tally(client, prefix, ids);
    client.disconnect();
    figures("2 redis down at start", t, `${countOf(log, masked)} connection errors logged before Redis came up`);
    expect(t.lost).toEqual([]);
    expect(t.duplicated).toEqual([]);
    expect(t.verdicts).toBe(N);
    expect((await w.term()).code, w.log()).toBe(0);
  }, 300_000);

  it("workers waiting for Redis stop on SIGTERM", async () => {
    const down = await PrivateRedis.reserve({ password: PASSWORD });
    const w = spawnWorker(envFor(down.url, testPrefix("downterm")), ["--lexicons", lex, "--queues", "scripts"]);
    workers.push(w);
    const masked = `redis://:***@127.0.0.1:${down.port}`;
    await waitFor(() => w.log().includes(masked) || !w.alive(), 60_000, "a logged connection attempt");
    expect(w.alive(), w.log()).toBe(true);
    w.proc.kill("SIGTERM");
    // Generous: stopping needs no Redis, only the process to notice the signal.
    const stopped = await pollUntil(() => !w.alive(), 30_000);
    const log = w.log();
    if (!stopped) await w.kill9();
    expect(stopped, `hegui workers still running 30 s after SIGTERM while Redis is down; its log:\n${log.slice(-600)}`).toBe(true);
    expect(w.proc.exitCode).toBe(0);
  }, 120_000);
});
