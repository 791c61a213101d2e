/**
 * `hegui review …` and `hegui db migrate`: the review workbench (src/review) from the command line.
 *   hegui review list [--status open|claimed|done] [--format json|pretty] [--channel C] [--category C] [--account ID] [--limit N]
 *   hegui review show TASK
 *   hegui review claim TASK --reviewer NAME
 *   hegui review decide TASK --reviewer NAME --verdict confirm|reject [--violation ID] [--category C] [--final pass|block] [--reason TEXT]
 *   hegui review stats [--format json|pretty]
 *   hegui review export --rejected [--format training|exceptions]
 *   hegui review appeal TASK VIOLATION_ID --by NAME [--reason TEXT]
 *   hegui review user add NAME --role reviewer|lead|admin
 *   hegui review audit [TASK] [--verify]
 *   hegui db migrate
 * DATABASE_URL selects a PostgreSQL server; without it the embedded database in
 * ./.hegui/db (HEGUI_DB_DIR), or the `hegui serve` that holds it.
 */
import { parseArgs } from "node:util";
import { contextWindow } from "../classifier/features.js";
import { fieldText } from "../doc/document.js";
import { migrate, openDb, safeUrl } from "../review/db.js";
import { dataDir, openClient, type ReviewOps } from "../review/open.js";
import { acquire } from "../review/owner.js";
import { ReviewError, ROLES, type RejectedHit, type Role, type Stats, type Task } from "../review/store.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { registerCommand } from "./main.js";
import { flags } from "./flags.js";

const USAGE =
  "usage: hegui review list [--status open|claimed|done] [--format json|pretty] | show TASK | claim TASK --reviewer NAME | decide TASK --reviewer NAME --verdict confirm|reject [--violation ID] [--reason TEXT] | stats | export --rejected | user add NAME --role ROLE | audit [TASK] [--verify]";

function taskArg(s: string | undefined): number {
  const n = Number(s);
  if (!s || !Number.isInteger(n) || n < 1) throw new UsageError(`TASK must be a task id (a positive integer), not ${s === undefined ? "nothing" : JSON.stringify(s)}`);
  return n;
}

function pad(s: string, n: number): string {
  const w = [...s].reduce((a, c) => a + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  return s + " ".repeat(Math.max(0, n - w));
}

function prettyTask(t: Task): string {
  const head = `#${t.id}  ${t.status}${t.claimedBy ? ` (${t.claimedBy})` : ""}${t.finalDecision ? ` → ${t.finalDecision} by ${t.decidedBy}` : ""}  ${t.channel}${t.room ? ` room ${t.room}` : ""}${t.accountId ? ` account ${t.accountId}` : ""}  ${t.severity}  ${t.createdAt}`;
  const text = typeof t.item.text === "string" ? t.item.text : t.item.listing?.title ?? (t.item.fragments ?? []).map((f) => f.text).join(" ");
  const vs = t.violations.map((v) => `    ${v.id}  ${pad(v.category + (v.newCategory ? `→${v.newCategory}` : ""), 22)} ${pad(`「${v.matched}」`, 16)} ${v.ruleId}  ${v.decision ?? "undecided"}`);
  return [head, `    ${String(text).slice(0, 120)}`, ...vs].join("\n");
}

function prettyStats(s: Stats): string {
  const pct = (p: number | null) => (p === null ? "—" : `${(p * 100).toFixed(1)}%`);
  const lines = [`tasks: ${s.tasks.open} open, ${s.tasks.claimed} claimed, ${s.tasks.done} done`, "", `${pad("rule", 34)} ${pad("category", 20)} ${pad("lexicon", 14)} confirmed rejected precision`];
  for (const r of s.rules) lines.push(`${pad(r.ruleId, 34)} ${pad(r.category, 20)} ${pad(r.lexiconVersion, 14)} ${String(r.confirmed).padStart(9)} ${String(r.rejected).padStart(8)} ${pct(r.precision).padStart(9)}`);
  lines.push("", "per category:");
  for (const c of s.categories) lines.push(`  ${pad(c.category, 22)} ${c.confirmed} confirmed, ${c.rejected} rejected, precision ${pct(c.precision)}`);
  lines.push("per lexicon version:");
  for (const v of s.lexiconVersions) lines.push(`  ${pad(v.lexiconVersion, 22)} ${v.confirmed} confirmed, ${v.rejected} rejected, precision ${pct(v.precision)}`);
  return lines.join("\n");
}

/** Characters either side of a rejected hit kept as its training context (the classifier's window is larger). */
const WINDOW = 24;
/** Characters either side of the hit in a candidate exception phrase. */
const EXCEPTION_REACH = 3;

/** A rejected hit as a line of the classifier's training data (samples/context-training.jsonl): the reviewer says it is no claim. */
export function trainingLine(h: RejectedHit): Record<string, unknown> | undefined {
  const text = fieldText(h.item, h.violation.field);
  if (text === undefined) return undefined;
  const w = contextWindow(text, h.violation.start, h.violation.end, WINDOW);
  return {
    id: `review-${h.taskId}-${h.violation.id}`,
    text: w.left + w.term + w.right,
    term: w.term,
    label: "ordinary",
    category: h.violation.category,
    ruleId: h.violation.ruleId,
    lexiconVersion: h.violation.lexiconVersion,
    source: "review",
    ...(h.reason ? { reason: h.reason } : {}),
  };
}

/** Candidate `exceptions` per lexicon entry: the phrase around each rejected hit, within its clause. */
export function candidateExceptions(hits: RejectedHit[]): Array<{ entry: string; category: string; exceptions: string[]; rejected: number }> {
  const byEntry = new Map<string, { category: string; phrases: Map<string, number>; rejected: number }>();
  for (const h of hits) {
    const text = fieldText(h.item, h.violation.field);
    if (text === undefined) continue;
    const w = contextWindow(text, h.violation.start, h.violation.end, EXCEPTION_REACH);
    // A phrase stops at a clause mark or a space: an exception never spans one.
    const left = w.left.split(/[，,、；;：:\s]/).pop() ?? "";
    const right = w.right.split(/[，,、；;：:\s]/)[0] ?? "";
    const phrase = left + w.term + right;
    const e = byEntry.get(h.violation.ruleId) ?? { category: h.violation.category, phrases: new Map(), rejected: 0 };
    e.rejected++;
    if (phrase !== w.term) e.phrases.set(phrase, (e.phrases.get(phrase) ?? 0) + 1);
    byEntry.set(h.violation.ruleId, e);
  }
  return [...byEntry]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([entry, e]) => ({ entry, category: e.category, exceptions: [...e.phrases].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p), rejected: e.rejected }));
}

async function withClient<T>(fn: (ops: ReviewOps) => Promise<T>, opts: { ledger?: boolean } = {}): Promise<T> {
  const c = await openClient(opts);
  try {
    return await fn(c.ops);
  } finally {
    await c.close();
  }
}

async function review(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: flags({
      string: ["status", "format", "channel", "category", "account", "limit", "reviewer", "verdict", "final", "reason", "role", "by"],
      boolean: ["rejected", "verify"],
      list: ["violation"],
    }),
  });
  const [sub, ...rest] = positionals;
  switch (sub) {
    case "list": {
      if (rest.length) throw new UsageError(`list takes no arguments (${rest.join(" ")})`);
      if (values.status && !["open", "claimed", "done"].includes(values.status)) throw new UsageError(`--status must be open, claimed or done, not ${values.status}`);
      const format = values.format ?? (io.stdoutIsTTY ? "pretty" : "json");
      if (format !== "json" && format !== "pretty") throw new UsageError(`--format must be json or pretty, not ${format}`);
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a positive integer, not ${values.limit}`);
      const tasks = await withClient((ops) =>
        ops.list({ status: values.status as Task["status"] | undefined, channel: values.channel, category: values.category, account: values.account, limit }),
      );
      if (format === "json") io.out(JSON.stringify(tasks));
      else io.out(tasks.length ? tasks.map(prettyTask).join("\n\n") : "no tasks");
      return EXIT.CLEAN;
    }
    case "show": {
      const id = taskArg(rest[0]);
      const t = await withClient((ops) => ops.get(id));
      if (!t) throw new ReviewError(`no review task ${id}`, 404);
      io.out(values.format === "pretty" || (!values.format && io.stdoutIsTTY) ? prettyTask(t) : JSON.stringify(t));
      return EXIT.CLEAN;
    }
    case "claim": {
      const id = taskArg(rest[0]);
      if (!values.reviewer) throw new UsageError("claim needs --reviewer NAME");
      io.out(JSON.stringify(await withClient((ops) => ops.claim(id, values.reviewer!))));
      return EXIT.CLEAN;
    }
    case "decide": {
      const id = taskArg(rest[0]);
      if (rest.length > 1) throw new UsageError(`decide takes one TASK (${rest.join(" ")})`);
      if (!values.reviewer) throw new UsageError("decide needs --reviewer NAME");
      const verdict = values.verdict;
      if (verdict !== "confirm" && verdict !== "reject") throw new UsageError(`--verdict must be confirm or reject, not ${verdict ?? "nothing"}`);
      if (values.final && values.final !== "pass" && values.final !== "block") throw new UsageError(`--final must be pass or block, not ${values.final}`);
      if (values.category && verdict !== "confirm") throw new UsageError("--category (a changed category) goes with --verdict confirm");
      const ids = values.violation ?? [];
      const t = await withClient(
        (ops) =>
          ops.decide(id, values.reviewer!, {
            ...(ids.length ? { violations: ids.map((v) => ({ id: v, verdict, ...(values.category ? { category: values.category } : {}) })) } : { all: verdict }),
            ...(values.final ? { final: values.final as "pass" | "block" } : {}),
            ...(values.reason ? { reason: values.reason } : {}),
          }),
        { ledger: true },
      );
      io.out(JSON.stringify(t));
      return EXIT.CLEAN;
    }
    case "stats": {
      const format = values.format ?? (io.stdoutIsTTY ? "pretty" : "json");
      if (format !== "json" && format !== "pretty") throw new UsageError(`--format must be json or pretty, not ${format}`);
      const s = await withClient((ops) => ops.stats());
      io.out(format === "json" ? JSON.stringify(s) : prettyStats(s));
      return EXIT.CLEAN;
    }
    case "export": {
      if (!values.rejected) throw new UsageError("export needs --rejected (the hits reviewers rejected)");
      const format = values.format ?? "training";
      if (format !== "training" && format !== "exceptions") throw new UsageError(`--format must be training or exceptions, not ${format}`);
      const hits = await withClient((ops) => ops.rejected());
      if (format === "training") {
        for (const h of hits) {
          const line = trainingLine(h);
          if (line) io.out(JSON.stringify(line));
          else io.err(`hegui review export: task ${h.taskId}: no field ${h.violation.field} in the item; skipped`);
        }
      } else for (const e of candidateExceptions(hits)) io.out(JSON.stringify(e));
      return EXIT.CLEAN;
    }
    case "appeal": {
      const id = taskArg(rest[0]);
      if (!rest[1] || rest.length !== 2) throw new UsageError("usage: hegui review appeal TASK VIOLATION_ID --by NAME [--reason TEXT]");
      if (!values.by) throw new UsageError("appeal needs --by NAME (who upholds it)");
      io.out(JSON.stringify(await withClient((ops) => ops.appeal(id, rest[1], values.by!, values.reason), { ledger: true })));
      return EXIT.CLEAN;
    }
    case "user": {
      if (rest[0] !== "add" || !rest[1] || rest.length !== 2) throw new UsageError("usage: hegui review user add NAME --role reviewer|lead|admin");
      const role = (values.role ?? "reviewer") as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}, not ${values.role}`);
      const token = await withClient((ops) => ops.addUser(rest[1], role));
      io.out(JSON.stringify({ name: rest[1], role, token }));
      return EXIT.CLEAN;
    }
    case "audit": {
      const id = rest[0] === undefined ? undefined : taskArg(rest[0]);
      if (values.verify) {
        const bad = await withClient((ops) => ops.verifyAudit());
        if (bad.length) {
          io.err(`hegui review audit: the audit trail does not rebuild task(s) ${bad.join(", ")}`);
          return EXIT.VIOLATIONS;
        }
        io.err("hegui review audit: the audit trail rebuilds every task's state");
        return EXIT.CLEAN;
      }
      for (const a of await withClient((ops) => ops.auditTrail(id))) io.out(JSON.stringify(a));
      return EXIT.CLEAN;
    }
    default:
      throw new UsageError(USAGE);
  }
}

registerCommand("review", async (args, io) => {
  try {
    return await review(args, io);
  } catch (e) {
    if (e instanceof ReviewError) {
      io.err(`hegui review: ${e.message}`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
});

registerCommand("db", async (args, io) => {
  try {
    return await dbCommand(args, io);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.err(`hegui db: ${process.env.DATABASE_URL ? `PostgreSQL at ${safeUrl(process.env.DATABASE_URL)} (DATABASE_URL)` : dataDir()}: ${(e as Error).message}`);
    return EXIT.BAD_INPUT;
  }
});

async function dbCommand(args: string[], io: CliIO): Promise<number> {
  if (args.length !== 1 || args[0] !== "migrate") throw new UsageError("usage: hegui db migrate");
  let release: (() => void) | undefined;
  if (!process.env.DATABASE_URL) {
    const a = acquire(dataDir());
    if ("owner" in a) {
      // `hegui serve` migrated it at start-up, and holds it.
      io.err(`hegui db: ${dataDir()} is open in process ${a.owner.pid}${a.owner.url ? ` (${a.owner.url})` : ""}, which applied the migrations when it started`);
      return EXIT.CLEAN;
    }
    release = () => a.held.release();
  }
  try {
    const db = await openDb({ dataDir: dataDir() });
    try {
      const applied = await migrate(db);
      io.err(`hegui db: ${db.kind} ${db.where}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
      io.out(JSON.stringify({ database: db.kind, where: db.where, applied }));
    } finally {
      await db.close();
    }
  } finally {
    release?.();
  }
  return EXIT.CLEAN;
}
