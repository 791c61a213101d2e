/**
 * Live rooms: fragments sent as separate jobs (some out of order) and consumed
 * by two worker processes give each cross-fragment violation exactly once,
 * named by the fragments and offsets it rests on; escalation raises later
 * violating fragments of a busy room.
 */
import { Queue } from "bullmq";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dropPrefix, unfinished } from "../../src/queue/admin.js";
import { loadPolicy } from "../../src/score/policy.js";
import type { Verdict } from "../../src/types.js";
import { createEngine } from "../../src/engine.js";
import { testPrefix } from "../support/prefix.js";
import { envFor, lexiconSnapshot, redisFor, startWorkerProc, streamEntries, waitFor, type Entry, type WorkerProc } from "./helpers.js";

const TEXTS = ["家人们晚上好 今天这个月季苗 包", "成活的 放心拍 有问题的加微", "信 私聊我发你优惠", "这款面霜是全网最", "低价 错过就没了", "好了下一个链接 国家级", "认证的工艺"];
const ROOMS = ["a", "b", "c", "d"];
/** Send order of seqs per room: b and d out of order (early arrivals must wait their turn). */
const ORDER: Record<string, number[]> = { a: [1, 2, 3, 4, 5, 6, 7], b: [2, 1, 3, 5, 4, 7, 6], c: [1, 2, 3, 4, 5, 6, 7], d: [3, 2, 1, 4, 6, 5, 7] };

interface Span {
  field: string;
  start: number;
  end: number;
  seq?: number;
  fragment?: string;
}
interface Violation {
  ruleId: string;
  category: string;
  spans: Span[];
}

/** A violation's place in the room: [seq, offset] from, to (exclusive). */
interface Place {
  category: string;
  s: [number, number];
  e: [number, number];
}
const lt = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const overlap = (a: Place, b: Place) => a.category === b.category && lt(a.s, b.e) && lt(b.s, a.e);

/** Cross-fragment violations the engine finds in the whole room taken as one multi-fragment item. */
function expectedCross(lexiconDir: string): Place[] {
  const v = createEngine({ lexiconDir }).review({ id: "whole", channel: "caption", fragments: TEXTS.map((text, i) => ({ seq: i + 1, text })) });
  const out: Place[] = [];
  for (const x of v.violations) {
    const seqs = x.spans.map((s) => Number(/^fragments\[(\d+)\]/.exec(s.field)![1]) + 1);
    if (new Set(seqs).size < 2) continue;
    const last = x.spans[x.spans.length - 1];
    out.push({ category: x.category, s: [seqs[0], x.spans[0].start], e: [seqs[seqs.length - 1], last.end] });
  }
  return out;
}

describe("live rooms over two worker processes", () => {
  const url = inject("redisUrl");
  const prefix = testPrefix("rooms");
  const env = envFor(url, prefix);
  const redis = redisFor(url);
  let workers: WorkerProc[] = [];
  let entries: Entry[] = [];
  const lexicons = lexiconSnapshot();

  beforeAll(async () => {
    const args = ["--queues", "captions,scoring", "--lexicons", lexicons];
    workers = await Promise.all([startWorkerProc(env, args), startWorkerProc(env, args)]);
    const q = new Queue("captions", { connection: redis, prefix });
    // One job per fragment, rooms interleaved, each added on its own.
    for (let k = 0; k < TEXTS.length; k++) {
      for (const room of ROOMS) {
        const seq = ORDER[room][k];
        await q.add("item", { item: { id: `${room}-${seq}`, channel: "caption", room, seq, text: TEXTS[seq - 1] } });
      }
    }
    await q.close();
    await waitFor(async () => (await redis.xlen(`${prefix}:verdicts`)) >= ROOMS.length * TEXTS.length && (await unfinished(redis, prefix, ["captions", "scoring"])) === 0, 60_000, "all room verdicts");
    entries = await streamEntries(redis, prefix);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropPrefix(redis, prefix);
    redis.disconnect();
    rmSync(dirname(lexicons), { recursive: true, force: true });
  });

  it("writes one verdict per fragment", () => {
    expect(entries.filter((e) => e.type !== "verdict")).toEqual([]);
    expect(entries.map((e) => e.id).sort()).toEqual(ROOMS.flatMap((r) => TEXTS.map((_t, i) => `${r}-${i + 1}`)).sort());
  });

  it("reports each cross-fragment violation exactly once per room, naming its fragments and offsets", () => {
    const expected = expectedCross(lexicons);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const room of ROOMS) {
      const found: Place[] = [];
      for (const e of entries.filter((x) => x.id.startsWith(`${room}-`))) {
        for (const v of e.data.violations as Violation[]) {
          const rs = v.spans.filter((s) => typeof s.seq === "number");
          if (new Set(rs.map((s) => s.seq)).size < 2) continue;
          // Every span names its fragment (room-seq) and indexes that fragment's own text.
          for (const s of rs) {
            expect(s.fragment).toBe(`${room}-${s.seq}`);
            expect(s.end).toBeLessThanOrEqual(TEXTS[s.seq! - 1].length);
          }
          // The verdict is the one of the fragment the violation ends in.
          expect(e.id).toBe(`${room}-${rs[rs.length - 1].seq}`);
          found.push({ category: v.category, s: [rs[0].seq!, rs[0].start], e: [rs[rs.length - 1].seq!, rs[rs.length - 1].end] });
        }
      }
      // Each expected violation is reported by exactly one verdict; nothing else crosses fragments.
      for (const x of expected) expect(found.filter((f) => overlap(f, x)), `room ${room}: ${JSON.stringify(x)}`).toHaveLength(1);
      expect(found, `room ${room}`).toHaveLength(expected.length);
    }
  });

  it("judges fragments in seq order: each in-order fragment has the one before it as context", () => {
    for (const e of entries) {
      const r = e.data.room as { seq: number; order: string; fragments: Array<{ seq: number }> };
      if (r.seq === 1) expect(r.order).toBe("start");
      else {
        expect(r.order).toBe("next");
        expect(r.fragments.map((f) => f.seq)).toContain(r.seq - 1);
      }
    }
  });

  it("raises the decision of violating fragments once the room has enough recent violations", () => {
    const policy = loadPolicy();
    const cfg = policy.escalation;
    let escalated = 0;
    for (const e of entries) {
      const v = e.data as Verdict & { room: { recentViolations: number } };
      if (v.violations.length > 0 && v.room.recentViolations >= cfg.violations) {
        expect(v.decision).toBe(cfg.raiseTo === "block" ? "block" : expect.stringMatching(/review|block/));
        if (v.escalation) {
          escalated++;
          // The decision, its action and its reason are raised together.
          expect(v.action).toBe(policy.channels.caption.actions[v.decision]);
          expect(v.decisionReason).toMatch(new RegExp(`^room escalation: ${v.room.recentViolations} violation\\(s\\) within ${cfg.windowMinutes} min \\(was ${v.escalation.from}: `));
        }
      } else expect(v.escalation).toBeUndefined();
    }
    expect(escalated).toBeGreaterThan(0);
  });

  it("scores each fragment in the job that judged it: a scoring job only for a verdict with a ledger or review step", async () => {
    // No account on these fragments: a review task (with DATABASE_URL) is the only step that goes to the scoring queue.
    const withViolations = entries.filter((e) => (e.data.violations as unknown[]).length > 0).length;
    expect(withViolations).toBeGreaterThan(0);
    const stepped = process.env.DATABASE_URL ? entries.filter((e) => e.data.decision === "review").length : 0;
    const scoring = new Queue("scoring", { connection: redis, prefix });
    const counts = await scoring.getJobCounts("completed", "failed", "waiting", "active", "delayed");
    await scoring.close();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(stepped);
  });
});
