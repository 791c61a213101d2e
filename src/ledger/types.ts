/** Ledger events (appended, never changed) and the state derived from them. */
import type { Account, Category, Channel, Penalty, Severity } from "../types.js";
import type { Measure } from "../score/policy.js";
import type { Occurrence, SanwuFinding } from "../score/penalties/index.js";

export interface VerdictEvent {
  type: "verdict";
  /** ISO time the verdict was applied (the ledger's clock). */
  at: string;
  itemId: string;
  channel: Channel;
  /** The item's account fields at the time (protection is judged from them). */
  account: Account;
  /** Dedupe key: item id + the findings recorded. */
  dedupe: string;
  occurrences: Occurrence[];
  sanwu: SanwuFinding | null;
  /**
   * A re-submission of an item already on the account (same item id): records
   * of that item this event's more severe occurrences replace (status
   * `superseded`) — one act, the most severe version counting.
   */
  replaces?: string[];
  /** A re-submission's findings of an act already recorded (same item and category, not more severe): linked to it as evidence. */
  evidence?: Array<{ recordId: string; violationIds: string[]; matched: string[] }>;
}

export interface AppealEvent {
  type: "appeal";
  at: string;
  /** The ledger violation (occurrence) id. */
  violationId: string;
}

export interface ExamEvent {
  type: "exam";
  at: string;
  violationId: string;
}

export type LedgerEvent = VerdictEvent | AppealEvent | ExamEvent;

export type RecordStatus = "active" | "appealed" | "exam_passed" | "superseded";

/** One violation (occurrence, or a 三无 finding) on the account, with the penalties assessed when it was recorded. */
export interface ViolationRecord {
  id: string;
  /** Verdict violation ids it covers (any of them names it in an appeal). */
  violationIds: string[];
  itemId: string;
  at: string;
  creditYear: number;
  category: Category | "sanwu";
  severity?: Severity;
  matched: string[];
  penalties: Penalty[];
  /** Net credit points (after a waiver). */
  points: number;
  waived: number;
  status: RecordStatus;
  reversedAt?: string;
  /** New-creator protection: passing the exam by `deadline` reverses this record's penalties. */
  exam?: { deadline: string; status: "open" | "passed" | "expired" };
  compensable: boolean;
  /** New-creator protection when the record was made (002): eligible or why not. */
  protection?: string;
  /** With status `superseded`: the record of the re-submission that replaced it. */
  supersededBy?: string;
}

/** What the fold keeps (persisted as the live snapshot). */
export interface LedgerState {
  accountId: string;
  /** Events folded in. */
  events: number;
  account?: Account;
  lastAt?: string;
  /** Time of the account's first verdict event: its first selling content when the account gives no firstSellingAt. */
  firstSeenAt?: string;
  examUsed: boolean;
  nodeWaiverUsed: boolean;
  records: ViolationRecord[];
}

/** What `show` returns: the state viewed at a moment (credit year, exam deadlines, totals). */
export interface AccountState {
  accountId: string;
  role?: string;
  asOf: string;
  events: number;
  credit: { start: number; year: number; deducted: number; remaining: number; nextReset: string; resetRule: string };
  deposit: { deducted: number; whole: boolean; proceeds: boolean };
  /** The most severe standing measure (clearance > suspension > correction report > product ban). */
  measure: Measure | null;
  status: "good" | "product_banned" | "correction_due" | "suspended" | "cleared";
  productBans: string[];
  compensable: string[];
  protection: { eligibleNow: boolean; reason: string; until?: string; examUsed: boolean; nodeWaiverUsed: boolean; openExams: Array<{ violationId: string; deadline: string }> };
  violations: ViolationRecord[];
}
