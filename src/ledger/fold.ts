/**
 * The ledger's state as a pure fold over its events: `applyEvent` is the only
 * way state changes, live (one event at a time, snapshot kept in Redis) and on
 * rebuild (all events from the start) alike, so both give the same state.
 */
import { creditYear, nextReset } from "../score/calendar.js";
import { assess, mostSevereWins, protectionAt, topMeasure, type AccountHistory } from "../score/penalties/index.js";
import type { Policy } from "../score/policy.js";
import type { Penalty } from "../types.js";
import type { AccountState, LedgerEvent, LedgerState, ViolationRecord } from "./types.js";

const DAY = 86_400_000;

export function initialState(accountId: string): LedgerState {
  return { accountId, events: 0, examUsed: false, nodeWaiverUsed: false, records: [] };
}

/** The record a violation id names (its own id or any verdict violation it covers); an active one first. */
export function findRecord(state: LedgerState, id: string): ViolationRecord | undefined {
  const named = (r: ViolationRecord) => r.id === id || r.violationIds.includes(id);
  return state.records.find((r) => named(r) && r.status === "active") ?? state.records.find(named);
}

/** What the account has behind it at `at`, for assessing a new verdict. */
export function historyAt(state: LedgerState, at: Date, policy: Policy): AccountHistory {
  const year = creditYear(at, policy.penalties.credit);
  const active = state.records.filter((r) => r.status === "active");
  return {
    pointsDeducted: active.filter((r) => r.creditYear === year).reduce((s, r) => s + r.points, 0),
    sanwuCount: active.filter((r) => r.category === "sanwu").length,
    examUsed: state.examUsed,
    nodeWaiverUsed: state.nodeWaiverUsed,
  };
}

/**
 * Node measures of one credit year recomputed from the points that remain
 * (after an appeal, a passed exam or a replaced record): walk the year's
 * active records in order; a node stands on the record whose points reach
 * it. A node no longer reached is withdrawn (kept, with why); a node now
 * reached by a later record is added to it — five 3-point violations with one
 * appealed still total 12 and keep the clearance.
 */
export function recomputeNodes(records: ViolationRecord[], year: number, because: string, policy: Policy): ViolationRecord[] {
  const credit = policy.penalties.credit;
  let cum = 0;
  return records.map((r) => {
    if (r.creditYear !== year || r.status !== "active") return r;
    const before = cum;
    cum += r.points;
    const due = new Set(credit.nodes.filter((n) => before < n.at && cum >= n.at).map((n) => n.at));
    let changed = false;
    const penalties: Penalty[] = r.penalties.map((p) => {
      if (p.node === undefined || p.withdrawn || due.has(p.node)) return p;
      changed = true;
      return { ...p, withdrawn: `${cum} points deducted this year up to this violation after ${because}: node ${p.node} no longer reached here` };
    });
    for (const n of credit.nodes) {
      if (!due.has(n.at) || penalties.some((p) => p.node === n.at && !p.withdrawn)) continue;
      changed = true;
      penalties.push({
        kind: n.measure,
        note: `${cum} of ${credit.start} credit points deducted this credit year after ${because}: node ${n.at} reached`,
        rule: credit.rule,
        violationIds: r.violationIds,
        category: r.category === "sanwu" ? undefined : r.category,
        severity: r.severity,
        node: n.at,
      });
    }
    return changed ? { ...r, penalties } : r;
  });
}

function reverse(state: LedgerState, id: string, status: "appealed" | "exam_passed", at: string, policy: Policy): LedgerState {
  const target = findRecord(state, id);
  if (!target || target.status !== "active") return state;
  let records = state.records.map((r) =>
    r === target
      ? { ...r, status, reversedAt: at, exam: r.exam && status === "exam_passed" ? { ...r.exam, status: "passed" as const } : r.exam }
      : r,
  );
  records = recomputeNodes(records, target.creditYear, `${status === "appealed" ? "the appeal of" : "the exam for"} ${target.id}`, policy);
  return { ...state, records };
}

export function applyEvent(state: LedgerState, ev: LedgerEvent, policy: Policy): LedgerState {
  const next = { ...state, events: state.events + 1, lastAt: ev.at };
  if (ev.type === "appeal") return reverse(next, ev.violationId, "appealed", ev.at, policy);
  if (ev.type === "exam") {
    const r = findRecord(next, ev.violationId);
    // Passing counts only while the exam is open (the ledger refuses late exams before appending).
    if (!r?.exam || r.exam.status !== "open" || Date.parse(ev.at) > Date.parse(r.exam.deadline)) return next;
    return reverse(next, ev.violationId, "exam_passed", ev.at, policy);
  }
  const at = new Date(ev.at);
  const firstSeen = state.firstSeenAt ?? ev.at;
  // A re-submission of the same item: its findings of an act already recorded are evidence of that act,
  // and a more severe version replaces the record (one act, the most severe counting).
  let prior = next.records;
  if (ev.evidence?.length) {
    prior = prior.map((r) => {
      const add = ev.evidence!.filter((e) => e.recordId === r.id);
      if (!add.length) return r;
      const ids = add.flatMap((e) => e.violationIds).filter((x) => !r.violationIds.includes(x));
      return ids.length ? { ...r, violationIds: [...r.violationIds, ...ids], matched: [...r.matched, ...add.flatMap((e) => e.matched)] } : r;
    });
  }
  const replaced = prior.filter((r) => ev.replaces?.includes(r.id) && r.status === "active");
  if (replaced.length) prior = prior.map((r) => (replaced.includes(r) ? { ...r, status: "superseded" as const, reversedAt: ev.at } : r));
  const before: LedgerState = { ...state, records: prior };
  const a = assess(
    { channel: ev.channel, account: ev.account, occurrences: ev.occurrences, sanwu: ev.sanwu, at, history: historyAt(before, at, policy), firstSeen },
    policy.penalties,
  );
  const own = (ids: string[]) => a.penalties.filter((p) => p.violationIds?.[0] === ids[0]);
  const record = (id: string, violationIds: string[], extra: Pick<ViolationRecord, "category" | "severity" | "matched">): ViolationRecord => {
    const penalties = own(violationIds);
    const gross = penalties.filter((p) => p.kind === "credit_points").reduce((s, p) => s + (p.points ?? 0), 0);
    const waived = penalties.filter((p) => p.kind === "points_waived").reduce((s, p) => s + (p.points ?? 0), 0);
    return {
      id,
      violationIds,
      itemId: ev.itemId,
      at: ev.at,
      creditYear: a.creditYear,
      ...extra,
      penalties,
      points: gross - waived,
      waived,
      status: "active",
      exam: a.examFor === id ? { deadline: new Date(at.getTime() + policy.penalties.protection.examDays * DAY).toISOString(), status: "open" } : undefined,
      compensable: penalties.some((p) => p.kind === "compensable"),
      protection: a.protection.eligible ? `eligible: ${a.protection.reason}` : a.protection.reason,
    };
  };
  let records = [...prior];
  for (const o of ev.occurrences) {
    const r = record(o.id, o.violationIds, { category: o.category, severity: o.severity, matched: o.matched });
    // The act keeps the exam of the version it replaces (the notice, and its deadline, came with the first one).
    const old = replaced.find((x) => x.category === o.category);
    if (old?.exam && !r.exam) {
      r.exam = old.exam;
      r.penalties = [...r.penalties, ...old.penalties.filter((x) => x.kind === "exam_reversible").map((x) => ({ ...x, violationIds: r.violationIds, severity: r.severity }))];
    }
    if (old) {
      // The replaced version's hits stay with the act as evidence (an appeal may name any of them).
      r.violationIds = [...r.violationIds, ...old.violationIds.filter((x) => !r.violationIds.includes(x))];
      r.matched = [...r.matched, ...old.matched];
      records = records.map((x) => (x.id === old.id ? { ...x, supersededBy: r.id } : x));
    }
    records.push(r);
  }
  if (ev.sanwu) records.push(record(ev.sanwu.id, [ev.sanwu.id], { category: "sanwu", matched: ev.sanwu.missing }));
  for (const year of new Set(replaced.map((r) => r.creditYear))) records = recomputeNodes(records, year, `the re-submission of ${ev.itemId}`, policy);
  return {
    ...next,
    account: ev.account,
    firstSeenAt: firstSeen,
    examUsed: next.examUsed || a.examFor !== undefined,
    nodeWaiverUsed: a.nodeWaiverUsed,
    records,
  };
}

export function fold(accountId: string, events: LedgerEvent[], policy: Policy): LedgerState {
  return events.reduce((s, e) => applyEvent(s, e, policy), initialState(accountId));
}

const STATUS = { clearance: "cleared", suspension: "suspended", correction_report: "correction_due", product_ban: "product_banned" } as const;

/** The state seen at `now`: this credit year's points, open or expired exams, standing measures and totals. */
export function view(state: LedgerState, now: Date, policy: Policy): AccountState {
  const p = policy.penalties;
  const year = creditYear(now, p.credit);
  const records = state.records.map((r) =>
    r.exam?.status === "open" && now.getTime() > Date.parse(r.exam.deadline) ? { ...r, exam: { ...r.exam, status: "expired" as const } } : r,
  );
  const active = records.filter((r) => r.status === "active");
  // The most severe wins across the whole account, not only within one item.
  const standing: Penalty[] = mostSevereWins(
    active.flatMap((r) => r.penalties.filter((x) => !x.withdrawn).map((x) => ({ ...x, superseded: undefined }))),
    p.credit.mostSevereRule,
  );
  const deducted = active.filter((r) => r.creditYear === year).reduce((s, r) => s + r.points, 0);
  const measure = topMeasure(standing);
  const prot = protectionAt(state.account, now, p.protection, state.firstSeenAt);
  return {
    accountId: state.accountId,
    role: state.account?.role,
    asOf: now.toISOString(),
    events: state.events,
    credit: { start: p.credit.start, year, deducted, remaining: Math.max(0, p.credit.start - deducted), nextReset: nextReset(now, p.credit).toISOString(), resetRule: p.credit.resetRule },
    deposit: {
      deducted: standing.filter((x) => x.kind === "deposit" && !x.superseded).reduce((s, x) => s + (x.amount ?? 0), 0),
      whole: standing.some((x) => x.kind === "whole_deposit"),
      proceeds: standing.some((x) => x.kind === "proceeds"),
    },
    measure,
    status: measure ? STATUS[measure] : "good",
    productBans: [...new Set(active.filter((r) => r.penalties.some((x) => x.kind === "product_ban")).map((r) => r.itemId))],
    compensable: active.filter((r) => r.compensable).map((r) => r.id),
    protection: {
      eligibleNow: prot.eligible,
      reason: prot.reason,
      until: prot.until?.toISOString(),
      examUsed: state.examUsed,
      nodeWaiverUsed: state.nodeWaiverUsed,
      openExams: records.filter((r) => r.status === "active" && r.exam?.status === "open").map((r) => ({ violationId: r.id, deadline: r.exam!.deadline })),
    },
    violations: records,
  };
}
