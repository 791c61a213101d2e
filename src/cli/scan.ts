/** `hegui scan [FILE...]`: verdicts for JSONL items or plain text lines, in input order. */
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import { createEngine } from "../engine.js";
import { readRecords } from "../io/jsonl.js";
import type { ErrorRecord, Verdict } from "../types.js";
import { formatPretty, Totals } from "./pretty.js";
import { checkInputFiles, EXIT, type CliIO } from "./io.js";

export interface ScanOptions {
  files: string[];
  format?: "jsonl" | "pretty";
  lexicons?: string;
  explain?: boolean;
}

export async function scan(opts: ScanOptions, io: CliIO): Promise<number> {
  const files = opts.files.length ? opts.files : ["-"];
  checkInputFiles(files);
  const engine = createEngine({ lexiconDir: opts.lexicons, explain: opts.explain ?? true });
  const format = opts.format ?? (io.stdoutIsTTY ? "pretty" : "jsonl");
  const color = io.color ?? false;
  const totals = new Totals();
  let bad = 0;
  let flagged = 0;
  const multi = files.length > 1;
  for (const file of files) {
    const name = file === "-" ? "stdin" : file;
    let records = 0;
    for await (const r of readRecords(file)) {
      records++;
      if ("error" in r) {
        bad++;
        totals.errors++;
        const rec: ErrorRecord & { file?: string } = { line: r.line, error: r.error };
        if (r.id !== undefined) rec.id = r.id;
        if (multi || file !== "-") rec.file = file;
        io.err(`hegui scan: ${name}, line ${r.line}: ${r.error}`);
        io.out(format === "pretty" ? `── line ${r.line}${rec.file ? ` of ${rec.file}` : ""}: ERROR ${r.error}` : JSON.stringify(rec));
        continue;
      }
      let v: Verdict;
      try {
        v = engine.review(r.item);
      } catch (e) {
        bad++;
        totals.errors++;
        const error = isDeadlineExceeded(e) ? DEADLINE_MESSAGE : `internal error: ${(e as Error).message}`;
        io.out(JSON.stringify({ line: r.line, id: r.item.id, error }));
        continue;
      }
      if (v.violations.length) flagged++;
      totals.add(v);
      io.out(format === "pretty" ? formatPretty(r.item, v, color) : JSON.stringify(v));
    }
    if (records === 0) {
      bad++;
      io.err(file === "-" ? "hegui scan: no input on stdin (give FILE or pipe JSONL items or text lines)" : `hegui scan: ${file}: no items (the file is empty or blank)`);
    }
  }
  if (format === "pretty") io.out(totals.format(color));
  return bad ? EXIT.BAD_INPUT : flagged ? EXIT.VIOLATIONS : EXIT.CLEAN;
}
