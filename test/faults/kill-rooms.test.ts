/**
 * Scenario 3 (issue 8): `kill -9` of a worker in the middle of live rooms.
 *
 * test/queue/kill.test.ts kills a worker during 5,000 independent jobs; here
 * the jobs share state: 50 rooms of 40 caption fragments each, whose
 * violations run across fragments ("…包" / "成活的…") and whose escalation
 * counts earlier fragments. Two worker processes judge them; one is killed
 * with SIGKILL while it holds room locks and jobs in flight, and the other
 * carries on alone: the killed worker's jobs come back through stalled-job
 * recovery, its room locks expire, and a fragment judged but not recorded is
 * judged again from the same state.
 *
 * The result must be exactly the sequential one: one verdict per fragment,
 * and each verdict (decision, violations with their fragment spans, room
 * order and context, escalation) equal to judging the room's fragments one
 * after another in one process (src/queue/room-judge.ts, then the scoring
 * stage). The gap wait is raised above the job lock so that a fragment
 * whose job died before it reached its room is waited for, not skipped
 * (skipping a gap is the documented behaviour for fragments that never come).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue, type Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { parseItem } from "../../src/io/item-schema.js";
import { escalate } from "../../src/score/decide.js";
import { loadQueueConfig, type QueueConfig } from "../../src/queue/config.js";
import { judgeFragment, parseState, type PendingFragment } from "../../src/queue/room-judge.js";
import type { Item, Verdict } from "../../src/types.js";
import { testPrefix } from "../support/prefix.js";
import {
  drained,
  envFor,
  figures,
  frozenLexicons,
  ROOT,
  runHegui,
  startWorker,
  type StreamRecord,
  tallyOf,
  tempDir,
  testClient,
  usePrivateRedis,
  verdictEntries,
  waitFor,
} from "../support/faults.js";

const ROOMS = 50;
const PER_ROOM = 40;
const N = ROOMS * PER_ROOM;
const T0 = 1_700_000_000_000;
/** Fragment texts, cycled: violations split across fragments, some in one, some clean. */
const TEXTS = ["家人们晚上好 今天这个月季苗 包", "成活的 放心拍 有问题的加微", "信 私聊我发你优惠", "这款面霜是全网最", "低价 错过就没了", "好了下一个链接 国家级", "认证的工艺", "今天天气不错 大家坐好"];

function fragment(room: number, seq: number): Item {
  return { id: `r${room}-${seq}`, channel: "caption", room: `fr${room}`, seq, ts: T0 + seq * 2000, text: TEXTS[(seq - 1) % TEXTS.length] } as Item;
}

/** The verdict parts compared: what the room and the kill could change. */
function shape(v: Verdict | Record<string, any>) {
  return {
    decision: v.decision,
    violations: (v.violations as Array<{ ruleId: string; spans: unknown }>).map((x) => ({ ruleId: x.ruleId, spans: x.spans })),
    room: v.room && { order: v.room.order, fragments: v.room.fragments, recentViolations: v.room.recentViolations, suppressed: v.room.suppressed },
    escalation: v.escalation,
  };
}

const seqOf = (id: string) => Number(id.split("-")[1]);

/** A stream verdict's shape with its room's fragment ids written as room 0's (the reference is computed for room 0). */
function asRoom0(e: StreamRecord): ReturnType<typeof shape> {
  const room = e.id.split("-")[0];
  return JSON.parse(JSON.stringify(shape(e.data)).split(`"${room}-`).join('"r0-'));
}

/** One room's fragments judged one after another in this process: the reference. */
function sequential(lex: string, cfg: QueueConfig): Map<number, ReturnType<typeof shape>> {
  const engine = createEngine({ lexiconDir: lex });
  let state = parseState(undefined);
  const out = new Map<number, ReturnType<typeof shape>>();
  for (let seq = 1; seq <= PER_ROOM; seq++) {
    const p = parseItem(fragment(0, seq));
    if (!p.ok) throw new Error(p.error);
    const f: PendingFragment = { queue: "captions", jobId: String(seq), item: p.item, t: T0 };
    const judged = judgeFragment(engine, f, state, seq === 1 ? "start" : "next", cfg);
    state = judged.state;
    const v = engine.verdict(p.item, judged.candidates, judged.lexiconVersion);
    v.room = judged.room;
    escalate(v, judged.room.recentViolations, engine.policy);
    out.set(seq, shape(v));
  }
  return out;
}

describe("kill -9 of a worker in the middle of live rooms", () => {
  const suite = usePrivateRedis({ aof: true });
  const { workers } = suite;

  it("recovers the killed worker's jobs and room locks: every fragment has exactly the sequential verdict, once", async () => {
    const { redis } = suite;
    const prefix = testPrefix("killrooms");
    const dir = tempDir("killrooms");
    const lex = frozenLexicons();
    // config/queues.json with a gap wait well above the job lock + stall check below.
    const cfg = JSON.parse(readFileSync(join(ROOT, "config", "queues.json"), "utf8")) as QueueConfig;
    cfg.room.gapWaitMs = 60_000;
    const cfgFile = join(dir, "queues.json");
    writeFileSync(cfgFile, JSON.stringify(cfg));
    const env = envFor(redis.url, prefix, { HEGUI_QUEUE_CONFIG: cfgFile, HEGUI_LOCK_MS: "10000", HEGUI_STALLED_MS: "3000" });
    const loaded = loadQueueConfig(cfgFile);

    const expected = sequential(lex, loaded);
    // The reference itself has cross-fragment violations, context and escalation to lose.
    const all = [...expected.values()];
    expect(all.some((v) => v.violations.some((x) => new Set((x.spans as Array<{ seq?: number }>).map((s) => s.seq)).size > 1))).toBe(true);
    expect(all.some((v) => v.escalation)).toBe(true);

    // Fragments as a live stream sends them: seq 1 of every room, then seq 2, …
    const ids: string[] = [];
    const lines: string[] = [];
    for (let seq = 1; seq <= PER_ROOM; seq++) {
      for (let room = 0; room < ROOMS; room++) {
        const f = fragment(room, seq);
        ids.push(f.id);
        lines.push(JSON.stringify(f));
      }
    }
    const file = join(dir, "fragments.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");

    const args = ["--lexicons", lex, "--queues", "captions,scoring"];
    const [a, b] = await Promise.all([startWorker(env, args), startWorker(env, args)]);
    workers.push(a, b);
    const client = testClient(redis.url);
    const sub = await runHegui(["submit", file], env);
    expect(sub.code, sub.stderr).toBe(0);

    const xlen = () => client.xlen(`${prefix}:verdicts`);
    await waitFor(async () => (await xlen()) >= N / 3, 240_000, `${N / 3} verdicts`, 20);
    const captions = new Queue("captions", { connection: client, prefix });
    const scoring = new Queue("scoring", { connection: client, prefix });
    const activeAtKill = (await captions.getActiveCount()) + (await scoring.getActiveCount());
    const locksAtKill = (await client.keys(`${prefix}:room:*:lock`)).length;
    await a.kill9();
    const atKill = await xlen();
    expect(atKill).toBeLessThan(N);

    const settled = await drained(client, prefix, 420_000, ["captions", "scoring"]);
    const entries = await verdictEntries(client, prefix);
    const t = tallyOf(entries, ids);

    // Jobs the stall check gave back (the killed worker's): evidence the kill hit work in flight.
    const finished: Job[] = [...(await captions.getCompleted(0, -1)), ...(await scoring.getCompleted(0, -1)), ...(await captions.getFailed(0, -1)), ...(await scoring.getFailed(0, -1))];
    const recovered = finished.filter((j) => j.stalledCounter > 0).length;
    const mismatched: string[] = [];
    for (const e of entries.filter((x: StreamRecord) => x.type === "verdict")) {
      if (JSON.stringify(asRoom0(e)) !== JSON.stringify(expected.get(seqOf(e.id)))) mismatched.push(e.id);
    }
    figures(
      "3 kill -9 in live rooms",
      t,
      `killed at ${atKill} verdicts with ${activeAtKill} jobs active and ${locksAtKill} room locks held; ${recovered} jobs recovered from stall; ${mismatched.length} verdicts differing from the sequential run`,
    );
    await captions.close();
    await scoring.close();

    expect(settled, "captions and scoring drained").toBe(true);
    expect(t.lost).toEqual([]);
    expect(t.duplicated).toEqual([]);
    expect(t.errors).toBe(0);
    expect(t.verdicts).toBe(N);
    expect(recovered, "jobs of the killed worker recovered from stall").toBeGreaterThan(0);
    if (mismatched.length) {
      const id = mismatched[0];
      const e = entries.find((x) => x.id === id)!;
      expect(asRoom0(e), `${mismatched.length} verdicts differ from the sequential run, e.g. ${id}`).toEqual(expected.get(seqOf(id)));
    }
    expect(b.alive(), b.log()).toBe(true);
    client.disconnect();
  }, 600_000);
});
