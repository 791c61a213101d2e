/**
 * Scenario 4 (issue 8): SIGTERM drains.
 *
 * One worker process takes 1,000 items (listings and scripts); while it has
 * jobs in flight it gets SIGTERM. It must take no new jobs, finish the ones it
 * holds — their verdicts are in the stream when it exits, none of them comes
 * back through stalled-job recovery — and exit 0. A second worker started
 * after it does the rest; at the end every item has exactly one verdict.
 */
import { Job, Queue } from "bullmq";
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
  verdictEntries,
  waitFor,
} from "../support/faults.js";

const N = 1000;
const QUEUES = ["scripts", "listings", "scoring"];

describe("SIGTERM drains a worker", () => {
  const suite = usePrivateRedis();
  const { workers } = suite;

  it("finishes its in-flight jobs (verdicts written), exits 0; another worker does the rest; nothing lost or doubled", async () => {
    const { redis } = suite;
    const prefix = testPrefix("sigterm");
    const env = envFor(redis.url, prefix);
    const lex = frozenLexicons();
    const { file, ids } = await mixedItemsFile("sigterm", N, 33);
    const client = testClient(redis.url);
    const queues = new Map(QUEUES.map((q) => [q, new Queue(q, { connection: client, prefix })]));
    const xlen = () => client.xlen(`${prefix}:verdicts`);

    const a = await startWorker(env, ["--lexicons", lex, "--queues", QUEUES.join(",")]);
    workers.push(a);
    const sub = await runHegui(["submit", file], env);
    expect(sub.code, sub.stderr).toBe(0);

    await waitFor(async () => (await xlen()) >= N / 4, 180_000, `${N / 4} verdicts`, 20);
    // The jobs it holds right now (ingest and scoring), then SIGTERM.
    let inFlight: Job[] = [];
    await waitFor(
      async () => {
        inFlight = (await Promise.all([...queues.values()].map((q) => q.getActive()))).flat();
        return inFlight.some((j) => j.queueName !== "scoring") && inFlight.some((j) => j.queueName === "scoring");
      },
      60_000,
      "ingest and scoring jobs in flight",
      5,
    );
    a.proc.kill("SIGTERM");
    const exit = await a.exited;
    const atExit = await xlen();
    expect(exit.code, a.log()).toBe(0);
    expect(a.log()).toContain("SIGTERM, finishing in-flight jobs");
    expect(a.log()).toContain("hegui workers: stopped");
    expect(atExit, "work left for the second worker").toBeLessThan(N);

    // What it held was finished by it: completed, never given back by the stall check,
    // scoring jobs' verdicts already in the stream, ingest jobs' candidates handed to scoring
    // (or, for an item without candidates, its verdict written by the ingest job itself).
    const written = new Set((await verdictEntries(client, prefix)).map((e) => e.id));
    const unfinishedByA: string[] = [];
    for (const j of inFlight) {
      const now = await Job.fromId(queues.get(j.queueName)!, j.id!);
      const state = now ? await now.getState() : "missing";
      if (state !== "completed" || now!.stalledCounter !== 0) unfinishedByA.push(`${j.queueName}/${j.id}: ${state}, stalled ${now?.stalledCounter}`);
      else if (j.queueName === "scoring" && !written.has(j.data.item.id)) unfinishedByA.push(`${j.queueName}/${j.id}: no verdict for ${j.data.item.id}`);
      else if (j.queueName !== "scoring") {
        const r = now!.returnvalue as { scoringJob?: string; scoredInline?: true } | null;
        if (r?.scoredInline) {
          if (!written.has(j.data.item.id)) unfinishedByA.push(`${j.queueName}/${j.id}: scored inline, but no verdict for ${j.data.item.id}`);
        } else if (!(await Job.fromId(queues.get("scoring")!, `${j.queueName}-${j.id}`))) unfinishedByA.push(`${j.queueName}/${j.id}: no scoring job`);
      }
    }
    expect(unfinishedByA, "jobs in flight at SIGTERM not finished by the worker").toEqual([]);

    const b = await startWorker(env, ["--lexicons", lex, "--queues", QUEUES.join(",")]);
    workers.push(b);
    const settled = await drained(client, prefix, 300_000, QUEUES);
    const t = await tally(client, prefix, ids);
    const byB = t.written - atExit;
    figures(
      "4 SIGTERM drain",
      t,
      `${inFlight.length} jobs in flight at SIGTERM (${inFlight.filter((j) => j.queueName === "scoring").length} scoring), all finished by the stopping worker; ${atExit} verdicts when it exited 0, ${byB} by the second worker`,
    );
    expect(settled).toBe(true);
    expect(t.lost).toEqual([]);
    expect(t.duplicated).toEqual([]);
    expect(t.verdicts).toBe(N);
    expect(byB).toBeGreaterThan(0);
    for (const q of queues.values()) await q.close();
    client.disconnect();
  }, 600_000);
});
