/** Shared types: the product contract of ../shared/SPEC.md in TypeScript. */

import { ASPECTS, CATEGORIES, CHANNELS, DECISIONS, FIX_KINDS, ROLES, ROOM_ORDERS, SEVERITIES, VARIANT_KINDS } from "./constants.js";
import type { AccountState } from "./ledger/types.js";
import type { SanwuFinding } from "./score/penalties/sanwu.js";

export { ASPECTS, CATEGORIES, CHANNELS, CUE_KINDS, DECISIONS, FIX_KINDS, ROLES, ROOM_ORDERS, SEVERITIES, VARIANT_KINDS } from "./constants.js";

export type Category = (typeof CATEGORIES)[number];

export type Channel = (typeof CHANNELS)[number];

export type Severity = (typeof SEVERITIES)[number];

export type Decision = (typeof DECISIONS)[number];
export type Role = (typeof ROLES)[number];
export type VariantKind = (typeof VARIANT_KINDS)[number];
export type FixKind = (typeof FIX_KINDS)[number];
export type RoomOrder = (typeof ROOM_ORDERS)[number];
export type Aspect = (typeof ASPECTS)[number];

export interface Shop {
  type?: string;
  model?: string;
  brand?: string;
  deliveryRange?: string | number;
  [k: string]: unknown;
}

export interface Listing {
  title?: string;
  description?: string;
  sellingPoints?: string[];
  attributes?: Record<string, unknown>;
  shop?: Shop;
  [k: string]: unknown;
}

export interface Account {
  id: string;
  role?: Role;
  createdAt?: string;
  firstSellingAt?: string;
  liveHours?: number;
  previewVideos?: number;
  /** 002 §1: basic deposit paid in full (false: no new-creator protection). */
  depositPaid?: boolean;
  /** 002 §3.1(1): novice learning tasks done (false: no new-creator protection). */
  learningTasksDone?: boolean;
  [k: string]: unknown;
}

export interface Fragment {
  seq: number;
  text: string;
  ts?: number;
}

export interface Item {
  id: string;
  channel: Channel;
  room?: string;
  seq?: number;
  ts?: number;
  text?: string;
  fragments?: Fragment[];
  listing?: Listing;
  account?: Account;
  [k: string]: unknown;
}

/** A place in the original text of one field. */
export interface Span {
  field: string;
  start: number;
  end: number;
}

/** One step of a hit's decision process: what raised or lowered its confidence. */
export interface ContextStep {
  step: string;
  effect: number | "cancel";
  note: string;
  /** For a claim checked against the listing: the claim and the attributes it contradicts, side by side. */
  evidence?: Evidence;
}

/** What a cross-field finding rests on: the words of the claim and the listing attributes (key and value as written). */
export interface Evidence {
  claim: string;
  listing: Array<{ key: string; value: string }>;
}

/**
 * Typed evidence of an attribute finding: what the claim is about, the claim and
 * the listing attributes it contradicts. `aspect` is absent when the finding
 * names no one aspect (a claim of what an attribute expressly denies).
 */
export interface AttributeEvidence extends Evidence {
  aspect?: Aspect;
}

export interface Explanation {
  entryId: string;
  variant: VariantKind;
  /** The normalized text that matched. */
  normalized: string;
  steps: ContextStep[];
}

/**
 * A concrete, honest rewrite of a violation (like textlint's `fix`): replace the
 * original text of `field` in [start, end) with `text` ("" deletes). Offsets are
 * into the original field text. Present only where the rewrite keeps the meaning
 * honest; guidance stays in `suggestion` and is never inserted.
 */
export interface Fix {
  field: string;
  start: number;
  end: number;
  text: string;
  /** How the fix was made: a replacement, the hit deleted, or its whole clause deleted. */
  kind: FixKind;
}

/** A violation candidate from the match + context stages (before scoring). */
export interface Candidate {
  category: Category;
  ruleId: string;
  term: string;
  matched: string;
  field: string;
  start: number;
  end: number;
  /** Every field slice the hit rests on (more than one when it crosses fragments). */
  spans: Span[];
  severity: Severity;
  confidence: number;
  suggestion?: string;
  /** A concrete rewrite (src/fix/), where one keeps the text honest. */
  fix?: Fix;
  /** The rule document and clause it breaks. */
  rule: string;
  /** For a claim checked against the listing's attributes (attribute_mismatch): the typed evidence. */
  evidence?: AttributeEvidence;
  explain: Explanation;
}

export type Violation = Candidate & { id?: string };

/** A measure, deduction or mark the rules attach to a violation (src/score/penalties/). */
export type PenaltyKind =
  | "deposit"
  | "whole_deposit"
  | "proceeds"
  | "credit_points"
  | "points_waived"
  | "product_ban"
  | "correction_report"
  | "suspension"
  | "clearance"
  | "exam_reversible"
  | "compensable";

export interface Penalty {
  kind: PenaltyKind;
  /** Yuan (deposit deductions; for `compensable`, the cap). */
  amount?: number;
  /** Credit points deducted (or, for `points_waived`, given back). */
  points?: number;
  note: string;
  /** Rule file (by number), title and section it follows. */
  rule: string;
  /** The violations (ids in `verdict.violations`) it is for; absent for item-level findings (三无). */
  violationIds?: string[];
  category?: Category;
  severity?: Severity;
  /** A measure or deduction a more severe one overrides ("the most severe wins"); kept for the record. */
  superseded?: boolean;
  /** For a measure triggered by a credit node: the node (points deducted in the year). */
  node?: number;
  /** Why a node measure no longer stands (an appeal or exam took points back); ledger only. */
  withdrawn?: string;
}

/** A fragment a room verdict rests on. */
export interface RoomFragmentRef {
  seq: number;
  id: string;
}

/** What a live room adds to a fragment's verdict (src/queue/room-judge.ts). */
export interface RoomInfo {
  room: string;
  seq: number;
  /** next: in order after seq-1; start: a room's first; skip: after a gap that was given up on; late: behind the room, judged alone. */
  order: RoomOrder;
  /** The fragments judged together (earlier context, then this one). */
  fragments: RoomFragmentRef[];
  /** Violations reported in the room within the escalation window, this fragment's included (counted up to the escalation threshold). */
  recentViolations: number;
  /** Duplicates of violations already reported in the room, left out. */
  suppressed: number;
}

/** A decision raised by room escalation (policy `escalation`; src/score/decide.ts). */
export interface Escalation {
  from: Decision;
  to: Decision;
  violations: number;
  windowMinutes: number;
}

/** A finding about the product itself rather than a span of text (三无), with the rule it breaks. */
export type ProductFinding = SanwuFinding & { rule: string };

/** The account's standing after the ledger applied the item (src/ledger). */
export interface AccountStanding {
  id: string;
  status: AccountState["status"];
  creditRemaining: number;
  measure: AccountState["measure"];
}

/** One item's verdict. Closed: a new field is added here, where the compiler sees every writer and reader. */
export interface Verdict {
  id: string;
  decision: Decision;
  score: number;
  lexiconVersion: string;
  violations: Violation[];
  channel?: Channel;
  /** What the decision asks for on this channel (policy `channels.*.actions`). */
  action?: string;
  /** Why the decision is what it is (src/score/decide.ts): the rule of the decision that applied, in a few words. */
  decisionReason?: string;
  penalties?: Penalty[];
  /** Present when more violations were found than the policy's `limits.maxViolations`: the list holds the first ones by place. */
  truncated?: true;
  /** Item-level findings (三无). */
  productFindings?: ProductFinding[];
  /** A live-room fragment's place in its room (queue pipeline only). */
  room?: RoomInfo;
  /** Present when room escalation raised the decision. */
  escalation?: Escalation;
  /** The account's standing, when the item names an account and a ledger is kept. */
  account?: AccountStanding;
  /** A verdict rebuilt from a reviewer's decision (src/review): who decided it. */
  reviewedBy?: string | null;
  /** The review task it comes from. */
  reviewTask?: number;
}

/** An error record: a line or item that could not be judged. */
export interface ErrorRecord {
  id?: string;
  line?: number;
  error: string;
}
