/**
 * Reading the verdict stream `<prefix>:verdicts`: each entry has fields
 * `type` (verdict | error), `id` (the item id) and `data` (the verdict or
 * error record as JSON).
 */
import type { Redis } from "ioredis";

export interface StreamEntry {
  streamId: string;
  type: string;
  id: string;
  data: string;
}

function entry(id: string, fields: string[]): StreamEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  return { streamId: id, type: f.type ?? "", id: f.id ?? "", data: f.data ?? "" };
}

/** Every entry after `from` (exclusive; "-" for the start), in batches. */
export async function* readStream(redis: Redis, key: string, from = "-", batch = 1000): AsyncGenerator<StreamEntry> {
  let start = from === "-" ? "-" : `(${from}`;
  for (;;) {
    const rows = (await redis.xrange(key, start, "+", "COUNT", batch)) as Array<[string, string[]]>;
    for (const [id, fields] of rows) yield entry(id, fields);
    if (rows.length < batch) return;
    start = `(${rows[rows.length - 1][0]}`;
  }
}

/** Entries added after `from` ("$": from now on), until `stopped()` says so. */
export async function* followStream(redis: Redis, key: string, from: string, stopped: () => boolean, blockMs = 1000): AsyncGenerator<StreamEntry> {
  let last = from;
  while (!stopped()) {
    const res = (await redis.xread("COUNT", 1000, "BLOCK", blockMs, "STREAMS", key, last)) as Array<[string, Array<[string, string[]]>]> | null;
    if (!res) continue;
    for (const [id, fields] of res[0][1]) {
      last = id;
      yield entry(id, fields);
    }
  }
}
