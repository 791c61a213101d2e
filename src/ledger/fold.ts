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

export function findRecord(state: LedgerState, id: string): ViolationRecord | undefined {
  return state.records.find((r) => r.id === id || r.violationIds.includes(id));
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
 * After points come back (appeal, exam), a node measure stands only while the
 * year's points still reach its node: walk the year's active records in order.
 */
function revalidateNodes(records: ViolationRecord[], year: number, because: string): ViolationRecord[] {
  let cum = 0;
  return records.map((r) => {
    if (r.creditYear !== year || r.status !== "active") return r;
    cum += r.points;
    if (!r.penalties.some((p) => p.node !== undefined && !p.withdrawn && cum < p.node)) return r;
    return {
      ...r,
      penalties: r.penalties.map((p) =>
        p.node !== undefined && !p.withdrawn && cum < p.node ? { ...p, withdrawn: `${cum} points deducted this year after ${because}: node ${p.node} no longer reached` } : p,
      ),
    };
  });
}

function reverse(state: LedgerState, id: string, status: "appealed" | "exam_passed", at: string): LedgerState {
  const target = findRecord(state, id);
  if (!target || target.status !== "active") return state;
  let records = state.records.map((r) =>
    r === target
      ? { ...r, status, reversedAt: at, exam: r.exam && status === "exam_passed" ? { ...r.exam, status: "passed" as const } : r.exam }
      : r,
  );
  records = revalidateNodes(records, target.creditYear, `${status === "appealed" ? "the appeal of" : "the exam for"} ${target.id}`);
  return { ...state, records };
}

export function applyEvent(state: LedgerState, ev: LedgerEvent, policy: Policy): LedgerState {
  const next = { ...state, events: state.events + 1, lastAt: ev.at };
  if (ev.type === "appeal") return reverse(next, ev.violationId, "appealed", ev.at);
  if (ev.type === "exam") {
    const r = findRecord(next, ev.violationId);
    // Passing counts only while the exam is open (the ledger refuses late exams before appending).
    if (!r?.exam || r.exam.status !== "open" || Date.parse(ev.at) > Date.parse(r.exam.deadline)) return next;
    return reverse(next, ev.violationId, "exam_passed", ev.at);
  }
  const at = new Date(ev.at);
  const a = assess(
    { channel: ev.channel, account: ev.account, occurrences: ev.occurrences, sanwu: ev.sanwu, at, history: historyAt(state, at, policy) },
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
    };
  };
  const records = [...next.records];
  for (const o of ev.occurrences) records.push(record(o.id, o.violationIds, { category: o.category, severity: o.severity, matched: o.matched }));
  if (ev.sanwu) records.push(record(ev.sanwu.id, [ev.sanwu.id], { category: "sanwu", matched: ev.sanwu.missing }));
  return {
    ...next,
    account: ev.account,
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
  const prot = protectionAt(state.account, now, p.protection);
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
