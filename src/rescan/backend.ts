/** Where chunks are judged: the Redis queue and its workers, or worker threads in this process (--local). */
import type { Item } from "../types.js";
import type { ChunkResult } from "./review-chunk.js";

export interface ChunkJob {
  index: number;
  items: Item[];
}

export interface ChunkBackend {
  readonly mode: "queue" | "local";
  /** How many chunks to keep in flight. */
  readonly window: number;
  /** Start judging these chunks; submitting a chunk again is harmless. */
  submit(jobs: ChunkJob[]): Promise<void>;
  /** The verdicts of a submitted chunk, in its order. */
  result(index: number): Promise<ChunkResult>;
  /** The chunk's output is written and checkpointed: its result may go. */
  release(index: number): Promise<void>;
  /** Something the user should know while waiting (e.g. no workers). */
  status(): string | undefined;
  close(): Promise<void>;
}

export class RescanAbortError extends Error {}
