/**
 * The match stage for one live-room fragment: put it in the room's pending
 * set, then drain the room in seq order while holding its lock (judging any
 * job's fragments that are ready, ours among them, and scoring them — their
 * verdicts written with the room's record of them, or, when a verdict needs
 * the ledger or a review task, by a scoring job), and finish once ours is
 * judged. A fragment behind a gap waits as a delayed job (it frees its
 * worker slot); a fragment behind another drainer polls briefly, then waits
 * as a delayed job too. See src/queue/room-store.ts for the ordering.
 */
import { randomBytes } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import type { Item } from "../types.js";
import type { JobRef, PipelineDeps } from "./deps.js";
import type { Reply } from "./job-data.js";
import { jobIdOf } from "./names.js";
import { judgeFragment, parseState, stampPrefix, stateJson, type PendingFragment, type RoomState } from "./room-judge.js";
import type { OwnFragment, StepResult } from "./room-store.js";
import { VerdictSink } from "./verdict-sink.js";

/** What the room store records for a fragment scored inline (no candidates: no scoring job). */
const SCORED_INLINE = "";

export interface IngestResult {
  /** The scoring job that carries this item's candidates. */
  scoringJob?: string;
  /** Scored in the room itself (no candidates, or a verdict that needs neither the ledger nor a review task), its verdict written with the record. */
  scoredInline?: true;
  room?: string;
  seq?: number;
}

/** A caption that is one fragment of a live room (no `fragments` of its own). */
export function isRoomFragment(item: Item): boolean {
  return item.channel === "caption" && item.room !== undefined && Number.isInteger(item.seq) && item.fragments === undefined && typeof item.text === "string";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** In-process polling while another job drains the room, before waiting as a delayed job. */
const BUSY_POLL_MS = 100;
/** In-process polling while our fragment waits behind a gap, before waiting as a delayed job. */
const GAP_POLL_MS = 30;

/** Rooms whose last recorded state this process remembers (the oldest are forgotten first). */
const KNOWN_ROOMS = 10_000;

export class RoomPipeline {
  private readonly worker = randomBytes(6).toString("hex");
  private runs = 0;
  private stamps = 0;
  /**
   * Per room, the next seq and the state this process recorded with the last fragment it judged there (as
   * an object, with the version stamp it was written with). A fragment with that seq is judged from it at
   * once and recorded with one script that checks the room is still exactly so (RoomStore.fastCommit, by
   * the stamp): one round trip instead of two when consecutive fragments of a room come to the same
   * process; anything else takes the ordinary way.
   */
  private readonly known = new Map<string, { next: number; ver: string; state: RoomState }>();

  constructor(private readonly deps: PipelineDeps) {}

  async run(item: Item, reply: Reply | undefined, job: JobRef): Promise<IngestResult> {
    const room = String(item.room);
    const seq = item.seq as number;
    const frag: PendingFragment = { queue: job.queue, jobId: job.id, item, reply, t: job.timestamp };
    const own: OwnFragment = { member: JSON.stringify(frag), seq, jobId: job.id };
    const token = `${this.worker}:${job.id}:${++this.runs}`;
    try {
      const fast = await this.fast(room, seq, token, frag, own);
      return await this.loop(room, seq, token, own, job, fast);
    } catch (e) {
      await this.deps.rooms.release(room, token).catch(() => {});
      throw e;
    }
  }

  /** A version stamp for a state this process writes: unique to the write (random process part, counter). */
  private stamp(): string {
    return `${this.worker}.${++this.stamps}`;
  }

  private remember(room: string, next: number, ver: string, state: RoomState): void {
    this.known.delete(room);
    this.known.set(room, { next, ver, state });
    if (this.known.size > KNOWN_ROOMS) this.known.delete(this.known.keys().next().value as string);
  }

  /**
   * Our fragment judged from the state this process recorded for the room (when it is the fragment after
   * that one) and recorded in one step, if the room is still so; else undefined: the ordinary way.
   */
  private async fast(room: string, seq: number, token: string, f: PendingFragment, own: OwnFragment): Promise<StepResult | undefined> {
    const known = this.known.get(room);
    if (!known || known.next !== seq) return undefined;
    this.known.delete(room);
    const { deps } = this;
    let judged;
    let here;
    try {
      judged = await deps.cpu.run(() => judgeFragment(deps.engine, f, known.state, "next", deps.config));
      const data = { item: f.item, candidates: judged.candidates, lexiconVersion: judged.lexiconVersion, source: { queue: f.queue, jobId: f.jobId }, reply: f.reply, room: judged.room };
      here = deps.sinkOnly ? await deps.sinkOnly(data) : undefined;
    } catch {
      return undefined; // the ordinary way judges it again and records any failure
    }
    if (!here) return undefined;
    const ver = this.stamp();
    const r = await deps.rooms.fastCommit(room, token, { member: own.member, seq, advance: true, state: stateJson(judged.state, ver), jobId: f.jobId, scoringJob: SCORED_INLINE }, known.ver, deps.sink.spec(here.identity, here.rec, here.reply));
    if (r.kind === "nofast") return undefined;
    this.remember(room, seq + 1, ver, judged.state);
    return r;
  }

  private async loop(room: string, seq: number, token: string, own: OwnFragment, job: JobRef, fast?: StepResult): Promise<IngestResult> {
    const { rooms } = this.deps;
    let busySince = 0;
    let gapSince = 0;
    let poll = 1;
    let r = fast ?? (await rooms.step(room, token, own, true));
    for (;;) {
      switch (r.kind) {
        case "done":
          if (r.scoringJob.startsWith("!")) throw new UnrecoverableError(r.scoringJob.slice(1));
          return r.scoringJob === SCORED_INLINE ? { scoredInline: true, room, seq } : { scoringJob: r.scoringJob, room, seq };
        case "judge":
          busySince = 0;
          gapSince = 0;
          poll = 1;
          r = await this.judge(room, token, r, own);
          break;
        case "missing":
          r = await rooms.step(room, token, own, true);
          break;
        case "lost":
          r = await rooms.step(room, token, own, false);
          break;
        case "nofast":
          r = await rooms.step(room, token, own, true);
          break;
        case "gap": {
          // The missing fragment is usually a moment behind (another worker has it): poll briefly, then wait
          // as a delayed job until the gap may be skipped.
          const now = Date.now();
          gapSince ||= now;
          if (now - gapSince > GAP_POLL_MS && r.waitMs > 0) return job.delay(now + r.waitMs + 1);
          await sleep(Math.max(1, Math.min(poll, r.waitMs)));
          poll = Math.min(poll * 2, 8);
          r = await rooms.step(room, token, own, false);
          break;
        }
        case "busy": {
          const now = Date.now();
          busySince ||= now;
          if (now - busySince > BUSY_POLL_MS) return job.delay(now + Math.min(Math.max(r.lockTtlMs, 20), 1000));
          await sleep(poll);
          poll = Math.min(poll * 2, 8);
          r = await rooms.step(room, token, own, false);
          break;
        }
      }
    }
  }

  /** Judge the fragment of `next` (any job's), score it (or hand it to scoring), record it and step on. Lock held. */
  private async judge(room: string, token: string, next: Extract<StepResult, { kind: "judge" }>, own: OwnFragment): Promise<StepResult> {
    const { deps } = this;
    const { member, order } = next;
    const f = JSON.parse(member) as PendingFragment;
    const seq = f.item.seq as number;
    const scoringJob = jobIdOf(f.queue, f.jobId);
    // The state as this process recorded it, when the room holds that very write (same stamp): not parsed again.
    const mine = this.known.get(room);
    const state = mine && next.state.startsWith(stampPrefix(mine.ver)) ? mine.state : parseState(next.state);
    const advance = order !== "late";
    let judged;
    try {
      judged = await deps.cpu.run(() => judgeFragment(deps.engine, f, state, order, deps.config));
    } catch (e) {
      // A fragment that cannot be judged must not block its room: record the failure and move on.
      const error = `cannot judge fragment ${seq} of room ${room}: ${(e as Error).message}`;
      deps.log(`hegui workers: ${error}`);
      this.known.delete(room);
      await deps.sink.write(VerdictSink.errorIdentity(f.queue, f.jobId), { type: "error", data: { id: f.item.id, error, queue: f.queue, jobId: f.jobId } }, f.reply);
      return deps.rooms.commitAndStep(room, token, { member, seq, advance, state: stateJson(state, this.stamp()), jobId: f.jobId, scoringJob: `!${error}` }, own);
    }
    const data = { item: f.item, candidates: judged.candidates, lexiconVersion: judged.lexiconVersion, source: { queue: f.queue, jobId: f.jobId }, reply: f.reply, room: judged.room };
    const ver = this.stamp();
    const record = { member, seq, advance, state: stateJson(judged.state, ver), jobId: f.jobId };
    // Scored here, its verdict written by the script that records the fragment (one round trip for both;
    // a crash before it judges the fragment again from the same state) — unless the verdict needs the
    // ledger or a review task: then by a scoring job, handed over before the record.
    let here: Awaited<ReturnType<NonNullable<typeof deps.sinkOnly>>>;
    try {
      here = deps.sinkOnly ? await deps.sinkOnly(data) : undefined;
    } catch (e) {
      // A verdict that cannot be computed here (a deadline under load, a rule's bug) must not block the
      // room either: the fragment goes to a scoring job of its own, which retries and fails on its own.
      deps.log(`hegui workers: fragment ${seq} of room ${room} not scored in the room (${(e as Error).message}); handed to scoring`);
      here = undefined;
    }
    let r: StepResult;
    if (here) r = await deps.rooms.commitAndStep(room, token, { ...record, scoringJob: SCORED_INLINE }, own, deps.sink.spec(here.identity, here.rec, here.reply));
    else {
      const by = await deps.score(scoringJob, data);
      r = await deps.rooms.commitAndStep(room, token, { ...record, scoringJob: by === "queued" ? scoringJob : SCORED_INLINE }, own);
    }
    // The room's next seq and state as recorded (a late fragment leaves the next seq where it was: forget).
    if (r.kind !== "lost" && advance) this.remember(room, seq + 1, ver, judged.state);
    else this.known.delete(room);
    return r;
  }
}
