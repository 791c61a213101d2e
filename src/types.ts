/** Shared types: the product contract of ../shared/SPEC.md in TypeScript. */

export const CATEGORIES = [
  "absolute_claim",
  "false_efficacy",
  "price_fraud",
  "fake_promotion",
  "sob_story",
  "charity_misuse",
  "hot_event_marketing",
  "fake_news_scene",
  "impersonation",
  "private_trade",
  "bad_values",
  "counterfeit",
  "prohibited_goods",
  "attribute_mismatch",
  "missing_disclosure",
  "retail_rule",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHANNELS = ["caption", "script", "listing"] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEVERITIES = ["minor", "general", "severe", "extreme"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Decision = "pass" | "review" | "block";

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
  role?: "creator" | "merchant";
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

/** The kinds of key product information a claim can contradict (the attribute rules, 真实宝 compensation). */
export const ASPECTS = ["material", "brand", "quantity", "variety", "origin", "ingredients"] as const;
export type Aspect = (typeof ASPECTS)[number];

/**
 * Typed evidence of an attribute finding: what the claim is about, the claim and
 * the listing attributes it contradicts. `aspect` is absent when the finding
 * names no one aspect (a claim of what an attribute expressly denies).
 */
export interface AttributeEvidence extends Evidence {
  aspect?: Aspect;
}

export type VariantKind = "exact" | "variant" | "pinyin" | "fuzzy" | "pattern" | "rule" | "model" | "concept";

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
  kind: "replace" | "delete-term" | "delete-clause";
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

export interface Verdict {
  id: string;
  decision: Decision;
  score: number;
  lexiconVersion: string;
  violations: Violation[];
  channel?: Channel;
  /** What the decision asks for on this channel (policy `channels.*.actions`). */
  action?: string;
  penalties?: Penalty[];
  /** Present when more violations were found than the policy's `limits.maxViolations`: the list holds the first ones by place. */
  truncated?: true;
  [k: string]: unknown;
}

/** An error record: a line or item that could not be judged. */
export interface ErrorRecord {
  id?: string;
  line?: number;
  error: string;
}
