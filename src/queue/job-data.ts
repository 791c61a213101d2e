/**
 * What the jobs carry.
 *
 * Ingest jobs (captions, scripts, listings): `{item, reply?}` — the item in
 * the SPEC input shape (a caption job is one fragment `{id, channel:
 * "caption", room, seq, ts?, text}`), and where `hegui submit --wait` wants
 * its result. A bare item as the job data is accepted too.
 *
 * Scoring jobs: the item, its candidates from the match stage, the lexicon
 * version they were found with, and for room fragments what the room adds.
 */
import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { parseItem } from "../io/item-schema.js";
import { CHANNELS, type Candidate, type Item, type RoomInfo } from "../types.js";

export interface Reply {
  /** Redis list the result goes to. */
  key: string;
  /** The item's place in the submission. */
  index: number;
}

export interface IngestJobData {
  item: unknown;
  reply?: Reply;
}

export type { Escalation, RoomFragmentRef, RoomInfo } from "../types.js";

export interface ScoringJobData {
  item: Item;
  candidates: Candidate[];
  lexiconVersion: string;
  /** The ingest job this came from. */
  source: { queue: string; jobId: string };
  reply?: Reply;
  room?: RoomInfo;
}

const replySchema = z.object({ key: z.string().min(1), index: z.number().int().min(0) });

/** Job data key standing for data that was not JSON (src/queue/workers.ts). */
export const UNDECODABLE = "__heguiUndecodable";

/** The ingest job's reply routing, if well-formed (a bad one is an unrecoverable payload error). */
export function replyOf(data: unknown): Reply | undefined {
  if (!data || typeof data !== "object" || !("reply" in data) || (data as { reply?: unknown }).reply === undefined) return undefined;
  const r = replySchema.safeParse((data as { reply: unknown }).reply);
  return r.success ? r.data : undefined;
}

/** The item of an ingest job, validated; a bad payload throws UnrecoverableError with the validation message. */
export function ingestItem(data: unknown): { item: Item; reply?: Reply } {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new UnrecoverableError("bad payload: job data is not an object");
  const d = data as Record<string, unknown>;
  const raw = "item" in d && !("channel" in d) ? d.item : d;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new UnrecoverableError("bad payload: item: not an object");
  if ("reply" in d && d.reply !== undefined && !replySchema.safeParse(d.reply).success) {
    throw new UnrecoverableError("bad payload: reply: must be {key, index}");
  }
  const p = parseItem(raw);
  if (!p.ok) throw new UnrecoverableError(`bad payload: ${p.error}`);
  // Redis hands invalid UTF-8 back as U+FFFD; refuse it as the CLI does (src/io/jsonl.ts).
  if (JSON.stringify(p.item).includes("\uFFFD")) throw new UnrecoverableError("bad payload: invalid UTF-8 in item (U+FFFD replacement characters)");
  return { item: p.item, reply: replyOf(d) };
}

const CHANNEL_SET = new Set<string>(CHANNELS);

/**
 * A scoring job's data, checked for the shape the scoring stage relies on (a
 * cheap check: the match stage wrote it); a bad one throws UnrecoverableError.
 */
export function scoringData(data: unknown): ScoringJobData {
  const d = data as Partial<ScoringJobData> | null;
  const problems: string[] = [];
  if (!d || typeof d !== "object") problems.push("(data): not an object");
  else {
    const item = d.item as Partial<Item> | undefined;
    if (!item || typeof item !== "object") problems.push("item: not an object");
    else {
      if (typeof item.id !== "string" || item.id === "") problems.push("item.id: not a non-empty string");
      if (typeof item.channel !== "string" || !CHANNEL_SET.has(item.channel)) problems.push(`item.channel: not ${CHANNELS.join(", ")}`);
    }
    if (!Array.isArray(d.candidates)) problems.push("candidates: not an array");
    else {
      const i = d.candidates.findIndex((c) => !c || typeof c !== "object" || typeof c.ruleId !== "string" || typeof c.confidence !== "number" || typeof c.category !== "string");
      if (i >= 0) problems.push(`candidates.${i}: not a candidate`);
    }
    if (typeof d.lexiconVersion !== "string") problems.push("lexiconVersion: not a string");
    if (!d.source || typeof d.source.queue !== "string" || typeof d.source.jobId !== "string") problems.push("source: not {queue, jobId}");
    if (d.reply !== undefined && !replySchema.safeParse(d.reply).success) problems.push("reply: must be {key, index}");
  }
  if (problems.length) throw new UnrecoverableError(`bad payload: ${problems.slice(0, 5).join("; ")}`);
  return d as ScoringJobData;
}

/** The id of the item a job was about, as far as it can be told (for error records). */
export function itemIdOf(data: unknown): string | undefined {
  if (!data || typeof data !== "object") return undefined;
  const d = data as Record<string, unknown>;
  const raw = "item" in d && !("channel" in d) ? d.item : d;
  if (raw && typeof raw === "object" && "id" in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === "string" || typeof id === "number") return String(id);
  }
  return undefined;
}
