/** Reading input lines as items: JSONL, or plain text lines as script items. */
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { MAX_FIELD_CHARS, parseItem } from "./item-schema.js";
import type { Item } from "../types.js";

export type InputRecord =
  | { line: number; file: string; item: Item }
  | { line: number; file: string; error: string; id?: string };

/**
 * A small JSONL file read whole (training and evaluation data): each non-blank
 * line decoded and handed to `each` with its place (`file:line`), whose result
 * is kept; a line that is not JSON is an error naming the file and the line.
 */
export function readJsonlFile<T>(file: string, each: (value: unknown, at: string) => T): T[] {
  const out: T[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      const at = `${file}:${i + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        throw new Error(`${at}: ${(e as Error).message}`);
      }
      out.push(each(value, at));
    });
  return out;
}

/** Longest input line accepted (bytes of UTF-16 text). */
export const MAX_LINE = 4_000_000;

/** Decode one input line. Lines starting with "{" are JSON; others are script text. */
export function decodeLine(raw: string, line: number, file: string): InputRecord | undefined {
  const text = raw.replace(/\r$/, "");
  if (text.trim().length === 0) return undefined;
  if (text.length > MAX_LINE) return { line, file, error: `line longer than ${MAX_LINE} characters` };
  if (text.includes("\u0000")) return { line, file, error: "NUL byte in line: not text" };
  if (text.includes("\uFFFD")) return { line, file, error: "invalid UTF-8 in line" };
  const t = text.trimStart();
  if (t.startsWith("{") || t.startsWith("[")) {
    let raw: unknown;
    try {
      raw = JSON.parse(t);
    } catch (e) {
      return { line, file, error: `invalid JSON: ${(e as Error).message}` };
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { line, file, error: "a line must hold one JSON object" };
    const p = parseItem(raw);
    if (!p.ok) return { line, file, error: p.error, id: p.id };
    return { line, file, item: p.item };
  }
  // A plain-text line is the `text` of a script item: the same limit as `text` in a JSONL item.
  if (text.length > MAX_FIELD_CHARS) return { line, file, error: `text: longer than ${MAX_FIELD_CHARS} characters` };
  return { line, file, item: { id: `${file === "-" ? "stdin" : file}:${line}`, channel: "script", text } };
}

export function openInput(file: string): Readable {
  if (file === "-") return process.stdin;
  const s = createReadStream(file);
  return file.endsWith(".gz") ? s.pipe(createGunzip()) : s;
}

/** Stream the records of one input, in order. */
export async function* readRecords(file: string): AsyncGenerator<InputRecord> {
  const rl = createInterface({ input: openInput(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    const r = decodeLine(line, n, file);
    if (r) yield r;
  }
}
