/** hegui command line: thin shells over the engine. Exit 0 clean, 1 violations, 2 bad input or configuration. */
import { readFileSync } from "node:fs";
import { packagePath } from "../io/paths.js";
import { parseArgs } from "node:util";
import { RedisUnavailableError } from "../io/redis.js";
import { LexiconError } from "../lexicon/errors.js";
import { EXIT, processIO, readErrorMessage, UsageError, type CliIO } from "./io.js";
import { lexiconCheck, lexiconPublish } from "./lexicon-check.js";
import { scan } from "./scan.js";
import { asksForHelp, commandHelp } from "./usage.js";

export const USAGE = `hegui — content compliance for Chinese live-commerce

usage:
  hegui scan [FILE...] [--format jsonl|pretty] [--lexicons DIR] [--no-explain]
        verdicts for JSONL items (or plain text lines, as scripts); no FILE or - reads stdin
  hegui fix [FILE...] [--diff] [--out FILE] [--lexicons DIR]
        the items written back with every violation's structured fix applied
  hegui rescan FILE --out VERDICTS.jsonl [--local [--threads N]] [--since OLD.jsonl [--diff FILE]]
        [--summary FILE] [--json] [--lexicons DIR] [--explain] [--chunk-size N] [--window N] [--restart]
        one verdict per listing of a .jsonl/.jsonl.gz file via the rescan queue's workers (or
        --local threads); resumable after a crash or Ctrl-C; summary table on stderr
  hegui lexicon check [DIR]         validate lexicons and run every entry's examples
  hegui lexicon publish DIR         validate DIR, store it in Redis and switch every worker and serve to it
  hegui workers [--queues a,b] [--concurrency N] [--lexicons DIR] [--metrics-port N]
        run queue workers (default queues captions,scripts,listings,scoring; also rescan) until SIGTERM/SIGINT
  hegui submit [FILE...] [--wait] [--chunk N] [--timeout S]
        enqueue JSONL items; with --wait print their verdicts as JSONL in input order
  hegui verdicts [--follow] [--from ID] [--ids]
        print the verdict stream (REDIS_URL, HEGUI_PREFIX)
  hegui serve [--port N] [--host H] [--lexicons DIR]
        the review API (POST /v1/review, /v1/review/batch; GET /v1/lexicons, /healthz, /metrics)
        and the review page at /; HEGUI_API_TOKEN requires a bearer token
  hegui account show ID [--format json|pretty|both]
                                    an account's ledger: credit points, deposit, measures, violations (Redis)
  hegui account appeal ID VIOLATION_ID
                                    upheld appeal: reverse the violation and its penalty
  hegui account exam ID VIOLATION_ID
                                    new-creator exam passed in time: reverse the first penalty
  hegui account rebuild ID          re-derive the account from its events
  hegui review list|show|claim|decide|stats|export|user|audit …
                                    the human review queue (DATABASE_URL, else .hegui/db); see docs/review.md
  hegui db migrate                  apply the review store's SQL migrations
  hegui help [COMMAND]              this text, or a command's options (also hegui COMMAND --help)
  hegui --version                   the version

exit codes: 0 all pass, 1 violations found, 2 bad input or configuration`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, Command> = {
  async scan(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string" }, lexicons: { type: "string" }, "no-explain": { type: "boolean" } },
    });
    if (values.format && values.format !== "jsonl" && values.format !== "pretty") throw new UsageError(`--format must be jsonl or pretty, not ${values.format}`);
    return scan({ files: positionals, format: values.format as "jsonl" | "pretty" | undefined, lexicons: values.lexicons, explain: !values["no-explain"] }, io);
  },
  async lexicon(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "no-examples": { type: "boolean" }, duplicates: { type: "boolean" } } });
    if (positionals[0] === "check") return lexiconCheck(positionals[1], io, { examples: !values["no-examples"], duplicates: values.duplicates });
    if (positionals[0] === "publish" && positionals[1]) return lexiconPublish(positionals[1], io);
    throw new UsageError("usage: hegui lexicon check [DIR] | hegui lexicon publish DIR");
  },
  async help(args, io) {
    if (!args.length) {
      io.out(USAGE);
      return EXIT.CLEAN;
    }
    const text = commandHelp(args[0], args.slice(1));
    if (!text) throw new UsageError(`no command "${args[0]}"; hegui help lists them`);
    io.out(text);
    return EXIT.CLEAN;
  },
};

/** Extra commands registered by other modules (workers, serve, rescan, account …). */
export function registerCommand(name: string, cmd: Command): void {
  commands[name] = cmd;
}

/** The version in the package's package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

export async function run(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? EXIT.CLEAN : EXIT.BAD_INPUT;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.out(`hegui ${version()}`);
    return EXIT.CLEAN;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.err(`hegui: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.BAD_INPUT;
  }
  if (name !== "help" && asksForHelp(rest)) {
    io.out(commandHelp(name, rest) ?? USAGE);
    return EXIT.CLEAN;
  }
  try {
    return await cmd(rest, io);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      // node's own message ends in an example with unbalanced quotes; name the option and where the list is.
      const opt = /option '([^']+)'/.exec((e as Error).message)?.[1];
      io.err(`hegui ${name}: unknown option ${opt ?? ""}`.trimEnd() + ` (hegui ${name} --help lists the options)`);
      return EXIT.BAD_INPUT;
    }
    if (e instanceof UsageError || code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`hegui ${name}: ${(e as Error).message}`);
      return EXIT.BAD_INPUT;
    }
    if (e instanceof LexiconError) {
      io.err(`hegui ${name}: ${e.message}`);
      return EXIT.BAD_INPUT;
    }
    if (e instanceof RedisUnavailableError) {
      io.err(`hegui ${name}: ${e.message}`);
      return EXIT.BAD_INPUT;
    }
    const unreadable = readErrorMessage(e);
    if (unreadable || (e as NodeJS.ErrnoException).code === "ENOENT") {
      io.err(`hegui ${name}: ${unreadable ?? (e as Error).message}`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
}
