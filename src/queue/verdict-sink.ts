/**
 * Writing results: the verdict stream `<prefix>:verdicts` and, for
 * `hegui submit --wait`, the submission's reply list.
 *
 * Exactly once: one Lua script checks the written-marker of the result's
 * identity (item content + lexicon version for a verdict, queue + job id for
 * an error record), XADDs (MAXLEN ~) only when there is none and sets the
 * marker with the stream id — atomically, so a retried or re-run job never
 * writes a second entry. The reply list is pushed every time (the submitter
 * keeps the first result per index).
 */
import type { Redis } from "ioredis";
import type { ErrorRecord, Verdict } from "../types.js";
import type { QueueConfig } from "./config.js";
import type { Reply } from "./job-data.js";
import { LuaScript } from "./lua.js";
import type { Keys } from "./names.js";

/**
 * The write, as Lua over KEYS[k+1..k+3] (marker, stream, reply list or the stream again) and
 * ARGV[a+1..a+7] (stream MAXLEN, marker TTL, type, item id, data, reply entry or '', reply TTL);
 * sets `fresh` and `sid`. Also the first part of the room's record script (src/queue/room-store.ts),
 * which writes a fragment's verdict and records the fragment in one step.
 */
export function writeLua(k: number, a: number): string {
  const K = (i: number) => `KEYS[${k + i}]`;
  const A = (i: number) => `ARGV[${a + i}]`;
  return `
local sid = redis.call('GET', ${K(1)})
local fresh = 0
if not sid then
  sid = redis.call('XADD', ${K(2)}, 'MAXLEN', '~', ${A(1)}, '*', 'type', ${A(3)}, 'id', ${A(4)}, 'data', ${A(5)})
  redis.call('SET', ${K(1)}, sid, 'EX', ${A(2)})
  fresh = 1
end
if ${A(6)} ~= '' then
  redis.call('RPUSH', ${K(3)}, ${A(6)})
  redis.call('EXPIRE', ${K(3)}, ${A(7)})
end
`;
}

const WRITE = new LuaScript("write-result", writeLua(0, 0) + "return {fresh, sid}\n");

/** An error record in the stream: the job that failed and why. */
export interface JobErrorRecord extends ErrorRecord {
  queue: string;
  jobId: string;
}

export type ResultRecord = { type: "verdict"; data: Verdict } | { type: "error"; data: JobErrorRecord };

/** One entry of a reply list. */
export interface ReplyEntry {
  i: number;
  type: "verdict" | "error";
  data: Verdict | JobErrorRecord;
}

export interface WriteResult {
  /** False when an earlier run already wrote this result. */
  fresh: boolean;
  streamId: string;
}

export class VerdictSink {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly cfg: Pick<QueueConfig, "streamMaxLen" | "writtenTtlSeconds" | "replyTtlSeconds">,
  ) {}

  static verdictIdentity(item: unknown, lexiconVersion: string): string {
    return `verdict\u0000${lexiconVersion}\u0000${JSON.stringify(item)}`;
  }

  static errorIdentity(queue: string, jobId: string): string {
    return `error\u0000${queue}\u0000${jobId}`;
  }

  /** The keys (3) and arguments (7) of writeLua for this result. */
  spec(identity: string, rec: ResultRecord, reply?: Reply): { keys: string[]; args: Array<string | number> } {
    const json = JSON.stringify(rec.data);
    const entry = reply ? `{"i":${reply.index},"type":"${rec.type}","data":${json}}` : "";
    return {
      keys: [this.keys.written(identity), this.keys.verdicts, reply ? reply.key : this.keys.verdicts],
      args: [this.cfg.streamMaxLen, this.cfg.writtenTtlSeconds, rec.type, rec.data.id ?? "", json, entry, this.cfg.replyTtlSeconds],
    };
  }

  async write(identity: string, rec: ResultRecord, reply?: Reply): Promise<WriteResult> {
    const { keys, args } = this.spec(identity, rec, reply);
    const [fresh, sid] = await WRITE.run<[number, string]>(this.redis, keys, args);
    return { fresh: fresh === 1, streamId: sid };
  }
}
