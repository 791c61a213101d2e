/**
 * `hegui rescan FILE --out VERDICTS.jsonl [--local [--threads N]] [--since OLD.jsonl [--diff FILE]]
 *  [--summary FILE] [--json] [--lexicons DIR] [--explain] [--chunk-size N] [--window N] [--restart]`
 * (registered with registerCommand() from ./main.js; the work is in src/rescan/). HEGUI_OTEL=1
 * traces the rescan queue's adds (src/cli/otel.ts).
 */
import { parseArgs } from "node:util";
import { rescan } from "../rescan/rescan.js";
import { RescanAbortError } from "../rescan/backend.js";
import { OutputPathError } from "../io/out-paths.js";
import { EXIT, UsageError } from "./io.js";
import { registerCommand } from "./main.js";
import { flags, positiveInt } from "./flags.js";
import { commandTracing, otelWanted } from "./otel.js";
import { openClient } from "../review/open.js";
import { tasksFromRescan } from "../review/rescan-tasks.js";

registerCommand("rescan", async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: flags({
      string: ["out", "threads", "since", "diff", "summary", "lexicons", "chunk-size", "window"],
      boolean: ["local", "json", "explain", "restart", "review"],
      short: { out: "o" },
    }),
  });
  if (positionals.length !== 1) throw new UsageError("give exactly one input FILE (.jsonl or .jsonl.gz)");
  if (positionals[0] === "-") throw new UsageError("a rescan reads a file (it is resumable by the file's digest), not stdin");
  if (!values.out) throw new UsageError("--out VERDICTS.jsonl is required");
  if (values.diff && !values.since) throw new UsageError("--diff needs --since OLD_VERDICTS.jsonl");
  if (values.threads && !values.local) throw new UsageError("--threads goes with --local");
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: string) => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\nrescan: ${sig}, stopping after the chunk being written (again to quit at once)\n`);
    controller.abort();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  const tracing = await commandTracing(!values.local && otelWanted(), "hegui-rescan", io.err);
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    const r = await rescan(
      {
        file: positionals[0],
        out: values.out,
        local: values.local,
        threads: positiveInt(values.threads, "--threads"),
        since: values.since,
        diff: values.diff,
        summary: values.summary,
        json: values.json,
        lexicons: values.lexicons,
        explain: values.explain,
        chunkSize: positiveInt(values["chunk-size"], "--chunk-size"),
        window: positiveInt(values.window, "--window"),
        restart: values.restart,
        signal: controller.signal,
      },
      { out: io.out, err: io.err, progress: { write: (s) => process.stderr.write(s), tty: Boolean(process.stderr.isTTY) } },
    );
    if (values.review && r.code !== EXIT.BAD_INPUT) {
      // Verdicts decided review become review tasks (src/review), once each.
      const client = await openClient();
      try {
        const t = await tasksFromRescan(positionals[0], values.out, client.ops);
        io.err(`hegui rescan: ${t.review} verdict(s) decided review, ${t.created} new review task(s) in ${client.where}`);
      } finally {
        await client.close();
      }
    }
    return r.code;
  } catch (e) {
    if (e instanceof OutputPathError) {
      io.err(`hegui rescan: ${e.message}`);
      return EXIT.BAD_INPUT;
    }
    if (e instanceof RescanAbortError) {
      io.err(`hegui rescan: ${e.message}; run the same command again to continue`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    await tracing?.shutdown();
  }
});
