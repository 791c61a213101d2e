/**
 * The review store: tasks for verdicts decided `review`, reviewers' decisions
 * per violation, and an append-only audit trail, in PostgreSQL or PGlite (db.ts).
 *
 * - A task is created once per item content and lexicon version (content_key).
 * - Reviewers claim a task with a lease; a claim while another reviewer's lease
 *   runs is refused (row lock + check in one transaction), an expired lease can
 *   be taken over.
 * - Every change is one transaction that also appends its audit record (who,
 *   when, what, the fields before and after); `rebuildStates` folds the audit
 *   trail back into every task's state.
 * - Confirmed violations of a decided task go to the account ledger (the
 *   `ledger` callback) exactly once: the task is marked `pending` in the
 *   deciding transaction, applied after it (the ledger is idempotent per item
 *   and findings), then marked `applied`; `applyPendingLedger` retries any left
 *   pending by a crash.
 */
import { createHash, randomBytes } from "node:crypto";
import { SEVERITIES, type Category, type Item, type Severity, type Verdict, type Violation } from "../types.js";
import { CATEGORIES } from "../types.js";
import type { Db, Queryable } from "./db.js";
import { violationId as makeViolationId } from "../score/ids.js";

export type TaskStatus = "open" | "claimed" | "done";
export type FinalDecision = "pass" | "block";
export type LedgerMark = "none" | "pending" | "applied";
export type Role = "reviewer" | "lead" | "admin";
export const ROLES: readonly Role[] = ["reviewer", "lead", "admin"];

export interface TaskViolation {
  id: string;
  ruleId: string;
  category: string;
  severity: string;
  matched: string;
  field: string;
  start: number;
  end: number;
  lexiconVersion: string;
  decision: "confirmed" | "rejected" | null;
  newCategory: string | null;
  decidedBy: string | null;
  /** An upheld appeal of a confirmed violation: who recorded it. */
  appealedBy: string | null;
}

/** The fields a reviewer changes, on a task and in the state its audit trail rebuilds. */
export interface TaskDecisionFields {
  claimedBy: string | null;
  leaseUntil: string | null;
  finalDecision: FinalDecision | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  ledger: LedgerMark;
}

export interface Task extends TaskDecisionFields {
  id: number;
  itemId: string;
  channel: string;
  room: string | null;
  accountId: string | null;
  lexiconVersion: string;
  source: string;
  item: Item;
  verdict: Verdict;
  severity: Severity;
  live: boolean;
  /** Effective status: a claim whose lease ran out is `open` again. */
  status: TaskStatus;
  createdAt: string;
  violations: TaskViolation[];
}

/** What the audit trail records of a task and rebuilds (everything a reviewer can change). */
export interface TaskState extends TaskDecisionFields {
  status: "open" | "claimed" | "done";
  violations: Record<string, { decision: "confirmed" | "rejected" | null; newCategory: string | null; decidedBy: string | null; appealedBy?: string | null }>;
}

export interface AuditRecord {
  seq: number;
  taskId: number;
  at: string;
  actor: string;
  action: string;
  before: Partial<TaskState> | null;
  after: Partial<TaskState> & Record<string, unknown>;
}

/** A request the store refuses: unknown task, a claim held by someone else, a decided task. The CLI exits 2, the API answers 4xx. */
export class ReviewError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export type ViolationVerdict = "confirm" | "reject";

export interface DecideInput {
  /** Per violation: confirm (optionally as another category) or reject as a false positive. */
  violations?: Array<{ id: string; verdict: ViolationVerdict; category?: string }>;
  /** The same for every violation not decided yet. */
  all?: ViolationVerdict;
  /** The item's final decision (default: block when any violation is confirmed, else pass); given, it closes the task. */
  final?: FinalDecision;
  reason?: string;
}

export interface ListFilter {
  status?: TaskStatus;
  channel?: string;
  category?: string;
  account?: string;
  /** Only tasks at least this many seconds old. */
  minAgeSeconds?: number;
  limit?: number;
}

export interface RuleStats {
  ruleId: string;
  category: string;
  lexiconVersion: string;
  confirmed: number;
  rejected: number;
  recategorized: number;
  undecided: number;
  /** confirmed / (confirmed + rejected); null before any decision. */
  precision: number | null;
}

export interface Stats {
  tasks: { open: number; claimed: number; done: number };
  rules: RuleStats[];
  categories: Array<{ category: string; confirmed: number; rejected: number; precision: number | null }>;
  lexiconVersions: Array<{ lexiconVersion: string; confirmed: number; rejected: number; precision: number | null }>;
}

export interface RejectedHit {
  taskId: number;
  itemId: string;
  channel: string;
  item: Item;
  violation: TaskViolation;
  reason: string | null;
}

export interface StoreOptions {
  /** The account ledger: called once with the item and a verdict of its confirmed violations. */
  ledger?: (item: Item, verdict: Verdict) => Promise<void>;
  /** The store's clock (leases, decision times); tests move it. */
  clock?: () => Date;
  /** Lease length in seconds (default 300). */
  leaseSeconds?: number;
  /** The account ledger's upheld appeal: reverses a violation applied before. */
  ledgerAppeal?: (accountId: string, violationId: string) => Promise<void>;
  /** Where a failed ledger step is told (the decision stands, its ledger mark stays `pending` and is retried). */
  log?: (line: string) => void;
}

export const DEFAULT_LEASE_SECONDS = 300;

/** JSON with object keys sorted: the same item gives the same key whichever order its fields came in. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** The task identity: lexicon version + item content. */
export function contentKey(item: Item, lexiconVersion: string): string {
  return createHash("sha256").update(`${lexiconVersion}\0${stableJson(item)}`).digest("hex");
}

const iso = (d: unknown): string | null => (d == null ? null : d instanceof Date ? d.toISOString() : new Date(String(d)).toISOString());
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const precision = (c: number, r: number) => (c + r === 0 ? null : Math.round((c / (c + r)) * 1000) / 1000);

interface TaskRow {
  id: number;
  item_id: string;
  channel: string;
  room: string | null;
  account_id: string | null;
  lexicon_version: string;
  source: string;
  item: Item;
  verdict: Verdict;
  severity_rank: number;
  live: number;
  status: TaskStatus;
  claimed_by: string | null;
  lease_until: Date | null;
  final_decision: FinalDecision | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  ledger: LedgerMark;
  created_at: Date;
}

interface ViolationRow {
  task_id: number;
  violation_id: string;
  rule_id: string;
  category: string;
  severity: string;
  matched: string;
  field: string;
  start_at: number;
  end_at: number;
  lexicon_version: string;
  decision: "confirmed" | "rejected" | null;
  new_category: string | null;
  decided_by: string | null;
  appealed_by: string | null;
}

function toViolation(r: ViolationRow): TaskViolation {
  return {
    id: r.violation_id,
    ruleId: r.rule_id,
    category: r.category,
    severity: r.severity,
    matched: r.matched,
    field: r.field,
    start: r.start_at,
    end: r.end_at,
    lexiconVersion: r.lexicon_version,
    decision: r.decision,
    newCategory: r.new_category,
    decidedBy: r.decided_by,
    appealedBy: r.appealed_by ?? null,
  };
}

/** A task's reviewable state from its rows (what the audit trail must rebuild). */
function stateOf(t: TaskRow, vs: ViolationRow[]): TaskState {
  return {
    status: t.status,
    claimedBy: t.claimed_by,
    leaseUntil: iso(t.lease_until),
    finalDecision: t.final_decision,
    reason: t.reason,
    decidedBy: t.decided_by,
    decidedAt: iso(t.decided_at),
    ledger: t.ledger,
    violations: Object.fromEntries(
      vs.map((v) => [v.violation_id, { decision: v.decision, newCategory: v.new_category, decidedBy: v.decided_by, ...(v.appealed_by ? { appealedBy: v.appealed_by } : {}) }]),
    ),
  };
}

/** The fields of `after` that differ from `before` (violations: the changed ones), both sides. */
function diff(before: TaskState, after: TaskState): { before: Partial<TaskState>; after: Partial<TaskState> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after) as Array<keyof TaskState>) {
    if (k === "violations") continue;
    if (before[k] !== after[k]) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  const bv: TaskState["violations"] = {};
  const av: TaskState["violations"] = {};
  for (const [id, v] of Object.entries(after.violations)) {
    if (stableJson(v) !== stableJson(before.violations[id])) {
      bv[id] = before.violations[id];
      av[id] = v;
    }
  }
  if (Object.keys(av).length) {
    b.violations = bv;
    a.violations = av;
  }
  return { before: b as Partial<TaskState>, after: a as Partial<TaskState> };
}

const STATE_FIELDS = ["status", "claimedBy", "leaseUntil", "finalDecision", "reason", "decidedBy", "decidedAt", "ledger"] as const;

/** Fold audit records (in order) into every task's state. */
export function foldAudit(records: AuditRecord[]): Map<number, TaskState> {
  const out = new Map<number, TaskState>();
  for (const r of records) {
    if (r.action === "created") {
      const a = r.after as Partial<TaskState>;
      out.set(r.taskId, {
        status: a.status ?? "open",
        claimedBy: a.claimedBy ?? null,
        leaseUntil: a.leaseUntil ?? null,
        finalDecision: a.finalDecision ?? null,
        reason: a.reason ?? null,
        decidedBy: a.decidedBy ?? null,
        decidedAt: a.decidedAt ?? null,
        ledger: a.ledger ?? "none",
        violations: { ...(a.violations ?? {}) },
      });
      continue;
    }
    const s = out.get(r.taskId);
    if (!s) throw new Error(`audit record ${r.seq}: task ${r.taskId} has no "created" record before it`);
    const { violations, ...fields } = r.after as Partial<TaskState>;
    // Only the state's own fields (a record may carry notes beside them, such as an appeal's reason).
    for (const k of STATE_FIELDS) if (k in fields) (s as unknown as Record<string, unknown>)[k] = (fields as Record<string, unknown>)[k];
    if (violations) Object.assign(s.violations, violations);
  }
  return out;
}

export class ReviewStore {
  private readonly clock: () => Date;
  private readonly leaseSeconds: number;
  ledger?: (item: Item, verdict: Verdict) => Promise<void>;
  ledgerAppeal?: (accountId: string, violationId: string) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(
    readonly db: Db,
    opts: StoreOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.leaseSeconds = opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
    this.ledger = opts.ledger;
    this.ledgerAppeal = opts.ledgerAppeal;
    this.log = opts.log ?? ((l) => process.stderr.write(l + "\n"));
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private async audit(q: Queryable, taskId: number, actor: string, action: string, before: unknown, after: unknown): Promise<void> {
    await q.query(`INSERT INTO review_audit (task_id, at, actor, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
      taskId,
      this.clock(),
      actor,
      action,
      before == null ? null : JSON.stringify(before),
      JSON.stringify(after),
    ]);
  }

  /**
   * A task for a verdict decided `review` (other decisions: none, null).
   * Idempotent: the same item content under the same lexicon version makes one task; `created` says whether this call made it.
   */
  async createTask(item: Item, verdict: Verdict, source: string): Promise<{ task: Task; created: boolean } | null> {
    if (verdict.decision !== "review") return null;
    const key = contentKey(item, verdict.lexiconVersion);
    const violations: Violation[] = verdict.violations.map((v) => (v.id ? v : { ...v, id: makeViolationId(item.id, v) }));
    const rank = Math.max(0, ...violations.map((v) => SEVERITIES.indexOf(v.severity)));
    const live = item.channel === "caption" || item.room ? 1 : 0;
    const now = this.clock();
    const created = await this.db.tx(async (q) => {
      const rows = await q.query<{ id: number }>(
        `INSERT INTO review_tasks (content_key, item_id, channel, room, account_id, lexicon_version, source, item, verdict, severity_rank, live, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (content_key) DO NOTHING RETURNING id`,
        [key, item.id, item.channel, item.room ?? null, item.account?.id != null ? String(item.account.id) : null, verdict.lexiconVersion, source, JSON.stringify(item), JSON.stringify({ ...verdict, violations }), rank, live, now],
      );
      if (!rows.length) return null;
      const id = rows[0].id;
      // The same violation id twice in one verdict (should not happen): the first is kept.
      const seen = new Set<string>();
      let ord = 0;
      for (const v of violations) {
        if (seen.has(v.id!)) continue;
        seen.add(v.id!);
        await q.query(
          `INSERT INTO review_violations (task_id, violation_id, ord, rule_id, category, severity, matched, field, start_at, end_at, lexicon_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [id, v.id, ord++, v.ruleId, v.category, v.severity, v.matched, v.field, v.start, v.end, verdict.lexiconVersion],
        );
      }
      const state: TaskState = {
        status: "open",
        claimedBy: null,
        leaseUntil: null,
        finalDecision: null,
        reason: null,
        decidedBy: null,
        decidedAt: null,
        ledger: "none",
        violations: Object.fromEntries([...seen].map((v) => [v, { decision: null, newCategory: null, decidedBy: null }])),
      };
      await this.audit(q, id, source, "created", null, { ...state, contentKey: key, itemId: item.id, lexiconVersion: verdict.lexiconVersion });
      return id;
    });
    if (created !== null) return { task: (await this.get(created))!, created: true };
    const [row] = await this.db.query<{ id: number }>(`SELECT id FROM review_tasks WHERE content_key = $1`, [key]);
    return { task: (await this.get(row.id))!, created: false };
  }

  private toTask(t: TaskRow, vs: ViolationRow[]): Task {
    const now = this.clock().getTime();
    const expired = t.status === "claimed" && (!t.lease_until || t.lease_until.getTime() <= now);
    return {
      id: t.id,
      itemId: t.item_id,
      channel: t.channel,
      room: t.room,
      accountId: t.account_id,
      lexiconVersion: t.lexicon_version,
      source: t.source,
      item: t.item,
      verdict: t.verdict,
      severity: SEVERITIES[t.severity_rank] ?? "minor",
      live: t.live === 1,
      status: expired ? "open" : t.status,
      claimedBy: expired ? null : t.claimed_by,
      leaseUntil: expired ? null : iso(t.lease_until),
      finalDecision: t.final_decision,
      reason: t.reason,
      decidedBy: t.decided_by,
      decidedAt: iso(t.decided_at),
      ledger: t.ledger,
      createdAt: iso(t.created_at)!,
      violations: vs.map(toViolation),
    };
  }

  private async violationsOf(q: Queryable, ids: number[]): Promise<Map<number, ViolationRow[]>> {
    const out = new Map<number, ViolationRow[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const rows = await q.query<ViolationRow>(`SELECT * FROM review_violations WHERE task_id = ANY($1::int[]) ORDER BY task_id, ord`, [ids]);
    for (const r of rows) out.get(r.task_id)!.push(r);
    return out;
  }

  async get(id: number): Promise<Task | undefined> {
    const [t] = await this.db.query<TaskRow>(`SELECT * FROM review_tasks WHERE id = $1`, [id]);
    if (!t) return undefined;
    return this.toTask(t, (await this.violationsOf(this.db, [id])).get(id)!);
  }

  /** Tasks in review order: most severe first, live rooms first, oldest first. */
  async list(f: ListFilter = {}): Promise<Task[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const now = this.clock();
    if (f.status === "open") where.push(`(status = 'open' OR (status = 'claimed' AND (lease_until IS NULL OR lease_until <= ${p(now)})))`);
    else if (f.status === "claimed") where.push(`(status = 'claimed' AND lease_until > ${p(now)})`);
    else if (f.status === "done") where.push(`status = 'done'`);
    if (f.channel) where.push(`channel = ${p(f.channel)}`);
    if (f.account) where.push(`account_id = ${p(f.account)}`);
    if (f.category) where.push(`EXISTS (SELECT 1 FROM review_violations v WHERE v.task_id = review_tasks.id AND coalesce(v.new_category, v.category) = ${p(f.category)})`);
    if (f.minAgeSeconds) where.push(`created_at <= ${p(new Date(now.getTime() - f.minAgeSeconds * 1000))}`);
    const limit = Math.min(Math.max(1, f.limit ?? 200), 10_000);
    const rows = await this.db.query<TaskRow>(
      `SELECT * FROM review_tasks ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY severity_rank DESC, live DESC, created_at, id LIMIT ${limit}`,
      params,
    );
    const vs = await this.violationsOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => this.toTask(r, vs.get(r.id)!));
  }

  private async locked(q: Queryable, id: number): Promise<{ t: TaskRow; vs: ViolationRow[] }> {
    if (!Number.isInteger(id) || id < 1) throw new ReviewError(`task id must be a positive integer, not ${id}`, 400);
    const [t] = await q.query<TaskRow>(`SELECT * FROM review_tasks WHERE id = $1 FOR UPDATE`, [id]);
    if (!t) throw new ReviewError(`no review task ${id}`, 404);
    const vs = (await this.violationsOf(q, [id])).get(id)!;
    return { t, vs };
  }

  private heldByOther(t: TaskRow, reviewer: string): boolean {
    return t.status === "claimed" && t.claimed_by !== reviewer && !!t.lease_until && t.lease_until.getTime() > this.clock().getTime();
  }

  private async setClaim(q: Queryable, t: TaskRow, vs: ViolationRow[], reviewer: string, actor: string, action: string): Promise<void> {
    const before = stateOf(t, vs);
    const lease = new Date(this.clock().getTime() + this.leaseSeconds * 1000);
    await q.query(`UPDATE review_tasks SET status = 'claimed', claimed_by = $2, lease_until = $3 WHERE id = $1`, [t.id, reviewer, lease]);
    const after = stateOf({ ...t, status: "claimed", claimed_by: reviewer, lease_until: lease }, vs);
    const d = diff(before, after);
    await this.audit(q, t.id, actor, action, d.before, d.after);
  }

  /**
   * Claim a task for `reviewer` with a lease (renewed when they hold it already).
   * Refused (409) while another reviewer's lease runs, and for a decided task.
   */
  async claim(id: number, reviewer: string): Promise<Task> {
    if (!reviewer) throw new ReviewError("a reviewer name is required", 400);
    await this.db.tx(async (q) => {
      const { t, vs } = await this.locked(q, id);
      if (t.status === "done") throw new ReviewError(`task ${id} is decided already (${t.final_decision} by ${t.decided_by})`, 409);
      if (this.heldByOther(t, reviewer)) throw new ReviewError(`task ${id} is claimed by ${t.claimed_by} until ${iso(t.lease_until)}`, 409);
      await this.setClaim(q, t, vs, reviewer, reviewer, "claimed");
    });
    return (await this.get(id))!;
  }

  /** The first open task in review order (matching `f`), claimed for `reviewer`; undefined when none is left. */
  async claimNext(reviewer: string, f: Omit<ListFilter, "status"> = {}): Promise<Task | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [next] = await this.list({ ...f, status: "open", limit: 1 });
      if (!next) return undefined;
      try {
        return await this.claim(next.id, reviewer);
      } catch (e) {
        // Someone else took it between the look and the claim: try the next one.
        if (!(e instanceof ReviewError && e.status === 409)) throw e;
      }
    }
    return undefined;
  }

  /** Give a claimed task back to the queue (its holder, or a lead). */
  async release(id: number, actor: string, role: Role = "reviewer"): Promise<Task> {
    await this.db.tx(async (q) => {
      const { t, vs } = await this.locked(q, id);
      if (t.status !== "claimed") return;
      if (t.claimed_by !== actor && role === "reviewer") throw new ReviewError(`task ${id} is claimed by ${t.claimed_by}, not ${actor}`, 403);
      const before = stateOf(t, vs);
      await q.query(`UPDATE review_tasks SET status = 'open', claimed_by = NULL, lease_until = NULL WHERE id = $1`, [id]);
      const d = diff(before, stateOf({ ...t, status: "open", claimed_by: null, lease_until: null }, vs));
      await this.audit(q, id, actor, "released", d.before, d.after);
    });
    return (await this.get(id))!;
  }

  /** A lead hands a task to another reviewer (whoever holds it now). */
  async reassign(id: number, to: string, lead: string): Promise<Task> {
    await this.db.tx(async (q) => {
      const { t, vs } = await this.locked(q, id);
      if (t.status === "done") throw new ReviewError(`task ${id} is decided already`, 409);
      await this.setClaim(q, t, vs, to, lead, "reassigned");
    });
    return (await this.get(id))!;
  }

  /**
   * Decide a task's violations and, once every one is decided (or `final` is given), the item.
   * An open task is claimed for the reviewer first; a task another reviewer holds is refused.
   */
  async decide(id: number, reviewer: string, input: DecideInput): Promise<Task> {
    if (!reviewer) throw new ReviewError("a reviewer name is required", 400);
    for (const v of input.violations ?? []) {
      if (v.verdict !== "confirm" && v.verdict !== "reject") throw new ReviewError(`violation ${v.id}: verdict must be confirm or reject, not ${v.verdict}`, 400);
      if (v.category !== undefined && !(CATEGORIES as readonly string[]).includes(v.category)) throw new ReviewError(`violation ${v.id}: unknown category ${v.category}`, 400);
      if (v.category !== undefined && v.verdict !== "confirm") throw new ReviewError(`violation ${v.id}: a category change goes with confirm`, 400);
    }
    if (input.all && input.all !== "confirm" && input.all !== "reject") throw new ReviewError(`verdict must be confirm or reject, not ${input.all}`, 400);
    if (input.final && input.final !== "pass" && input.final !== "block") throw new ReviewError(`final decision must be pass or block, not ${input.final}`, 400);
    const now = this.clock();
    await this.db.tx(async (q) => {
      let { t, vs } = await this.locked(q, id);
      if (t.status === "done") throw new ReviewError(`task ${id} is decided already (${t.final_decision} by ${t.decided_by})`, 409);
      if (this.heldByOther(t, reviewer)) throw new ReviewError(`task ${id} is claimed by ${t.claimed_by} until ${iso(t.lease_until)}`, 409);
      if (t.status !== "claimed" || t.claimed_by !== reviewer) {
        await this.setClaim(q, t, vs, reviewer, reviewer, "claimed");
        ({ t, vs } = await this.locked(q, id));
      }
      const known = new Map(vs.map((v) => [v.violation_id, v]));
      const wanted = new Map<string, { verdict: ViolationVerdict; category?: string }>();
      for (const v of input.violations ?? []) {
        if (!known.has(v.id)) throw new ReviewError(`task ${id} has no violation ${v.id} (it has ${[...known.keys()].join(", ") || "none"})`, 400);
        wanted.set(v.id, v);
      }
      if (input.all) for (const v of vs) if (!wanted.has(v.violation_id) && v.decision === null) wanted.set(v.violation_id, { verdict: input.all });
      for (const [vid, w] of wanted) {
        const row = known.get(vid)!;
        const before = stateOf(t, vs);
        const decision = w.verdict === "confirm" ? "confirmed" : "rejected";
        const newCategory = w.category && w.category !== row.category ? w.category : null;
        await q.query(`UPDATE review_violations SET decision = $3, new_category = $4, decided_by = $5, decided_at = $6 WHERE task_id = $1 AND violation_id = $2`, [
          id,
          vid,
          decision,
          newCategory,
          reviewer,
          now,
        ]);
        vs = vs.map((v) => (v.violation_id === vid ? { ...v, decision, new_category: newCategory, decided_by: reviewer } : v));
        const d = diff(before, stateOf(t, vs));
        await this.audit(q, id, reviewer, newCategory ? "recategorized" : decision === "confirmed" ? "confirmed" : "rejected", d.before, d.after);
      }
      const allDecided = vs.every((v) => v.decision !== null);
      if (!input.final && !allDecided) {
        if (input.reason) {
          // A note on a task still open: kept as its reason so far.
          const before = stateOf(t, vs);
          await q.query(`UPDATE review_tasks SET reason = $2 WHERE id = $1`, [id, input.reason]);
          t = { ...t, reason: input.reason };
          const d = diff(before, stateOf(t, vs));
          await this.audit(q, id, reviewer, "noted", d.before, d.after);
        }
        return;
      }
      const confirmed = vs.filter((v) => v.decision === "confirmed");
      const final: FinalDecision = input.final ?? (confirmed.length ? "block" : "pass");
      const ledger: LedgerMark = t.account_id && confirmed.length ? "pending" : "none";
      const before = stateOf(t, vs);
      const reason = input.reason ?? t.reason ?? null;
      await q.query(
        `UPDATE review_tasks SET status = 'done', claimed_by = NULL, lease_until = NULL, final_decision = $2, reason = $3, decided_by = $4, decided_at = $5, ledger = $6 WHERE id = $1`,
        [id, final, reason, reviewer, now, ledger],
      );
      t = { ...t, status: "done", claimed_by: null, lease_until: null, final_decision: final, reason, decided_by: reviewer, decided_at: now, ledger };
      const d = diff(before, stateOf(t, vs));
      await this.audit(q, id, reviewer, "decided", d.before, d.after);
    });
    const task = (await this.get(id))!;
    if (task.ledger === "pending" && this.ledger) {
      try {
        return await this.applyLedger(task);
      } catch (e) {
        // The decision is committed; the ledger step is retried by applyPendingLedger (start-up, next decision).
        this.log(`review task ${id}: the account ledger step failed, left pending: ${(e as Error).message}`);
      }
    }
    return task;
  }

  /** The verdict the ledger gets for a decided task: its confirmed violations only (in their reviewed category). */
  static confirmedVerdict(task: Task): Verdict {
    const byId = new Map(task.verdict.violations.map((v) => [v.id, v]));
    const violations: Violation[] = task.violations
      .filter((v) => v.decision === "confirmed")
      .map((v) => {
        const orig = byId.get(v.id)!;
        return v.newCategory ? { ...orig, category: v.newCategory as Category } : orig;
      });
    return { ...task.verdict, decision: "block", violations, reviewedBy: task.decidedBy, reviewTask: task.id };
  }

  /** Apply a decided task's confirmed violations to the account ledger and mark it applied (idempotent). */
  async applyLedger(task: Task): Promise<Task> {
    if (task.ledger !== "pending" || !this.ledger) return task;
    await this.ledger(task.item, ReviewStore.confirmedVerdict(task));
    await this.db.tx(async (q) => {
      const { t, vs } = await this.locked(q, task.id);
      if (t.ledger !== "pending") return;
      await q.query(`UPDATE review_tasks SET ledger = 'applied' WHERE id = $1`, [task.id]);
      const d = diff(stateOf(t, vs), stateOf({ ...t, ledger: "applied" }, vs));
      await this.audit(q, task.id, "ledger", "ledger_applied", d.before, d.after);
    });
    return (await this.get(task.id))!;
  }

  /** Tasks decided but not yet applied to the ledger (a crash between the two): apply them now. Returns how many. */
  async applyPendingLedger(): Promise<number> {
    if (!this.ledger) return 0;
    const rows = await this.db.query<{ id: number }>(`SELECT id FROM review_tasks WHERE ledger = 'pending' ORDER BY id`);
    for (const r of rows) await this.applyLedger((await this.get(r.id))!);
    return rows.length;
  }

  /**
   * An upheld appeal of a confirmed violation of a decided task: recorded (audit `appealed`), counted as a
   * false positive from then on, and reversed on the account ledger (idempotent: running it again only
   * repeats the ledger step, which changes nothing the second time).
   */
  async appeal(id: number, violationId: string, actor: string, reason?: string): Promise<Task> {
    if (!actor) throw new ReviewError("who records the appeal is required", 400);
    const now = this.clock();
    await this.db.tx(async (q) => {
      const { t, vs } = await this.locked(q, id);
      const v = vs.find((x) => x.violation_id === violationId);
      if (!v) throw new ReviewError(`task ${id} has no violation ${violationId}`, 400);
      if (t.status !== "done" || v.decision !== "confirmed") throw new ReviewError(`violation ${violationId} of task ${id} is not a confirmed one of a decided task: nothing to appeal`, 409);
      if (v.appealed_by) return;
      const before = stateOf(t, vs);
      await q.query(`UPDATE review_violations SET appealed_by = $3, appealed_at = $4 WHERE task_id = $1 AND violation_id = $2`, [id, violationId, actor, now]);
      const after = stateOf(t, vs.map((x) => (x === v ? { ...x, appealed_by: actor } : x)));
      const d = diff(before, after);
      await this.audit(q, id, actor, "appealed", d.before, { ...d.after, ...(reason ? { appealReason: reason } : {}) });
    });
    const task = (await this.get(id))!;
    if (task.accountId && task.ledger === "applied" && this.ledgerAppeal) await this.ledgerAppeal(task.accountId, violationId);
    return task;
  }

  /** Per-rule precision from reviewers' decisions, per category and lexicon version. */
  async stats(): Promise<Stats> {
    const now = this.clock();
    const [counts] = await this.db.query<{ open: number; claimed: number; done: number }>(
      `SELECT count(*) FILTER (WHERE status = 'open' OR (status = 'claimed' AND (lease_until IS NULL OR lease_until <= $1)))::int AS open,
              count(*) FILTER (WHERE status = 'claimed' AND lease_until > $1)::int AS claimed,
              count(*) FILTER (WHERE status = 'done')::int AS done
         FROM review_tasks`,
      [now],
    );
    const rows = await this.db.query<{ rule_id: string; category: string; lexicon_version: string; confirmed: number; rejected: number; recategorized: number; undecided: number }>(
      `SELECT rule_id, category, lexicon_version,
              count(*) FILTER (WHERE decision = 'confirmed' AND appealed_at IS NULL)::int AS confirmed,
              count(*) FILTER (WHERE decision = 'rejected' OR appealed_at IS NOT NULL)::int AS rejected,
              count(*) FILTER (WHERE new_category IS NOT NULL)::int AS recategorized,
              count(*) FILTER (WHERE decision IS NULL)::int AS undecided
         FROM review_violations GROUP BY rule_id, category, lexicon_version ORDER BY rule_id, category, lexicon_version`,
    );
    const rules: RuleStats[] = rows.map((r) => ({
      ruleId: r.rule_id,
      category: r.category,
      lexiconVersion: r.lexicon_version,
      confirmed: r.confirmed,
      rejected: r.rejected,
      recategorized: r.recategorized,
      undecided: r.undecided,
      precision: precision(r.confirmed, r.rejected),
    }));
    const sum = <K extends "category" | "lexiconVersion">(k: K) => {
      const m = new Map<string, { confirmed: number; rejected: number }>();
      for (const r of rules) {
        const e = m.get(r[k]) ?? { confirmed: 0, rejected: 0 };
        e.confirmed += r.confirmed;
        e.rejected += r.rejected;
        m.set(r[k], e);
      }
      return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([name, e]) => ({ [k]: name, ...e, precision: precision(e.confirmed, e.rejected) }));
    };
    return {
      tasks: counts ?? { open: 0, claimed: 0, done: 0 },
      rules,
      categories: sum("category") as Stats["categories"],
      lexiconVersions: sum("lexiconVersion") as Stats["lexiconVersions"],
    };
  }

  /** Every violation reviewers rejected as a false positive, with its item. */
  async rejected(): Promise<RejectedHit[]> {
    const rows = await this.db.query<ViolationRow & { item_id: string; channel: string; item: Item; reason: string | null }>(
      `SELECT v.*, t.item_id, t.channel, t.item, t.reason FROM review_violations v JOIN review_tasks t ON t.id = v.task_id
        WHERE v.decision = 'rejected' ORDER BY v.task_id, v.ord`,
    );
    return rows.map((r) => ({ taskId: r.task_id, itemId: r.item_id, channel: r.channel, item: r.item, violation: toViolation(r), reason: r.reason }));
  }

  /** The audit trail (one task's, or every task's), in order. */
  async auditTrail(taskId?: number): Promise<AuditRecord[]> {
    const rows = await this.db.query<{ seq: number; task_id: number; at: Date; actor: string; action: string; before: AuditRecord["before"]; after: AuditRecord["after"] }>(
      `SELECT * FROM review_audit ${taskId === undefined ? "" : "WHERE task_id = $1"} ORDER BY seq`,
      taskId === undefined ? [] : [taskId],
    );
    return rows.map((r) => ({ seq: r.seq, taskId: r.task_id, at: iso(r.at)!, actor: r.actor, action: r.action, before: r.before, after: r.after }));
  }

  /** Every task's state as the tables hold it. */
  async currentStates(): Promise<Map<number, TaskState>> {
    const ts = await this.db.query<TaskRow>(`SELECT * FROM review_tasks ORDER BY id`);
    const vs = await this.violationsOf(this.db, ts.map((t) => t.id));
    return new Map(ts.map((t) => [t.id, stateOf(t, vs.get(t.id)!)]));
  }

  /** Every task's state as the audit trail rebuilds it. */
  async rebuildStates(): Promise<Map<number, TaskState>> {
    return foldAudit(await this.auditTrail());
  }

  /** Task ids whose tables and audit trail disagree (empty when the trail rebuilds every task). */
  async verifyAudit(): Promise<number[]> {
    const [cur, rebuilt] = await Promise.all([this.currentStates(), this.rebuildStates()]);
    const ids = new Set([...cur.keys(), ...rebuilt.keys()]);
    return [...ids].filter((id) => stableJson(cur.get(id)) !== stableJson(rebuilt.get(id))).sort((a, b) => a - b);
  }

  /** A sign-in token for a reviewer, lead or admin (only its hash is stored); returns the token. */
  async addUser(name: string, role: Role): Promise<string> {
    if (!name) throw new ReviewError("a user name is required", 400);
    if (!ROLES.includes(role)) throw new ReviewError(`role must be one of ${ROLES.join(", ")}, not ${role}`, 400);
    const token = `hg_${randomBytes(18).toString("base64url")}`;
    await this.db.query(`INSERT INTO review_users (token_sha256, name, role) VALUES ($1, $2, $3)`, [sha256(token), name, role]);
    return token;
  }

  async userByToken(token: string): Promise<{ name: string; role: Role } | undefined> {
    if (!token) return undefined;
    const [u] = await this.db.query<{ name: string; role: Role }>(`SELECT name, role FROM review_users WHERE token_sha256 = $1`, [sha256(token)]);
    return u;
  }
}
