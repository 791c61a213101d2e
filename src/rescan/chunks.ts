/**
 * The input of a rescan as numbered chunks of records (default 500 a chunk,
 * fewer for a small input: defaultChunkSize), read as a stream. A chunk holds every non-blank input line in its range:
 * listings to judge, and lines that cannot be judged (bad JSON, invalid item,
 * not a listing) as error records in their place.
 */
import { readRecords } from "../io/jsonl.js";
import type { Item } from "../types.js";

export const DEFAULT_CHUNK_SIZE = 500;

/** A small input is cut into at least this many chunks, so that every worker gets some (and none waits long for the last). */
export const MIN_CHUNKS = 64;
/** …but no chunk is smaller than this: a job costs a few Redis round trips. */
export const MIN_CHUNK_SIZE = 50;

/**
 * The chunk size when none is given: 500 records, or for an input of fewer than
 * 32,000 lines, lines / 64 (at least 50) — 1,500 listings in 500-record chunks
 * would be three jobs, and two workers would finish them no sooner than one
 * worker two of them. A function of the line count only, so a re-run of the same
 * input picks the same size (it is part of the job ids and the checkpoint).
 */
export function defaultChunkSize(lines: number): number {
  return Math.min(DEFAULT_CHUNK_SIZE, Math.max(MIN_CHUNK_SIZE, Math.ceil(lines / MIN_CHUNKS)));
}

export type ChunkRecord = { line: number; item: Item } | { line: number; error: string; id?: string };

export interface Chunk {
  index: number;
  records: ChunkRecord[];
}

export function chunkItems(c: Chunk): Item[] {
  const out: Item[] = [];
  for (const r of c.records) if ("item" in r) out.push(r.item);
  return out;
}

/** Records of `file` grouped into chunks of `size`, in order. */
export async function* readChunks(file: string, size = DEFAULT_CHUNK_SIZE): AsyncGenerator<Chunk> {
  let records: ChunkRecord[] = [];
  let index = 0;
  for await (const r of readRecords(file)) {
    if ("error" in r) records.push(r.id === undefined ? { line: r.line, error: r.error } : { line: r.line, error: r.error, id: r.id });
    else if (r.item.channel !== "listing") {
      records.push({ line: r.line, id: r.item.id, error: `not a listing: channel "${r.item.channel}" (a rescan reads listing items, {"channel":"listing","listing":{…}})` });
    } else records.push({ line: r.line, item: r.item });
    if (records.length === size) {
      yield { index: index++, records };
      records = [];
    }
  }
  if (records.length) yield { index, records };
}
