/** Shared pieces of the rescan tests: inputs, a frozen lexicon copy, the expected verdict lines. */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine } from "../../src/engine.js";
import { generateListing } from "../../tools/gen/listings.js";
import { reviewChunkSync } from "../../src/rescan/review-chunk.js";
import type { RescanIO } from "../../src/rescan/rescan.js";
import type { Item } from "../../src/types.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `hegui-${name}-`));
}

/** A private copy of the fixture lexicons, so the version cannot move during a test. */
export function frozenLexicons(edit?: (dir: string) => void): string {
  const dir = tempDir("lex");
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

const engines = new Map<string, Engine>();
export function engineFor(dir: string): Engine {
  let e = engines.get(dir);
  if (!e) engines.set(dir, (e = createEngine({ lexiconDir: dir })));
  return e;
}

export interface Input {
  path: string;
  /** Every non-blank line, in order: a listing or a line that must come back as an error record. */
  records: Array<{ line: number; item?: Item; bad?: string }>;
}

/** `n` generated listings; with `bad`, a few broken lines among them (bad JSON, invalid item, not a listing). */
export function writeInput(dir: string, n: number, opts: { seed?: number; bad?: boolean; name?: string } = {}): Input {
  const lines: string[] = [];
  const records: Input["records"] = [];
  const badLines = opts.bad
    ? new Map<number, string>([
        [3, "{not json"],
        [Math.floor(n / 2), JSON.stringify({ id: "no-text", channel: "listing", listing: { attributes: {} } })],
        [n - 2, JSON.stringify({ id: "cap-1", channel: "caption", text: "家人们好" })],
      ])
    : new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const bad = badLines.get(i);
    if (bad) {
      lines.push(bad);
      records.push({ line: lines.length, bad });
    }
    if (i === 7 && opts.bad) lines.push(""); // blank lines are skipped, as by `hegui scan`
    const item = generateListing(i, opts.seed ?? 7);
    lines.push(JSON.stringify(item));
    records.push({ line: lines.length, item });
  }
  const path = join(dir, opts.name ?? "listings.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");
  return { path, records };
}

/**
 * The verdict lines the engine gives for the listings, without explanations
 * (the rescan default). Yields now and then: a long synchronous stretch would
 * starve vitest's RPC with the main process.
 */
export async function expectedVerdicts(engine: Engine, input: Input): Promise<Map<string, string>> {
  const items = input.records.filter((r) => r.item).map((r) => r.item!);
  const out = new Map<string, string>();
  for (let i = 0; i < items.length; i += 100) {
    for (const v of reviewChunkSync(engine, items.slice(i, i + 100), { explain: false })) out.set(String(v.id), JSON.stringify(v));
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

export function captureIO(): RescanIO & { errLines: string[]; outLines: string[]; progressText: string[] } {
  const errLines: string[] = [];
  const outLines: string[] = [];
  const progressText: string[] = [];
  return {
    errLines,
    outLines,
    progressText,
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
    progress: { write: (s) => progressText.push(s), tty: false },
  };
}

export const readLines = (text: string) => text.split("\n").filter(Boolean);

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

