/**
 * The review threads of `hegui serve` switch to a published bundle in place
 * (ReviewPool.reload({bundle}), what the server's LexiconFollower asks): the
 * same threads, their engines kept, only the lexicon compiled; items queued
 * meanwhile wait for the switch and are judged on the new lexicon. A bundle a
 * thread cannot compile falls back to new threads, which fail too: the reload
 * is refused and the old threads keep serving the old version.
 * Runs the compiled pool (dist/, built by the global setup).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lexiconVersionOf } from "../src/lexicon/read.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";
import { addEntry, copyLexicons, SHANZHAI } from "./support/lexicon-copy.js";

type PoolModule = typeof import("../src/api/review-pool.js");
const DIST = fileURLToPath(new URL("../dist/src/api/review-pool.js", import.meta.url));

const bundleOf = (dir: string) => {
  const files = Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith(".yaml")).map((n) => [n, readFileSync(join(dir, n), "utf8")]));
  return { version: lexiconVersionOf(files), files };
};
const threadIds = (pool: unknown) => (pool as { slots: Array<{ worker: { threadId: number } }> }).slots.map((s) => s.worker.threadId);

let pool: InstanceType<PoolModule["ReviewPool"]>;
const logged: string[] = [];
beforeAll(async () => {
  const { ReviewPool } = (await import(DIST)) as PoolModule;
  pool = new ReviewPool({ threads: 2, lexiconDir: FIXTURE_LEXICONS, deadlineMs: 30_000, log: (l) => logged.push(l) });
  await pool.ready();
}, 60_000);
afterAll(() => pool?.close());

describe("review threads switch to a published bundle in place", () => {
  it("same threads, the new lexicon, items sent during the switch judged on it", async () => {
    const before = threadIds(pool);
    const old = pool.lexiconVersion!;
    expect((await pool.review({ id: "a", channel: "caption", text: "这个是山寨货" })).violations.map((v) => v.ruleId)).not.toContain("fx.shanzhai");
    const bundle = bundleOf(copyLexicons("swap", (d) => addEntry(d, SHANZHAI)));
    expect(bundle.version).not.toBe(old);
    // The items running (one per thread) finish on the old lexicon; the ones still waiting for a
    // thread, and those sent after the reload, wait for the switch and see the new one.
    const running = Array.from({ length: 4 }, (_, i) => pool.review({ id: `r${i}`, channel: "caption", text: "家人们，这个月季包成活。".repeat(200) }));
    const t0 = performance.now();
    const reload = pool.reload({ bundle });
    const after = Array.from({ length: 4 }, (_, i) => pool.review({ id: `n${i}`, channel: "caption", text: "这个是山寨货" }));
    await reload;
    const ms = performance.now() - t0;
    process.stdout.write(`[review-pool-swap] 2 threads on ${bundle.version} in place in ${ms.toFixed(0)} ms\n`);
    expect(pool.lexiconVersion).toBe(bundle.version);
    expect(threadIds(pool)).toEqual(before);
    expect((await Promise.all(running)).map((v) => v.lexiconVersion)).toEqual([old, old, bundle.version, bundle.version]);
    for (const v of await Promise.all(after)) {
      expect(v.lexiconVersion).toBe(bundle.version);
      expect(v.violations.map((x) => x.ruleId)).toContain("fx.shanzhai");
    }
    expect(logged).toEqual([]);
  }, 60_000);

  it("two switches asked at once both settle, and the threads end on the later one", async () => {
    const a = bundleOf(copyLexicons("swap-a", (d) => addEntry(d, SHANZHAI)));
    const files = { ...a.files, "counterfeit.yaml": a.files["counterfeit.yaml"] + "\n# the later bundle\n" };
    const b = { version: lexiconVersionOf(files), files };
    expect(b.version).not.toBe(a.version);
    // Before, the second switch took the first's place on each thread: the first reload never settled.
    const both = Promise.all([pool.reload({ bundle: a }), pool.reload({ bundle: b })]);
    const timeout = new Promise<string>((res) => setTimeout(() => res("timed out"), 20_000).unref());
    expect(await Promise.race([both.then(() => "settled"), timeout])).toBe("settled");
    expect(pool.lexiconVersion).toBe(b.version);
    expect((await pool.review({ id: "ab", channel: "caption", text: "这个是山寨货" })).lexiconVersion).toBe(b.version);
  }, 60_000);

  it("a bundle the threads cannot compile: new threads tried, the reload refused, the old version kept", async () => {
    const was = pool.lexiconVersion;
    const files = { ...bundleOf(FIXTURE_LEXICONS).files, "counterfeit.yaml": "category: counterfeit\nversion: x\n" };
    await expect(pool.reload({ bundle: { version: lexiconVersionOf(files), files } })).rejects.toThrow(/counterfeit\.yaml/);
    expect(logged.join("\n")).toMatch(/could not switch to lexicon \w+ in place .*counterfeit\.yaml.*starting new threads/s);
    expect(pool.lexiconVersion).toBe(was);
    expect((await pool.review({ id: "k", channel: "caption", text: "这个是山寨货" })).lexiconVersion).toBe(was);
  }, 60_000);
});
