/**
 * Queue names and Redis keys, all under one prefix (HEGUI_PREFIX, default
 * "hegui"). For Redis Cluster give the prefix a hash tag ("{hegui}") so every
 * key of the pipeline lands in one slot: the Lua scripts touch several keys.
 */
import { createHash } from "node:crypto";
import type { Channel } from "../types.js";

export const INGEST_QUEUES = ["captions", "scripts", "listings"] as const;
export type IngestQueue = (typeof INGEST_QUEUES)[number];
export const SCORING_QUEUE = "scoring";
/** The queues `hegui workers` knows (rescan's processor comes from src/rescan). */
export const ALL_QUEUES = [...INGEST_QUEUES, SCORING_QUEUE, "rescan"] as const;

/** The ingest queue of each channel (one per channel: a new channel is flagged here by the compiler). */

export const QUEUE_OF: Record<Channel, IngestQueue> = { caption: "captions", script: "scripts", listing: "listings" };

export function defaultPrefix(): string {
  return process.env.HEGUI_PREFIX || "hegui";
}

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

export class Keys {
  constructor(readonly prefix: string) {}

  /** The verdict stream: one entry per judged item (type verdict) or failed job (type error). */
  get verdicts(): string {
    return `${this.prefix}:verdicts`;
  }

  /** Written-marker of one verdict: item content + lexicon version. */
  written(identity: string): string {
    return `${this.prefix}:verdicts:written:${sha1(identity)}`;
  }

  /** Where `hegui submit --wait` collects one submission's results. */
  reply(submission: string): string {
    return `${this.prefix}:reply:${submission}`;
  }

  /** Per-room keys: state hash, pending fragments (zset by seq), drain lock, judged seqs. */
  room(room: string): { state: string; pending: string; lock: string; done: string } {
    const base = `${this.prefix}:room:${room}`;
    return { state: base, pending: `${base}:pending`, lock: `${base}:lock`, done: `${base}:done` };
  }
}

/** A BullMQ custom job id from parts: no ":" (BullMQ refuses it) and never all digits. */
export function jobIdOf(...parts: string[]): string {
  return parts.map((p) => p.replace(/:/g, "_")).join("-");
}
