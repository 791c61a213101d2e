/**
 * Penalties for one item's violations, given what the account has behind it.
 * Pure: the time comes in as `at`, the account's past as `history` (a fresh
 * account when absent — that is how verdicts are made; the ledger passes the
 * real history when it applies a verdict).
 */
import type { Account, Channel, Penalty } from "../../types.js";
import { creditYear } from "../calendar.js";
import type { Measure, PenaltyPolicy } from "../policy.js";
import { mostSevereWins, topMeasure } from "./measures.js";
import type { Occurrence } from "./occurrences.js";
import { protectionAt, type Eligibility } from "./protection.js";
import type { SanwuFinding } from "./sanwu.js";
import { occurrencePenalties } from "./schedule.js";

export interface AccountHistory {
  /** Points deducted in the current credit year (after waivers, appeals and exams). */
  pointsDeducted: number;
  /** 三无 violations so far (not reversed). */
  sanwuCount: number;
  /** New-creator protection: the exam for a first penalty was already offered. */
  examUsed: boolean;
  /** New-creator protection: the first credit-node waiver was already given. */
  nodeWaiverUsed: boolean;
}

export const FRESH_HISTORY: AccountHistory = { pointsDeducted: 0, sanwuCount: 0, examUsed: false, nodeWaiverUsed: false };

export interface AssessInput {
  channel: Channel;
  account?: Account;
  occurrences: Occurrence[];
  sanwu: SanwuFinding | null;
  at: Date;
  history?: AccountHistory;
  /** The account's first item on record (the ledger's), standing in for an unknown firstSellingAt. */
  firstSeen?: string;
}

export interface Assessment {
  penalties: Penalty[];
  /** Points deducted by this item, net of waivers. */
  points: number;
  waived: number;
  /** The most severe measure that stands. */
  measure: Measure | null;
  /** Occurrence id whose penalty a passed exam reverses (new-creator protection). */
  examFor?: string;
  nodeWaiverUsed: boolean;
  sanwuOrdinal?: number;
  protection: Eligibility;
  creditYear: number;
}

export function assess(input: AssessInput, p: PenaltyPolicy): Assessment {
  const history = input.history ?? FRESH_HISTORY;
  const protection = protectionAt(input.account, input.at, p.protection, input.firstSeen);
  let penalties: Penalty[] = [];
  for (const o of input.occurrences) penalties.push(...occurrencePenalties(o, p));

  let sanwuOrdinal: number | undefined;
  if (input.sanwu) {
    const s = p.sanwu;
    sanwuOrdinal = history.sanwuCount + 1;
    const base = { violationIds: [input.sanwu.id] };
    const what = `三无 product (no ${input.sanwu.missing.join(", ")}), violation no. ${sanwuOrdinal}`;
    penalties.push({ kind: "product_ban", note: `${what}: product banned`, rule: s.rule, ...base });
    if (sanwuOrdinal >= s.clearanceFrom) {
      penalties.push({ kind: "clearance", note: `${what} (≥ ${s.clearanceFrom}): shop cleared`, rule: s.rule, ...base });
      penalties.push({ kind: "whole_deposit", note: `${what} (≥ ${s.clearanceFrom}): the whole deposit`, rule: s.rule, ...base });
    } else {
      penalties.push({ kind: "deposit", amount: s.deposit, note: `${what} (< ${s.clearanceFrom}): ${s.deposit} yuan of deposit`, rule: s.rule, ...base });
      penalties.push({ kind: "correction_report", note: `${what} (< ${s.clearanceFrom}): a correction report is due`, rule: s.rule, ...base });
    }
  }

  // New-creator protection, 3.2(1): the first penalty for a covered violation may be reversed by an exam.
  let examFor: string | undefined;
  if (protection.eligible && !history.examUsed) {
    const first = input.occurrences.find(
      (o) => p.protection.coveredCategories.includes(o.category) && penalties.some((x) => x.violationIds?.includes(o.id) && x.kind !== "compensable"),
    );
    if (first) {
      examFor = first.id;
      penalties.push({
        kind: "exam_reversible",
        note: `first penalty in the new-creator window (${protection.reason}): passing the exam within ${p.protection.examDays} days of notice reverses it and restores its points`,
        rule: p.protection.examRule,
        violationIds: first.violationIds,
        category: first.category,
        severity: first.severity,
      });
    }
  }

  // Credit points and nodes, occurrence by occurrence so each node is attributed to the one that reached it.
  // 002 3.2(2): in the new-creator window the first node reached is waived up to N points.
  const reaches = (from: number, to: number) => p.credit.nodes.filter((n) => from < n.at && to >= n.at);
  let cum = history.pointsDeducted;
  let total = 0;
  let waived = 0;
  let nodeWaiverUsed = history.nodeWaiverUsed;
  const units: Array<{ violationIds: string[]; category?: Penalty["category"]; severity?: Penalty["severity"] }> = [
    ...input.occurrences,
    ...(input.sanwu ? [{ violationIds: [input.sanwu.id] }] : []),
  ];
  const extra: Penalty[] = [];
  for (const u of units) {
    const key = u.violationIds[0];
    const pts = penalties.filter((x) => x.kind === "credit_points" && x.violationIds?.[0] === key).reduce((s, x) => s + (x.points ?? 0), 0);
    if (pts === 0) continue;
    total += pts;
    let net = pts;
    if (protection.eligible && !nodeWaiverUsed && reaches(cum, cum + pts).length > 0) {
      const w = Math.min(p.protection.nodeWaiverPoints, pts);
      net -= w;
      waived += w;
      nodeWaiverUsed = true;
      extra.push({
        kind: "points_waived",
        points: w,
        note: `first credit node reached in the new-creator window (${protection.reason}): ${w} of ${pts} points waived`,
        rule: p.protection.nodeRule,
        violationIds: u.violationIds,
        category: u.category,
        severity: u.severity,
      });
    }
    for (const n of reaches(cum, cum + net)) {
      extra.push({
        kind: n.measure,
        note: `${cum + net} of ${p.credit.start} credit points deducted this credit year: node ${n.at} reached`,
        rule: p.credit.rule,
        violationIds: u.violationIds,
        category: u.category,
        severity: u.severity,
        node: n.at,
      });
    }
    cum += net;
  }
  penalties.push(...extra);

  penalties = mostSevereWins(penalties, p.credit.mostSevereRule);
  return {
    penalties,
    points: total - waived,
    waived,
    measure: topMeasure(penalties),
    examFor,
    nodeWaiverUsed,
    sanwuOrdinal,
    protection,
    creditYear: creditYear(input.at, p.credit),
  };
}
