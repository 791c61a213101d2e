/**
 * Per-room state in Redis, and the order in which a room's fragments are judged.
 *
 * Keys (src/queue/names.ts): `<prefix>:room:<room>` (hash: next seq, state
 * JSON — its version stamp first, src/queue/room-judge.ts stateJson —,
 * gapSince), `…:pending` (zset of waiting fragments scored by seq),
 * `…:lock` (the drain lock, SET NX PX with a token), `…:done` (zset of
 * judged seqs → "jobId\nscoringJobId", the last `doneKeep`).
 *
 * `step` is one atomic script: add our fragment to pending (first call
 * only), then take the drain lock if it is free and hand back the lowest
 * pending fragment when it may be judged now — its seq is the expected next
 * one, lower (late: judged alone), the room is new and it is at most
 * `firstSeq`, or the gap before it has been open `gapWaitMs`. When nothing may
 * be judged the lock is released in the same script, so a fragment pushed
 * meanwhile is never stranded: either its own step takes the lock, or the
 * drainer's next step sees it. `commitAndStep` records a judged fragment
 * (state, next seq, done) if the lock is still ours and steps again, in one
 * round trip — writing the fragment's verdict first in the same script when
 * it was scored by the drainer itself.
 */
import type { Redis } from "ioredis";
import type { QueueConfig } from "./config.js";
import { LuaScript } from "./lua.js";
import type { Keys } from "./names.js";
import { stampPrefix, type RoomOrder } from "./room-judge.js";
import { writeLua } from "./verdict-sink.js";

/**
 * The step: ARGV 1 token, 2 lockMs, 3 our member, 4 our seq, 5 our job id, 6 push?, 7 gapWaitMs, 8 firstSeq,
 * 9 idleSeconds. Our member is the local `own` (set before the body: ARGV 3, or in a commit the judged
 * member when ARGV 3 is '' because the judged fragment is our own — sent once).
 */
const STEP_BODY = `
local seq = tonumber(ARGV[4])
local function doneOf()
  local p = ARGV[5] .. '\\n'
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], seq, seq)) do
    if string.sub(m, 1, #p) == p then return string.sub(m, #p + 1) end
  end
  return false
end
if ARGV[6] == '1' then
  local sj = doneOf()
  if sj then return {'done', sj} end
  redis.call('ZADD', KEYS[2], 'NX', seq, own)
  redis.call('EXPIRE', KEYS[2], ARGV[9])
end
local holder = redis.call('GET', KEYS[3])
local mine = holder == ARGV[1]
if not holder then
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
  mine = true
elseif mine then
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
local wait = 0
if mine then
  local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if head[1] then
    local hseq = tonumber(head[2])
    local st = redis.call('HMGET', KEYS[1], 'next', 'gapSince', 'state')
    local nxt = tonumber(st[1])
    local order = false
    if nxt and hseq < nxt then order = 'late'
    elseif nxt and hseq == nxt then order = 'next'
    elseif (not nxt) and hseq <= tonumber(ARGV[8]) then order = 'start'
    else
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local since = tonumber(st[2])
      if not since then
        redis.call('HSET', KEYS[1], 'gapSince', now)
        redis.call('EXPIRE', KEYS[1], ARGV[9])
        since = now
      end
      if now - since >= tonumber(ARGV[7]) then
        if nxt then order = 'skip' else order = 'start' end
      else
        wait = tonumber(ARGV[7]) - (now - since)
      end
    end
    if order then return {'judge', head[1], hseq, order, st[1] or '', st[3] or ''} end
  end
  redis.call('DEL', KEYS[3])
end
local sj = doneOf()
if sj then return {'done', sj} end
if redis.call('ZSCORE', KEYS[2], own) then
  if mine then return {'gap', wait} end
  return {'busy', redis.call('PTTL', KEYS[3])}
end
return {'missing'}
`;

/**
 * Commit (ARGV 10 member or '' when our own fragment is sent once as ARGV 3, 11 seq, 12 next or '', 13 state
 * JSON — its version stamp first, unique to this write —, 14 done member, 15 doneKeep) then step.
 */
const COMMIT_BODY = `
local own = ARGV[3]
if own == '' then own = ARGV[10] end
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {'lost'} end
if ARGV[10] ~= '' then redis.call('ZREM', KEYS[2], ARGV[10]) end
if ARGV[12] ~= '' then
  redis.call('HSET', KEYS[1], 'next', ARGV[12], 'state', ARGV[13])
  redis.call('HDEL', KEYS[1], 'gapSince')
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (tonumber(ARGV[12]) - tonumber(ARGV[15])))
else
  redis.call('HSET', KEYS[1], 'state', ARGV[13])
end
redis.call('ZADD', KEYS[4], ARGV[11], ARGV[14])
redis.call('EXPIRE', KEYS[1], ARGV[9])
redis.call('EXPIRE', KEYS[2], ARGV[9])
redis.call('EXPIRE', KEYS[4], ARGV[9])
`;

const STEP = new LuaScript("room-step", "local own = ARGV[3]\n" + STEP_BODY);
const COMMIT_STEP = new LuaScript("room-commit-step", COMMIT_BODY + STEP_BODY);
/** Write the fragment's verdict (KEYS 5–7, ARGV 16–22: src/queue/verdict-sink.ts), then commit and step. */
const WRITE_COMMIT_STEP = new LuaScript("room-write-commit-step", `do\n${writeLua(4, 15)}end\n` + COMMIT_BODY + STEP_BODY);

/**
 * The fast record of a fragment judged from the room state this process recorded last (no `step` before
 * it): KEYS and ARGV as WRITE_COMMIT_STEP, plus ARGV 23 the start of the state it was judged with, up to
 * and with its version stamp (stampPrefix: the state itself is not sent again — a stamp is unique to one
 * write, and any other write of the state, by any version of the code, starts otherwise). It goes ahead
 * only when what `step` would have handed back is exactly that fragment with that state — the lock is
 * free, the room's next seq is the fragment's, the state the one so stamped, nothing pending at or below it
 * and the fragment not done — then takes the lock and writes, records and steps as WRITE_COMMIT_STEP does.
 * Otherwise {'nofast'}, nothing changed. The fragment's member is not sent (ARGV 3 and 10 are ''): it was
 * never pushed (nothing is pending at or below its seq), and once recorded it is done.
 */
const FAST_PRELUDE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {'nofast'} end
local cur = redis.call('HMGET', KEYS[1], 'next', 'state')
if ARGV[23] == '' or cur[1] ~= ARGV[4] or string.sub(cur[2] or '', 1, #ARGV[23]) ~= ARGV[23] then return {'nofast'} end
if redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4], 'LIMIT', 0, 1)[1] then return {'nofast'} end
if redis.call('ZRANGEBYSCORE', KEYS[4], ARGV[4], ARGV[4], 'LIMIT', 0, 1)[1] then return {'nofast'} end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
`;
const FAST_WRITE_COMMIT_STEP = new LuaScript("room-fast-write-commit-step", FAST_PRELUDE + `do\n${writeLua(4, 15)}end\n` + COMMIT_BODY + STEP_BODY);

export type StepResult =
  /** Our fragment was judged: its scoring job id ("" when scored inline, "!reason" when judging it failed). */
  | { kind: "done"; scoringJob: string }
  /** The lock is ours: judge this fragment, then commit. */
  | { kind: "judge"; member: string; seq: number; order: RoomOrder; next?: number; state: string }
  /** Our fragment waits behind a gap; it may be skipped in `waitMs`. */
  | { kind: "gap"; waitMs: number }
  /** Another job holds the drain lock (for `lockTtlMs` more at most). */
  | { kind: "busy"; lockTtlMs: number }
  /** Our fragment is neither pending nor done (state expired): push it again. */
  | { kind: "missing" }
  /** (commit) The lock was lost meanwhile: nothing recorded; another drainer redoes the fragment. */
  | { kind: "lost" }
  /** (fastCommit) The room is not where this process left it: nothing done; take the ordinary way. */
  | { kind: "nofast" };

/** Our own fragment, as `step` needs it. */
export interface OwnFragment {
  member: string;
  seq: number;
  jobId: string;
}

/** A judged fragment, as `commit` records it. */
export interface JudgedFragment {
  member: string;
  seq: number;
  /** Move the room's next seq past it (not for a late fragment). */
  advance: boolean;
  /** The state as stored (stateJson: its version stamp first). */
  state: string;
  jobId: string;
  scoringJob: string;
}

function parse(r: Array<string | number>): StepResult {
  switch (r[0]) {
    case "done":
      return { kind: "done", scoringJob: String(r[1]) };
    case "judge":
      return {
        kind: "judge",
        member: String(r[1]),
        seq: Number(r[2]),
        order: String(r[3]) as RoomOrder,
        next: r[4] === "" ? undefined : Number(r[4]),
        state: String(r[5]),
      };
    case "gap":
      return { kind: "gap", waitMs: Number(r[1]) };
    case "busy":
      return { kind: "busy", lockTtlMs: Number(r[1]) };
    case "lost":
      return { kind: "lost" };
    case "nofast":
      return { kind: "nofast" };
    default:
      return { kind: "missing" };
  }
}

export class RoomStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly cfg: QueueConfig["room"],
  ) {}

  private k(room: string): string[] {
    const r = this.keys.room(room);
    return [r.state, r.pending, r.lock, r.done];
  }

  private stepArgs(token: string, own: OwnFragment, push: boolean): Array<string | number> {
    return [token, this.cfg.lockMs, own.member, own.seq, own.jobId, push ? "1" : "0", this.cfg.gapWaitMs, this.cfg.firstSeq, this.cfg.idleSeconds];
  }

  /** `own` undefined: the judged fragment is our own, its member sent once (ARGV 10). */
  private commitArgs(token: string, judged: JudgedFragment, own: OwnFragment | undefined): Array<string | number> {
    const mine = own === undefined || own.member === judged.member;
    return [
      token,
      this.cfg.lockMs,
      mine ? "" : own.member,
      own?.seq ?? judged.seq,
      own?.jobId ?? judged.jobId,
      "0",
      this.cfg.gapWaitMs,
      this.cfg.firstSeq,
      this.cfg.idleSeconds,
      judged.member,
      judged.seq,
      judged.advance ? String(judged.seq + 1) : "",
      judged.state,
      `${judged.jobId}\n${judged.scoringJob}`,
      this.cfg.doneKeep,
    ];
  }

  /** Push our fragment (first time), then take the lock and the next fragment to judge, or say why not. */
  async step(room: string, token: string, own: OwnFragment, push: boolean): Promise<StepResult> {
    return parse(await STEP.run<Array<string | number>>(this.redis, this.k(room), this.stepArgs(token, own, push)));
  }

  /**
   * Record a judged fragment (if the lock is still ours), then step again — one round trip. With
   * `write` (VerdictSink.spec of the fragment's verdict), the verdict is written first in the same
   * script, whether or not the lock is still ours (as a separate write before the record would be: the
   * written-marker keeps it to one entry when another drainer judges the fragment again).
   */
  async commitAndStep(room: string, token: string, judged: JudgedFragment, own: OwnFragment, write?: { keys: string[]; args: Array<string | number> }): Promise<StepResult> {
    const args = this.commitArgs(token, judged, own);
    if (!write) return parse(await COMMIT_STEP.run<Array<string | number>>(this.redis, this.k(room), args));
    return parse(await WRITE_COMMIT_STEP.run<Array<string | number>>(this.redis, [...this.k(room), ...write.keys], [...args, ...write.args]));
  }

  /**
   * Our own fragment, judged without a `step` from the state this process recorded for the room with the
   * seq before it (`judgedWith`: that state's version stamp): written, recorded and stepped on in one round
   * trip when the room is exactly as that `step` would have found it (FAST_WRITE_COMMIT_STEP), else
   * `nofast` and nothing done.
   */
  async fastCommit(room: string, token: string, judged: JudgedFragment, judgedWith: string, write: { keys: string[]; args: Array<string | number> }): Promise<StepResult> {
    const args = [...this.commitArgs(token, { ...judged, member: "" }, undefined), ...write.args, stampPrefix(judgedWith)];
    return parse(await FAST_WRITE_COMMIT_STEP.run<Array<string | number>>(this.redis, [...this.k(room), ...write.keys], args));
  }

  /** Release the lock if it is still ours (after a failure in the middle of a drain). */
  async release(room: string, token: string): Promise<void> {
    const lock = this.keys.room(room).lock;
    await this.redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lock, token);
  }
}
