/** What the pipelines need from the worker process, in one place (tests pass their own). */
import type { Redis } from "ioredis";
import type { Engine } from "../engine.js";
import type { Item, Verdict } from "../types.js";
import type { QueueConfig } from "./config.js";
import type { Reply, ScoringJobData } from "./job-data.js";
import type { CpuGate } from "./cpu-gate.js";
import type { Keys } from "./names.js";
import type { RoomStore } from "./room-store.js";
import type { ResultRecord, VerdictSink } from "./verdict-sink.js";

/** Where an item was scored: a scoring-queue job, or inline in its ingest job (no candidates). */
export type ScoredBy = "queued" | "inline";

export interface PipelineDeps {
  engine: Engine;
  redis: Redis;
  keys: Keys;
  config: QueueConfig;
  sink: VerdictSink;
  rooms: RoomStore;
  /**
   * Hand candidates to scoring: a job on the scoring queue under a fixed id (a
   * second add with the same id is a no-op), returning "queued"; or, for an item
   * without candidates, the scoring stage run right here (the same code, the same
   * pass verdict through the same idempotent sink), returning "inline": no
   * second job for the many clean captions of a live room.
   */
  score(jobId: string, data: ScoringJobData): Promise<ScoredBy>;
  /**
   * Live-room fragments: the verdict, scored right here, when it needs nothing
   * but the verdict sink (no ledger events, no review task) — the sink's write
   * for the room to make with its record of the fragment; else undefined (then
   * `score`). Without it, every fragment goes through `score`.
   */
  sinkOnly?(data: ScoringJobData): Promise<{ identity: string; rec: ResultRecord; reply?: Reply } | undefined>;
  /** The account ledger, for items that carry `account`. */
  ledger?(item: Item, verdict: Verdict): Promise<void>;
  /** The review queue (src/review): a verdict decided `review` becomes a task there (idempotent). */
  reviewTask?(item: Item, verdict: Verdict): Promise<void>;
  log(line: string): void;
  /** Engine calls go through it (one process-wide gate), so job lock renewal is never starved. */
  cpu: CpuGate;
}

/** The job being run, as the pipelines see it. */
export interface JobRef {
  queue: string;
  id: string;
  /** When the job was created (ms). */
  timestamp: number;
  /** Put the job back as delayed until `at` (ms) and leave the processor; it runs again then. */
  delay(at: number): Promise<never>;
}
