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

const WRITE = new LuaScript(
  "write-result",
  `
local sid = redis.call('GET', KEYS[1])
local fresh = 0
if not sid then
  sid = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'type', ARGV[3], 'id', ARGV[4], 'data', ARGV[5])
  redis.call('SET', KEYS[1], sid, 'EX', ARGV[2])
  fresh = 1
end
if ARGV[6] ~= '' then
  redis.call('RPUSH', KEYS[3], ARGV[6])
  redis.call('EXPIRE', KEYS[3], ARGV[7])
end
return {fresh, sid}
`,
);

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

  async write(identity: string, rec: ResultRecord, reply?: Reply): Promise<WriteResult> {
    const json = JSON.stringify(rec.data);
    const entry = reply ? `{"i":${reply.index},"type":"${rec.type}","data":${json}}` : "";
    const [fresh, sid] = await WRITE.run<[number, string]>(
      this.redis,
      [this.keys.written(identity), this.keys.verdicts, reply ? reply.key : this.keys.verdicts],
      [this.cfg.streamMaxLen, this.cfg.writtenTtlSeconds, rec.type, rec.data.id ?? "", json, entry, this.cfg.replyTtlSeconds],
    );
    return { fresh: fresh === 1, streamId: sid };
  }
}
