/** Judging one chunk of listings: the same code for queue workers and --local threads. */
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import type { Engine } from "../engine.js";
import type { Item, Verdict } from "../types.js";

/** An item the engine could not judge (an internal error), in its place in the chunk. */
export interface ItemError {
  id: string;
  error: string;
}

export type ChunkResult = Array<Verdict | ItemError>;

export interface ReviewChunkOptions {
  /** Keep each violation's `explain`. */
  explain: boolean;
  /** Give the event loop a turn every N items (queue workers keep their locks renewed). */
  yieldEvery?: number;
}

function reviewOne(engine: Engine, item: Item, explain: boolean): Verdict | ItemError {
  try {
    const v = engine.review(item);
    if (!explain) v.violations = v.violations.map(({ explain: _e, ...rest }) => rest as Verdict["violations"][number]);
    return v;
  } catch (e) {
    return { id: String(item?.id), error: isDeadlineExceeded(e) ? DEADLINE_MESSAGE : `internal error: ${(e as Error).message}` };
  }
}

export function reviewChunkSync(engine: Engine, items: Item[], opts: ReviewChunkOptions): ChunkResult {
  return items.map((it) => reviewOne(engine, it, opts.explain));
}

export async function reviewChunk(engine: Engine, items: Item[], opts: ReviewChunkOptions): Promise<ChunkResult> {
  const every = opts.yieldEvery ?? 0;
  const out: ChunkResult = [];
  for (let i = 0; i < items.length; i++) {
    if (every > 0 && i > 0 && i % every === 0) await new Promise((r) => setImmediate(r));
    out.push(reviewOne(engine, items[i], opts.explain));
  }
  return out;
}

export function isItemError(r: Verdict | ItemError): r is ItemError {
  return "error" in r && !("decision" in r);
}
