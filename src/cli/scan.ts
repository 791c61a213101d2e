/** `hegui scan [FILE...]`: verdicts for JSONL items or plain text lines, in input order. */
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import { createEngine } from "../engine.js";
import { readRecords } from "../io/jsonl.js";
import type { ErrorRecord, Verdict } from "../types.js";
import { formatPretty } from "./pretty.js";
import { EXIT, type CliIO } from "./io.js";

export interface ScanOptions {
  files: string[];
  format?: "jsonl" | "pretty";
  lexicons?: string;
  explain?: boolean;
}

export async function scan(opts: ScanOptions, io: CliIO): Promise<number> {
  const engine = createEngine({ lexiconDir: opts.lexicons, explain: opts.explain ?? true });
  const format = opts.format ?? (io.stdoutIsTTY ? "pretty" : "jsonl");
  const files = opts.files.length ? opts.files : ["-"];
  let bad = 0;
  let flagged = 0;
  const multi = files.length > 1;
  for (const file of files) {
    for await (const r of readRecords(file)) {
      if ("error" in r) {
        bad++;
        const rec: ErrorRecord & { file?: string } = { line: r.line, error: r.error };
        if (r.id !== undefined) rec.id = r.id;
        if (multi || file !== "-") rec.file = file;
        io.out(format === "pretty" ? `── line ${r.line}${rec.file ? ` of ${rec.file}` : ""}: ERROR ${r.error}` : JSON.stringify(rec));
        continue;
      }
      let v: Verdict;
      try {
        v = engine.review(r.item);
      } catch (e) {
        bad++;
        const error = isDeadlineExceeded(e) ? DEADLINE_MESSAGE : `internal error: ${(e as Error).message}`;
        io.out(JSON.stringify({ line: r.line, id: r.item.id, error }));
        continue;
      }
      if (v.violations.length) flagged++;
      io.out(format === "pretty" ? formatPretty(r.item, v, io.stdoutIsTTY) : JSON.stringify(v));
    }
  }
  return bad ? EXIT.BAD_INPUT : flagged ? EXIT.VIOLATIONS : EXIT.CLEAN;
}
