/**
 * `hegui fix [FILE...] [--diff] [--out FILE] [--lexicons DIR]`: the input items
 * written back in the same shape (JSONL objects, or plain text lines) with every
 * violation's `fix` applied; only the text fields change. `--diff` prints what
 * changed instead. Exit 0: nothing left to flag; 1: violations without a fix
 * remain; 2: bad input (bad lines are passed through unchanged and named on stderr).
 */
import { createWriteStream, statSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createEngine } from "../engine.js";
import { fixItem, type FixResult } from "../fix/apply.js";
import { decodeLine, openInput } from "../io/jsonl.js";
import { checkOutputPaths, OutputPathError } from "../io/out-paths.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { registerCommand } from "./main.js";
import { COMMAND_HELP } from "./usage.js";


/** Each change in a field, with a little context: 这款[-全网最低价-]{+优惠价+}只在我这. */
export function formatDiff(id: string, r: FixResult, context = 10): string[] {
  const out: string[] = [];
  for (const a of [...r.applied].sort((x, y) => x.pass - y.pass || x.fix.field.localeCompare(y.fix.field) || x.fix.start - y.fix.start)) {
    const f = a.fix;
    // Offsets of pass 1 are into the original text, which gives the context; a later pass's
    // offsets are into the text of that pass, so its change is shown without context.
    const field = r.changes.find((c) => c.field === f.field);
    const text = a.pass === 1 && field ? field.before : undefined;
    const pre = text ? text.slice(Math.max(0, f.start - context), f.start) : "";
    const post = text ? text.slice(f.end, f.end + context) : "";
    const add = f.text ? `{+${f.text}+}` : "";
    out.push(`${id} ${f.field} ${a.violation.ruleId}: ${pre}[-${a.before}-]${add}${post}`);
  }
  return out;
}

registerCommand("fix", async (args: string[], io: CliIO) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { diff: { type: "boolean" }, out: { type: "string" }, lexicons: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    io.out(COMMAND_HELP.fix);
    return EXIT.CLEAN;
  }
  if (values.out === "") throw new UsageError("--out needs a file name");
  const engine = createEngine({ lexiconDir: values.lexicons });
  const files = positionals.length ? positionals : ["-"];
  // Every input must be readable before --out is created, and --out must not overwrite an input.
  for (const f of files) if (f !== "-") statSync(f);
  if (values.out) {
    // After .., symlinks and hard links: --out may not be an input.
    try {
      checkOutputPaths(files.filter((f) => f !== "-").map((path) => ({ role: "input", path })), [{ role: "--out", path: values.out }]);
    } catch (e) {
      if (e instanceof OutputPathError) throw new UsageError(e.message);
      throw e;
    }
  }
  let outFile: WriteStream | undefined;
  if (values.out) outFile = createWriteStream(values.out);
  const emit = (line: string) => {
    if (outFile) outFile.write(line + "\n");
    else if (!values.diff) io.out(line);
  };
  let bad = 0;
  let remaining = 0;
  let items = 0;
  let fixedItems = 0;
  let fixes = 0;
  try {
    for (const file of files) {
      const rl = createInterface({ input: openInput(file), crlfDelay: Infinity });
      let n = 0;
      for await (const line of rl) {
        n++;
        const rec = decodeLine(line, n, file);
        if (!rec) {
          emit(line);
          continue;
        }
        if ("error" in rec) {
          bad++;
          io.err(`hegui fix: ${file === "-" ? "stdin" : file}, line ${n}: ${rec.error} (passed through unchanged)`);
          emit(line);
          continue;
        }
        items++;
        const isJson = /^\s*\{/.test(line);
        const raw = isJson ? (JSON.parse(line) as Record<string, unknown>) : undefined;
        const r = fixItem(engine, rec.item, raw);
        remaining += r.after.violations.length;
        if (r.applied.length) {
          fixedItems++;
          fixes += r.applied.length;
        }
        if (values.diff) for (const d of formatDiff(rec.item.id, r)) io.out(d);
        emit(isJson ? JSON.stringify(r.raw) : (r.item.text ?? ""));
      }
    }
  } finally {
    if (outFile) await new Promise<void>((resolve, reject) => outFile!.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  io.err(`hegui fix: ${items} item(s), ${fixes} fix(es) applied in ${fixedItems}; ${remaining} violation(s) left without a fix${bad ? `; ${bad} bad line(s)` : ""}`);
  return bad ? EXIT.BAD_INPUT : remaining ? EXIT.VIOLATIONS : EXIT.CLEAN;
});
