/**
 * Scenario 1 (issue 8): Redis dies in the middle of a run and comes back.
 *
 * A private redis-server with AOF (`appendfsync always`) on a spare port;
 * 2,000 items (generated listings and sample scripts) submitted; two worker
 * processes. A third of the way the server is SIGKILLed, two thirds of the
 * way it is shut down with SIGTERM; each time it is started again on the same
 * port and dir 1.5 s later. The workers reconnect on their own (they are not
 * restarted), and at the end every item has exactly one verdict in the stream.
 */
import { describe, expect, it } from "vitest";
import { testPrefix } from "../support/prefix.js";
import {
  drained,
  envFor,
  figures,
  frozenLexicons,
  mixedItemsFile,
  runHegui,
  startWorker,
  tally,
  testClient,
  usePrivateRedis,
  waitFor,
} from "../support/faults.js";

const N = 2000;
const DOWN_MS = 1500;

describe("Redis restarted in the middle of a run", () => {
  const suite = usePrivateRedis({ aof: true });
  const { workers } = suite;

  it("workers reconnect after a SIGKILL and a SIGTERM of redis-server; every item has exactly one verdict", async () => {
    const { redis } = suite;
    const prefix = testPrefix("restart");
    // Job lock shortened from 30 s so a job whose lock ran out during an outage comes back sooner.
    const env = envFor(redis.url, prefix, { HEGUI_LOCK_MS: "15000", HEGUI_STALLED_MS: "5000" });
    const lex = frozenLexicons();
    const { file, ids } = await mixedItemsFile("restart", N);
    const client = testClient(redis.url);
    const xlen = () => client.xlen(`${prefix}:verdicts`);

    workers.push(...(await Promise.all([startWorker(env, ["--lexicons", lex]), startWorker(env, ["--lexicons", lex])])));
    const sub = await runHegui(["submit", file], env);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stderr).toContain(`hegui submit: ${N} items`);

    const outages: Array<{ signal: "SIGKILL" | "SIGTERM"; before: number; after: number }> = [];
    for (const [signal, at] of [["SIGKILL", N / 3], ["SIGTERM", (2 * N) / 3]] as const) {
      await waitFor(async () => (await xlen()) >= at, 180_000, `${at} verdicts`, 20);
      const before = await xlen();
      await redis.crash(signal);
      await redis.restart(DOWN_MS);
      // AOF with appendfsync always: nothing acknowledged before the crash is gone.
      const after = await xlen();
      outages.push({ signal, before, after });
      expect(after, `verdicts after the ${signal} restart`).toBeGreaterThanOrEqual(before);
      // Still work left: the outage really was in the middle of the run.
      expect(before).toBeLessThan(N);
    }
    expect(redis.starts).toBe(3);

    const settled = await drained(client, prefix, 240_000);
    const t = await tally(client, prefix, ids);
    figures(
      "1 redis restart",
      t,
      outages.map((o) => `${o.signal} at ${o.before} verdicts, ${o.after} after restart`).join("; "),
    );
    expect(settled, "all queues drained").toBe(true);
    expect(t.lost, "items without a verdict").toEqual([]);
    expect(t.duplicated, "items with more than one stream entry").toEqual([]);
    expect(t.unexpected).toEqual([]);
    expect(t.errors).toBe(0);
    expect(t.verdicts).toBe(N);
    // The same processes did it all: they saw the outages (logged the refused reconnects) and reconnected rather than crashed.
    const seen = workers.map((w) => w.log().split("\n").filter((l) => l.includes(`127.0.0.1:${redis.port}`)).length);
    process.stderr.write(`faults: connection errors logged by the workers during the outages: ${seen.join(", ")}\n`);
    expect(seen.some((n) => n > 0), workers.map((w) => w.log()).join("\n---\n")).toBe(true);
    for (const w of workers) expect(w.alive(), w.log()).toBe(true);
    for (const w of workers.splice(0)) expect((await w.term()).code, w.log()).toBe(0);
    client.disconnect();
  }, 600_000);
});
