/**
 * The closed lists of the product contract, each written once. The zod
 * schemas (`z.enum(LIST)`) and the TypeScript types (`(typeof LIST)[number]`)
 * derive from these arrays, so adding a value here is the one edit that the
 * compiler then walks through the code (CONTRIBUTING.md, "Add a channel").
 */

/** Violation categories (../shared/SPEC.md). */
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

/** Where an item comes from: live captions, video scripts, product listings. */
export const CHANNELS = ["caption", "script", "listing"] as const;

export const SEVERITIES = ["minor", "general", "severe", "extreme"] as const;

/** An item's decision, mildest first (escalation compares by this order). */
export const DECISIONS = ["pass", "review", "block"] as const;

/** An account's role (`item.account.role`); new-creator protection covers the roles policy names. */
export const ROLES = ["creator", "merchant"] as const;

/** The kinds of key product information a claim can contradict (the attribute rules, 真实宝 compensation). */
export const ASPECTS = ["material", "brand", "quantity", "variety", "origin", "ingredients", "color", "condition", "year"] as const;

/** How a hit was found (`explain.variant`). */
export const VARIANT_KINDS = ["exact", "variant", "pinyin", "fuzzy", "pattern", "rule", "model", "concept"] as const;

/** The kinds of context cue, one list each in `lexicons/_context.yaml` (the schema, the compiler and the context stage read this). */
export const CUE_KINDS = ["negation", "refusal", "ruleQuote", "question", "clauseNegation", "disavowal", "listNegation", "personalScope", "notNegation"] as const;

/** How a structured fix was made (`fix.kind`). */
export const FIX_KINDS = ["replace", "delete-term", "delete-clause"] as const;

/** A live-room fragment's place in its room (`verdict.room.order`). */
export const ROOM_ORDERS = ["next", "start", "skip", "late"] as const;
