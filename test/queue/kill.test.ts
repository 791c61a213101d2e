/**
 * kill -9 of a worker process in the middle of 5,000 jobs, then a restart:
 * every item has exactly one verdict in the stream.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropPrefix, unfinished } from "../../src/queue/admin.js";
import { testPrefix } from "../support/prefix.js";
import { countBy, DEV_SET, envFor, redisFor, runHegui, startWorkerProc, streamEntries, waitFor, type WorkerProc } from "./helpers.js";

const N = 5000;
const QUEUES = ["captions", "scripts", "listings", "scoring"];

/** N items from the dev set with ids of their own; captions become fragments of 40 rooms in seq order. */
function items(): string {
  const dev = readFileSync(DEV_SET, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const seqs = new Map<string, number>();
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const { expect: _e, allow: _a, note: _n, ...base } = dev[i % dev.length];
    const item: Record<string, unknown> = { ...base, id: `k${i}` };
    if (item.channel === "caption" && typeof item.text === "string" && !item.fragments) {
      const room = `kr${i % 40}`;
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      Object.assign(item, { room, seq });
    }
    lines.push(JSON.stringify(item));
  }
  return lines.join("\n") + "\n";
}

describe("exactly once across a kill -9", () => {
  const url = inject("redisUrl");
  const prefix = testPrefix("kill9");
  // A short job lock, so the killed worker's jobs come back within seconds.
  const env = envFor(url, prefix, { HEGUI_LOCK_MS: "5000", HEGUI_STALLED_MS: "2000" });
  const redis = redisFor(url);
  const dir = mkdtempSync(join(tmpdir(), "hegui-kill-"));
  const workers: WorkerProc[] = [];

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives each of 5,000 items exactly one verdict", async () => {
    const file = join(dir, "items.jsonl");
    writeFileSync(file, items());
    workers.push(...(await Promise.all([startWorkerProc(env), startWorkerProc(env)])));
    const sub = await runHegui(["submit", file], env);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stderr).toContain(`hegui submit: ${N} items`);

    const xlen = () => redis.xlen(`${prefix}:verdicts`);
    await waitFor(async () => (await xlen()) >= 1000, 120_000, "1000 verdicts", 20);
    await workers[0].kill9();
    const atKill = await xlen();
    // The kill happened with work left.
    expect(atKill).toBeLessThan(N);
    workers.push(await startWorkerProc(env));

    await waitFor(async () => (await xlen()) >= N && (await unfinished(redis, prefix, QUEUES)) === 0, 150_000, "all verdicts", 250);
    const entries = await streamEntries(redis, prefix);
    expect(entries.filter((e) => e.type !== "verdict")).toEqual([]);
    const counts = countBy(entries, (e) => e.id);
    const twice = [...counts].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    expect(counts.size).toBe(N);
    expect(entries).toHaveLength(N);
    process.stderr.write(`kill -9 test: ${atKill} verdicts at the kill, ${entries.length} after the restart, ${counts.size} distinct items\n`);
  }, 300_000);
});
