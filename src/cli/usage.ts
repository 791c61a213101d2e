/** `hegui COMMAND --help`: one text per command and subcommand (the overview is USAGE in main.ts). */
import { CHANNELS } from "../constants.js";

const ENV_REDIS = "environment: REDIS_URL (default redis://127.0.0.1:6379), HEGUI_PREFIX (key prefix, default hegui)";
const EXITS = "exit codes: 0 all pass, 1 violations found, 2 bad input or configuration";

const SCAN = `usage: hegui scan [FILE...] [--format jsonl|pretty] [--lexicons DIR] [--no-explain]

Review JSONL items (one object a line: id, channel ${CHANNELS.join("|")}, text or
fragments or listing, optional account) or plain text lines (each one a script).
No FILE, or -, reads stdin. Files ending in .gz are read through gunzip.

options:
  --format jsonl|pretty  jsonl: one verdict a line (the default when stdout is not a terminal);
                         pretty: the text with violations marked, Chinese labels and a totals line
  --lexicons DIR         lexicon directory (default HEGUI_LEXICONS, else lexicons/)
  --no-explain           leave each violation's explain trace out of the verdicts
  -h, --help             this text

A line that cannot be judged gets an error record {line, error} on stdout and a
message on stderr; the others go on. An empty input is an error.
colours: NO_COLOR=1 turns them off, FORCE_COLOR=1 turns them on in a pipe
${EXITS}`;

const RESCAN = `usage: hegui rescan FILE --out VERDICTS.jsonl [options]

One verdict per listing of a .jsonl or .jsonl.gz file, through the rescan
queue's workers (or --local threads). Resumable: after a crash or Ctrl-C run the
same command again. A summary table goes to stderr.

options:
  -o, --out FILE      verdicts, one JSONL line per input item (required)
  --local             judge in this process's worker threads, no Redis
  --threads N         with --local: the number of threads
  --since OLD.jsonl   compare with an earlier run's verdicts
  --diff FILE         with --since: write what changed to FILE
  --summary FILE      write the summary as JSON to FILE
  --json              print the summary as JSON
  --lexicons DIR      lexicon directory
  --explain           keep each violation's explain trace
  --chunk-size N      items per queue job
  --window N          chunks in flight at once
  --restart           ignore a saved checkpoint and start again
  --review            then make a review task of every verdict decided review (docs/review.md)
  -h, --help          this text
${ENV_REDIS}
${EXITS}`;

const LEXICON = `usage: hegui lexicon check [DIR] [--no-examples] [--duplicates]
       hegui lexicon publish DIR

  check     validate the lexicon files in DIR (default HEGUI_LEXICONS, else lexicons/)
            and run every entry's hit/miss examples; --no-examples skips them,
            --duplicates lists the terms in two or more entries
  publish   check DIR, store its files in Redis as a content-addressed bundle and
            tell every worker and \`hegui serve\` to switch to it (Redis pub/sub)
${ENV_REDIS}
exit codes: 0 valid, 2 problems (each named with file, entry and field)`;

const LEXICON_CHECK = `usage: hegui lexicon check [DIR] [--no-examples] [--duplicates]

Validate the lexicon files in DIR (default HEGUI_LEXICONS, else lexicons/) and run
every entry's hit/miss examples. Problems are named with file, entry and field;
so is a data key a code rule declares and the file lacks, or one nothing reads.
Warnings (no refusal): terms listed in two or more entries, terms spelled twice
in one entry, with their count.

options:
  --no-examples   validate only, do not run the examples
  --duplicates    list the terms in two or more entries, by the entries that share them
  -h, --help      this text
exit codes: 0 valid, 2 problems`;

const LEXICON_PUBLISH = `usage: hegui lexicon publish DIR

Check DIR as \`hegui lexicon check\` does, store its files in Redis as a bundle
named by their content hash (the version), and announce it: every \`hegui workers\`
and every \`hegui serve\` with REDIS_URL loads the bundle from Redis (not DIR, which
other hosts need not see), checks it, runs its examples and switches; one that fails
is refused by each and the old version stays. A lexicon with problems is not published.
${ENV_REDIS}
exit codes: 0 published, 2 problems or no Redis`;

const WORKERS = `usage: hegui workers [--queues a,b] [--concurrency N] [--lexicons DIR]
                     [--metrics-port N] [--metrics-host H] [--otel]

Run queue workers until SIGTERM or SIGINT, then finish the jobs in flight.
They follow the lexicon published with \`hegui lexicon publish\`.
Logs are JSON lines on stderr (pretty on a terminal): one per job, with its
queue, job id, item id and lexicon version.

options:
  --queues a,b       which queues (default captions,scripts,listings,scoring; rescan too on request)
  --concurrency N    jobs at once per queue
  --lexicons DIR     lexicon directory (until one is published)
  --metrics-port N   serve GET /metrics, /healthz, /readyz on port N (default HEGUI_METRICS_PORT; none)
  --metrics-host H   address of that server (default HEGUI_METRICS_HOST, else 127.0.0.1)
  --otel             OpenTelemetry spans for every job (default HEGUI_OTEL=1; off); sent over
                     OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (docs/queues.md "Tracing")
  -h, --help         this text
environment: HEGUI_LOG_FORMAT json|pretty, HEGUI_LOG_LEVEL (default info)
${ENV_REDIS}`;

const SUBMIT = `usage: hegui submit [FILE...] [--wait] [--chunk N] [--timeout S]

Enqueue JSONL items for the workers; no FILE, or -, reads stdin.

options:
  --wait          wait for the verdicts and print them as JSONL in input order
  --chunk N       items per addBulk call
  --timeout S     with --wait: give up after S seconds
  -h, --help      this text
environment: HEGUI_OTEL=1 traces the adds (OpenTelemetry; docs/queues.md "Tracing")
${ENV_REDIS}
${EXITS}`;

const VERDICTS = `usage: hegui verdicts [--follow] [--from ID] [--ids] [--format jsonl|pretty]

Print the verdict stream the workers write.

options:
  --follow               keep reading new verdicts until SIGTERM or SIGINT
  --from ID              start after this stream id
  --ids                  add each entry's stream id as "stream"
  --format jsonl|pretty  jsonl (default): one verdict a line; pretty: Chinese labels and a totals line
  -h, --help             this text
${ENV_REDIS}`;

const SERVE = `usage: hegui serve [--port N] [--host H] [--lexicons DIR] [--threads N]
                  [--max-in-flight N] [--max-field-chars N] [--otel]

The review API (POST /v1/review, /v1/review/batch; GET /v1/lexicons, /healthz,
/metrics, /openapi.json, /docs, /admin/queues) and the review page at /, until
SIGTERM or SIGINT. See docs/api.md.

options:
  --port N               port (default PORT, else 8080; 0 picks a free one)
  --host H               address to listen on (default 127.0.0.1)
  --lexicons DIR         lexicon directory
  --threads N            review threads, each with its own engine (default HEGUI_REVIEW_THREADS, else one per core)
  --max-in-flight N      items admitted at once; past it 503 + Retry-After (default HEGUI_MAX_IN_FLIGHT, else 2 per thread, at least 4)
  --max-field-chars N    characters per text field; past it 413 (default HEGUI_MAX_FIELD_CHARS, else 20000; 0: no cap)
  --max-body-bytes N     bytes per request body; past it 413 (default HEGUI_MAX_BODY_BYTES, else 1048576)
  --otel                 OpenTelemetry spans for the queue dashboard's actions (default HEGUI_OTEL=1; off;
                         docs/queues.md "Tracing")
  -h, --help             this text
environment: HEGUI_API_TOKEN requires "Authorization: Bearer TOKEN"; with REDIS_URL set,
/metrics also reports the queue depths, the server follows the lexicon published
with \`hegui lexicon publish\` (as the workers do; docs/deploy.md), and with
HEGUI_ADMIN_TOKEN the queue dashboard is at /admin/queues; HEGUI_LOG_LEVEL (info),
HEGUI_LOG_FORMAT (json|pretty)`;

const ACCOUNT = `usage: hegui account show ID [--format json|pretty|both]
       hegui account appeal ID VIOLATION_ID
       hegui account exam ID VIOLATION_ID
       hegui account rebuild ID

An account's ledger in Redis: credit points, deposit, measures and violations.
  show      the account (json when stdout is not a terminal, else pretty)
  appeal    an upheld appeal: reverse the violation and its penalty
  exam      the new-creator exam passed in time: reverse the first penalty
  rebuild   re-derive the account from its events
${ENV_REDIS}`;

const ACCOUNT_SHOW = `usage: hegui account show ID [--format json|pretty|both]

The account's credit points, deposit, measures and violations.
  --format json|pretty|both   default: json when stdout is not a terminal, else pretty
${ENV_REDIS}`;

const ACCOUNT_APPEAL = `usage: hegui account appeal ID VIOLATION_ID

Record an upheld appeal: the violation and its penalty are reversed; prints the account.
${ENV_REDIS}`;

const ACCOUNT_EXAM = `usage: hegui account exam ID VIOLATION_ID

Record a new-creator exam passed in time: the first penalty is reversed; prints the account.
${ENV_REDIS}`;

const ACCOUNT_REBUILD = `usage: hegui account rebuild ID

Re-derive the account's state from its events; prints the account.
${ENV_REDIS}`;

const FIX = `usage: hegui fix [FILE...] [--diff] [--out FILE] [--lexicons DIR]

Write the items back (same JSONL shape, or plain text lines) with every
violation's structured fix applied; only text fields change. No FILE, or -,
reads stdin. Fixes are applied from the end of each field, then the items are
checked again (up to 4 passes).

options:
  --diff          print what changed ([-removed-]{+added+}) instead of the items
  --out FILE      write the fixed items to FILE (with --diff: both); never an input
  --lexicons DIR  lexicon directory
  -h, --help      this text

exit codes: 0 nothing left to flag, 1 violations without a fix remain, 2 bad input`;

const ENV_DB = "environment: DATABASE_URL (postgres://…; default: embedded PGlite in .hegui/db, HEGUI_DB_DIR, or the hegui serve holding it)";

const REVIEW = `usage: hegui review list [--status open|claimed|done] [--format json|pretty] [--channel C] [--category C] [--account ID] [--limit N]
       hegui review show TASK
       hegui review claim TASK --reviewer NAME
       hegui review decide TASK --reviewer NAME --verdict confirm|reject [--violation ID]... [--category C] [--final pass|block] [--reason TEXT]
       hegui review stats [--format json|pretty]
       hegui review export --rejected [--format training|exceptions]
       hegui review appeal TASK VIOLATION_ID --by NAME [--reason TEXT]
       hegui review user add NAME --role reviewer|lead|admin
       hegui review audit [TASK] [--verify]

The human review queue: every verdict decided review (POST /v1/review, queue workers,
hegui rescan --review) is a task, most severe and live rooms first, oldest first.
  list      tasks (json when stdout is not a terminal, else pretty)
  decide    confirm or reject every undecided violation (or only --violation ID);
            the task closes when all are decided (or with --final); confirmed
            violations of an item with an account go to the account ledger once
  stats     per-rule precision confirmed/(confirmed+rejected), per category and lexicon version
  export    rejected hits as classifier training lines (samples/context-training.jsonl)
            or, with --format exceptions, candidate exceptions per lexicon entry
  appeal    an upheld appeal of a confirmed violation: recorded, counted as a false
            positive, and its penalty reversed on the account ledger
  user add  a sign-in token for the /review and /live pages
  audit     the append-only audit trail as JSONL; --verify: does it rebuild every task (exit 1 if not)
${ENV_DB}
${ENV_REDIS} (the account ledger)
exit codes: 0 done, 2 bad input, an unknown task, or a task decided or claimed by someone else. See docs/review.md`;

const DB = `usage: hegui db migrate

Apply the review store's SQL migrations (migrations/*.sql) not applied yet.
hegui serve and the review commands apply them at start-up too.
${ENV_DB}`;

export const COMMAND_HELP: Record<string, string> = {
  review: REVIEW,
  db: DB,
  scan: SCAN,
  fix: FIX,
  rescan: RESCAN,
  lexicon: LEXICON,
  "lexicon check": LEXICON_CHECK,
  "lexicon publish": LEXICON_PUBLISH,
  workers: WORKERS,
  submit: SUBMIT,
  verdicts: VERDICTS,
  serve: SERVE,
  account: ACCOUNT,
  "account show": ACCOUNT_SHOW,
  "account appeal": ACCOUNT_APPEAL,
  "account exam": ACCOUNT_EXAM,
  "account rebuild": ACCOUNT_REBUILD,
};

/** The help text for `hegui NAME [SUB] … --help`, or undefined for an unknown command. */
export function commandHelp(name: string, rest: string[]): string | undefined {
  const sub = rest.find((a) => !a.startsWith("-"));
  return (sub && COMMAND_HELP[`${name} ${sub}`]) || COMMAND_HELP[name];
}

/** True when the arguments ask for help (before a `--` that ends the options). */
export function asksForHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}
