/** The dev set through the queues (`hegui submit --wait`, two worker processes) gives the same categories per item as `hegui scan`. */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../../src/queue/admin.js";
import { testPrefix } from "../support/prefix.js";
import { isRoomFragment } from "../../src/queue/room-pipeline.js";
import type { Item } from "../../src/types.js";
import { countBy, DEV_SET, envFor, jsonLines, lexiconSnapshot, redisFor, runHegui, startWorkerProc, streamEntries, type WorkerProc } from "./helpers.js";

interface V {
  id: string;
  lexiconVersion?: string;
  violations?: Array<{ category: string }>;
  error?: string;
}

/** Items in the labelled set (184 in the dev set). */
const N = readFileSync(DEV_SET, "utf8").split("\n").filter((l) => l.trim()).length;
const categories = (v: V) => [...new Set((v.violations ?? []).map((x) => x.category))].sort();

describe("queue pipeline vs hegui scan", () => {
  const url = inject("redisUrl");
  const prefix = testPrefix("devset");
  const env = envFor(url, prefix);
  const redis = redisFor(url);
  let workers: WorkerProc[] = [];
  const lexicons = lexiconSnapshot();

  beforeAll(async () => {
    workers = await Promise.all([startWorkerProc(env, ["--lexicons", lexicons]), startWorkerProc(env, ["--lexicons", lexicons])]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dirname(lexicons), { recursive: true, force: true });
  });

  it("gives every dev item the categories hegui scan gives it, one verdict each in the stream", async () => {
    const [sub, scan] = await Promise.all([runHegui(["submit", DEV_SET, "--wait", "--timeout", "120"], env), runHegui(["scan", DEV_SET, "--lexicons", lexicons], env)]);
    expect(sub.stderr).toContain(`hegui submit: ${N} items`);
    const queued = jsonLines<V>(sub.stdout);
    const direct = jsonLines<V>(scan.stdout);
    expect(queued).toHaveLength(N);
    expect(queued.filter((v) => v.error)).toEqual([]);
    // Same input order, same lexicon.
    expect(queued.map((v) => v.id)).toEqual(direct.map((v) => v.id));
    expect(new Set(queued.map((v) => v.lexiconVersion))).toEqual(new Set(direct.map((v) => v.lexiconVersion)));
    const byId = (vs: V[]) => Object.fromEntries(vs.map((v) => [v.id, categories(v)]));
    expect(byId(queued)).toEqual(byId(direct));
    expect(sub.code).toBe(scan.code);

    const entries = await streamEntries(redis, prefix);
    expect(entries.filter((e) => e.type !== "verdict")).toEqual([]);
    const counts = countBy(entries, (e) => e.id);
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // Items without candidates were scored in their ingest job (no scoring job, a pass verdict), and so
    // were live-room fragments whose verdict needs no ledger or review step; every other item has its
    // scoring job.
    const scoring = new Queue("scoring", { connection: redis, prefix });
    const verdictOf = new Map(queued.map((v) => [v.id, v as V & { decision?: string }]));
    let inline = 0;
    for (const q of ["captions", "scripts", "listings"]) {
      const queue = new Queue(q, { connection: redis, prefix });
      for (const job of await queue.getCompleted(0, -1)) {
        const r = job.returnvalue as { scoringJob?: string; scoredInline?: true };
        const item = (job.data as { item: Item }).item;
        const id = item.id;
        if (r.scoredInline) {
          inline++;
          const v = verdictOf.get(id)!;
          if (!isRoomFragment(item)) expect(v.violations, id).toEqual([]);
          else if ((v.violations ?? []).length > 0) {
            expect(Boolean(item.account) && v.decision !== "review", `${id}: a ledger step`).toBe(false);
            expect(Boolean(process.env.DATABASE_URL) && v.decision === "review", `${id}: a review task`).toBe(false);
          }
          expect(await scoring.getJob(`${q}-${job.id}`), id).toBeUndefined();
        } else {
          expect(r.scoringJob).toBe(`${q}-${job.id}`);
          expect(await scoring.getJob(r.scoringJob!), id).toBeDefined();
        }
      }
      await queue.close();
    }
    await scoring.close();
    expect(inline, "clean items scored inline").toBeGreaterThan(0);
  }, 180_000);
});
