/**
 * The checkpoint of a rescan, next to its output (`<out>.checkpoint.json`):
 * which run it belongs to, how many chunks are complete in the output, and
 * the output's length at that point. Written atomically (temp file + rename)
 * after every chunk, so after a crash or Ctrl-C the output is cut back to the
 * last complete chunk and the run continues from there.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export const CHECKPOINT_FORMAT = 1;

export interface Checkpoint {
  format: number;
  /** Identity of the run: input digest, lexicon version, chunk size, options. */
  runKey: string;
  input: string;
  /** Chunks complete in the output. */
  chunks: number;
  /** Records (lines of output) in those chunks. */
  records: number;
  /** Length of the output file after those chunks. */
  outBytes: number;
  done: boolean;
  updatedAt: string;
}

export const checkpointPath = (out: string) => `${out}.checkpoint.json`;

export function readCheckpoint(out: string): Checkpoint | undefined {
  const p = checkpointPath(out);
  if (!existsSync(p)) return undefined;
  try {
    const c = JSON.parse(readFileSync(p, "utf8")) as Checkpoint;
    if (c.format !== CHECKPOINT_FORMAT || typeof c.runKey !== "string" || !Number.isInteger(c.chunks) || !Number.isInteger(c.outBytes)) return undefined;
    return c;
  } catch {
    return undefined;
  }
}

export function writeCheckpoint(out: string, c: Omit<Checkpoint, "format" | "updatedAt">): void {
  const p = checkpointPath(out);
  const tmp = `${p}.tmp`;
  writeFileSync(tmp, JSON.stringify({ format: CHECKPOINT_FORMAT, ...c, updatedAt: new Date().toISOString() }) + "\n");
  renameSync(tmp, p);
}
