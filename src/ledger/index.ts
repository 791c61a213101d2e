/**
 * Account ledger in Redis. Every change is an event appended to the account's
 * stream; the state is the fold of its events (fold.ts), kept as a live
 * snapshot and rebuildable from the events at any time.
 *
 * Appending is one Lua script — dedupe check, event count check, XADD, snapshot,
 * dedupe mark — so a worker that dies mid-job either appended everything or
 * nothing: the job's retry applies it then, or finds it already applied.
 * Concurrent writers to one account retry on a changed event count
 * (optimistic concurrency), so no event is computed from a stale state.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { violationId } from "../score/ids.js";
import { occurrencesOf } from "../score/penalties/index.js";
import { loadPolicy, type Policy } from "../score/policy.js";
import { SEVERITIES, type Item, type Verdict, type Violation } from "../types.js";
import { applyEvent, findRecord, fold, initialState, view } from "./fold.js";
import { accountsKey, ledgerKeys, type LedgerKeys } from "./keys.js";
import type { AccountState, LedgerEvent, LedgerState, VerdictEvent } from "./types.js";
import type { ProductFinding } from "../score/pipeline.js";

export type { AccountState, LedgerEvent, LedgerState, ViolationRecord } from "./types.js";

/** A request the ledger refuses (unknown violation, late exam …): the CLI exits 2. */
export class LedgerError extends Error {}

const APPEND = `
if ARGV[2] ~= '' and redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then return 0 end
if redis.call('XLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return -1 end
for i = 4, #ARGV do redis.call('XADD', KEYS[1], '*', 'e', ARGV[i]) end
redis.call('SET', KEYS[2], ARGV[3])
if ARGV[2] ~= '' then redis.call('SADD', KEYS[3], ARGV[2]) end
return 1
`;

const MAX_RETRIES = 50;

export class Ledger {
  private readonly policy: Policy;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: () => Date = () => new Date(),
    policy?: Policy,
  ) {
    this.policy = policy ?? loadPolicy();
  }

  private keys(accountId: string): LedgerKeys {
    if (!accountId) throw new LedgerError("account id is empty");
    return ledgerKeys(this.prefix, accountId);
  }

  /** Every event of an account, in order. */
  async events(accountId: string): Promise<LedgerEvent[]> {
    const rows = await this.redis.xrange(this.keys(accountId).events, "-", "+");
    return rows.map(([id, fields]) => {
      const i = fields.indexOf("e");
      try {
        return JSON.parse(fields[i + 1]) as LedgerEvent;
      } catch (e) {
        throw new Error(`ledger ${accountId}: event ${id} is not JSON: ${(e as Error).message}`);
      }
    });
  }

  /** The live snapshot, or the fold of the events when the snapshot is missing or behind. */
  private async current(accountId: string): Promise<LedgerState> {
    const k = this.keys(accountId);
    const [raw, len] = await Promise.all([this.redis.get(k.state), this.redis.xlen(k.events)]);
    if (raw) {
      const s = JSON.parse(raw) as LedgerState;
      if (s.events === len) return s;
    }
    if (len === 0) return initialState(accountId);
    return fold(accountId, await this.events(accountId), this.policy);
  }

  /**
   * Append events computed from the current state (optimistic: recomputed if
   * another writer got in first). Returns the state after, or null when the
   * dedupe key was already applied.
   */
  private async append(accountId: string, dedupe: string, make: (s: LedgerState) => LedgerEvent[]): Promise<LedgerState | null> {
    const k = this.keys(accountId);
    for (let i = 0; i < MAX_RETRIES; i++) {
      const state = await this.current(accountId);
      const evs = make(state);
      if (evs.length === 0) return state;
      const after = evs.reduce((s, e) => applyEvent(s, e, this.policy), state);
      const r = (await this.redis.eval(APPEND, 3, k.events, k.state, k.seen, String(state.events), dedupe, JSON.stringify(after), ...evs.map((e) => JSON.stringify(e)))) as number;
      if (r === 1) {
        await this.redis.sadd(accountsKey(this.prefix), accountId);
        return after;
      }
      if (r === 0) return null;
    }
    throw new Error(`ledger ${accountId}: gave up after ${MAX_RETRIES} concurrent updates`);
  }

  /**
   * Record a verdict's violations on the item's account (no account: nothing).
   * Idempotent: the same item and findings applied twice append one event set;
   * violations already on the account are not recorded again (rescans).
   * The verdict's `penalties` are replaced by those assessed with the account's
   * history, and `verdict.account` summarizes the account after it.
   */
  async applyVerdict(item: Item, verdict: Verdict): Promise<void> {
    const account = item.account;
    if (!account?.id) return;
    const accountId = String(account.id);
    const violations: Violation[] = verdict.violations.map((v) => (v.id ? v : { ...v, id: violationId(item.id, v) }));
    const occurrences = occurrencesOf(violations, this.policy.penalties.occurrence);
    const sanwuFinding = ((verdict.productFindings as ProductFinding[] | undefined) ?? []).find((f) => f.kind === "sanwu");
    const sanwu = sanwuFinding ? { id: sanwuFinding.id, kind: "sanwu" as const, missing: sanwuFinding.missing, evidence: sanwuFinding.evidence } : null;
    if (occurrences.length === 0 && !sanwu) return;
    const ids = [...occurrences.map((o) => o.id), ...(sanwu ? [sanwu.id] : [])].sort();
    const dedupe = `${item.id}\0${createHash("sha1").update(ids.join("\0")).digest("hex")}`;
    const after = await this.append(accountId, dedupe, (state) => {
      // One act per item and category: a re-submission of the item (same id, edited) is the same act.
      const fresh: typeof occurrences = [];
      const replaces: string[] = [];
      const evidence: NonNullable<VerdictEvent["evidence"]> = [];
      for (const o of occurrences) {
        if (findRecord(state, o.id)) continue;
        const prior = state.records.find((r) => r.itemId === item.id && r.category === o.category && r.status !== "superseded");
        if (!prior) fresh.push(o);
        else if (prior.status === "active" && SEVERITIES.indexOf(o.severity) > SEVERITIES.indexOf(prior.severity ?? "minor")) {
          fresh.push(o);
          replaces.push(prior.id);
        } else evidence.push({ recordId: prior.id, violationIds: o.violationIds, matched: o.matched });
      }
      const sameSanwu = sanwu && state.records.some((r) => r.itemId === item.id && r.category === "sanwu");
      const freshSanwu = sanwu && !sameSanwu && !findRecord(state, sanwu.id) ? sanwu : null;
      if (fresh.length === 0 && !freshSanwu && evidence.length === 0) return [];
      const ev: VerdictEvent = {
        type: "verdict",
        at: this.clock().toISOString(),
        itemId: item.id,
        channel: item.channel,
        account: { ...account, id: accountId },
        dedupe,
        occurrences: fresh,
        sanwu: freshSanwu,
        ...(replaces.length ? { replaces } : {}),
        ...(evidence.length ? { evidence } : {}),
      };
      return [ev];
    });
    const state = after ?? (await this.current(accountId));
    const mine = state.records.filter((r) => r.itemId === item.id && r.status !== "superseded");
    if (mine.length > 0) verdict.penalties = mine.flatMap((r) => r.penalties);
    const v = view(state, this.clock(), this.policy);
    verdict.account = { id: accountId, status: v.status, creditRemaining: v.credit.remaining, measure: v.measure };
  }

  /** The account as of now (an account with no events: a clean one). */
  async show(accountId: string): Promise<AccountState> {
    return view(await this.current(accountId), this.clock(), this.policy);
  }

  /** An upheld appeal: the violation and its penalties (and any 真实宝 compensation) are cancelled. */
  async appeal(accountId: string, violationId: string): Promise<AccountState> {
    const after = await this.append(accountId, "", (state) => {
      const r = findRecord(state, violationId);
      if (!r) throw new LedgerError(`account ${accountId} has no violation ${violationId}`);
      if (r.status !== "active") return [];
      return [{ type: "appeal", at: this.clock().toISOString(), violationId: r.id }];
    });
    return view(after ?? (await this.current(accountId)), this.clock(), this.policy);
  }

  /** New-creator protection: the exam passed within its deadline reverses the first penalty. */
  async passExam(accountId: string, violationId: string): Promise<AccountState> {
    const now = this.clock();
    const after = await this.append(accountId, "", (state) => {
      const r = findRecord(state, violationId);
      if (!r) throw new LedgerError(`account ${accountId} has no violation ${violationId}`);
      if (!r.exam) {
        const first = state.records.find((x) => x.exam);
        const why = first
          ? `the exam goes with the account's first penalty in the new-creator window, ${first.id}`
          : !this.policy.penalties.protection.coveredCategories.includes(r.category as never)
            ? `${r.category} is not among the violations an exam covers`
            : `no new-creator protection when it was recorded: ${r.protection ?? "unknown"}`;
        throw new LedgerError(`violation ${r.id} of account ${accountId} has no exam (002 §3.2(1)): ${why}`);
      }
      if (r.exam.status === "passed" || r.status !== "active") return [];
      if (now.getTime() > Date.parse(r.exam.deadline)) throw new LedgerError(`the exam for violation ${r.id} closed at ${r.exam.deadline}`);
      return [{ type: "exam", at: now.toISOString(), violationId: r.id }];
    });
    return view(after ?? (await this.current(accountId)), this.clock(), this.policy);
  }

  /** Fold every event from the start, store it as the live snapshot, and return it. */
  async rebuild(accountId: string): Promise<AccountState> {
    const k = this.keys(accountId);
    for (let i = 0; i < MAX_RETRIES; i++) {
      const events = await this.events(accountId);
      const state = fold(accountId, events, this.policy);
      const r = (await this.redis.eval(APPEND, 3, k.events, k.state, k.seen, String(events.length), "", JSON.stringify(state))) as number;
      if (r === 1) return view(state, this.clock(), this.policy);
    }
    throw new Error(`ledger ${accountId}: rebuild gave up after ${MAX_RETRIES} concurrent updates`);
  }

  /** Account ids with a ledger. */
  async accounts(): Promise<string[]> {
    return (await this.redis.smembers(accountsKey(this.prefix))).sort();
  }
}
