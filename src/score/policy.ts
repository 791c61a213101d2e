/** The decision and penalty policy (config/policy.json), validated. Every field is documented in docs/scoring.md. */
import { z } from "zod";
import { ASPECTS, CATEGORIES, CHANNELS, DECISIONS, ROLES, SEVERITIES, VARIANT_KINDS } from "../constants.js";
import { loadJsonConfig, packagePath, packageRoot, parseConfig } from "../io/paths.js";

const severity = z.enum(SEVERITIES);
const category = z.enum(CATEGORIES);
const perSeverity = <T extends z.ZodType>(t: T) => z.object({ minor: t, general: t, severe: t, extreme: t });
const perDecision = <T extends z.ZodType>(t: T) => z.object({ pass: t, review: t, block: t } satisfies Record<(typeof DECISIONS)[number], T>);
const yuan = z.number().int().min(0);
const points = z.number().int().min(0);

const channelPolicy = z.object({
  /** Item score at or above which the item is blocked. */
  block: z.number().min(0).max(1),
  /** A violation of one of these severities, at least `blockConfidence` sure, blocks the item. */
  blockSeverities: z.array(severity),
  blockConfidence: z.number().min(0).max(1),
  /** What each decision asks the platform to do on this channel. */
  actions: perDecision(z.string().min(1)),
});

const severityPolicy = z.object({
  /** A candidate less sure than this is one level milder (uncertain context). */
  downgradeBelowConfidence: z.number().min(0).max(1),
  /** Disguised wording (variant, pinyin, fuzzy) is one level more severe. */
  escalateDisguised: z.boolean(),
  /** `count` or more hits of one category in one item make each one level more severe, at most `maxLevel`. */
  repeat: z.object({ count: z.number().int().min(2), maxLevel: severity }),
});

const classifierPolicy = z.object({
  enabled: z.boolean(),
  /** Model file, relative to the repository root. */
  model: z.string().min(1),
  /** new confidence = (1 - weight) * confidence + weight * P(claim). */
  weight: z.number().min(0).max(1),
  /** Characters of original text either side of the hit given to the classifier (cut at sentence ends). */
  window: z.number().int().min(1).max(200),
  /** Candidates found this way are not re-weighed (structural findings, e.g. code rules). */
  skipVariants: z.array(z.enum(VARIANT_KINDS)),
});

const semanticPolicy = z.object({
  enabled: z.boolean(),
  /** Model file (npm run train:semantic), relative to the repository root. */
  model: z.string().min(1),
  /** Confidence of what the model alone finds: keep it below every channel's block lines (it only ever asks for review). */
  confidence: z.number().min(0).max(1),
  /** Channels the model reads (absent: all). Its n-grams were learned on spoken and scripted selling; on listing copy they fire on ordinary words. */
  channels: z.array(z.enum(CHANNELS)).min(1).optional(),
  /** The fewest letters, digits and CJK characters an item needs for the model to read it (absent: 1): a greeting or a two-word fragment carries no class by its n-grams. */
  minChars: z.number().int().min(1).optional(),
});

const measure = z.enum(["product_ban", "correction_report", "suspension", "clearance"]);

const penaltyPolicy = z.object({
  /** One act: the violations of one item in one category ("category"), sharing category and entry ("entry"), or each ("violation"). */
  occurrence: z.enum(["category", "entry", "violation"]),
  falseAdvertising: z.object({
    categories: z.array(category),
    deposit: perSeverity(yuan),
    productBanAt: z.array(severity),
    rule: z.string().min(1),
  }),
  counterfeit: z.object({
    categories: z.array(category),
    /** Severity -> measures; general is treated like the level named in `generalAs`. */
    generalAs: z.enum(["minor", "severe"]),
    minor: z.object({ points, measures: z.array(measure) }),
    severe: z.object({ points, measures: z.array(measure), wholeDeposit: z.boolean() }),
    extreme: z.object({ points, measures: z.array(measure), wholeDeposit: z.boolean(), proceeds: z.boolean() }),
    rule: z.string().min(1),
  }),
  seriousViolation: z.object({
    /** Categories outside false advertising and counterfeit that take the credit-rule deposit schedule. */
    categories: z.array(category),
    deposit: z.object({ general: yuan, severe: yuan }),
    extreme: z.object({ measures: z.array(measure), wholeDeposit: z.boolean(), proceeds: z.boolean() }),
    rule: z.string().min(1),
  }),
  sanwu: z.object({
    enabled: z.boolean(),
    channels: z.array(z.enum(CHANNELS)),
    /** Attribute keys (matched case-insensitively, as substrings) for each required field. */
    fields: z.object({ productionDate: z.array(z.string().min(1)), certificate: z.array(z.string().min(1)), manufacturer: z.array(z.string().min(1)) }),
    /** Values that mean "none". */
    emptyValues: z.array(z.string()),
    /** Count a field whose key is absent as missing (otherwise only a declared empty value is). */
    absentCounts: z.boolean(),
    /** How many of the three must be missing. */
    minMissing: z.number().int().min(1).max(3),
    deposit: yuan,
    /** From this ordinal violation on: clearance and the whole deposit. */
    clearanceFrom: z.number().int().min(1),
    rule: z.string().min(1),
  }),
  credit: z.object({
    start: points,
    points: perSeverity(points),
    /** Credit nodes: cumulative points deducted in a year -> measure. */
    nodes: z.array(z.object({ at: points, measure })),
    /** Reset of deducted points every year at this local time (MM-DDTHH:MM:SS). */
    resetAt: z.string().regex(/^\d\d-\d\dT\d\d:\d\d:\d\d$/),
    /** Offset of the platform's local time from UTC, in minutes (China: 480). */
    utcOffsetMinutes: z.number().int().min(-720).max(840),
    rule: z.string().min(1),
    resetRule: z.string().min(1),
    mostSevereRule: z.string().min(1),
  }),
  protection: z.object({
    roles: z.array(z.enum(ROLES)),
    windowDays: z.number().min(0),
    maxLiveHours: z.number().min(0),
    maxPreviewVideos: z.number().int().min(0),
    coveredCategories: z.array(category),
    examDays: z.number().min(0),
    nodeWaiverPoints: points,
    rule: z.string().min(1),
    examRule: z.string().min(1),
    nodeRule: z.string().min(1),
  }),
  compensation: z.object({
    /** attribute_mismatch findings of these aspects, and violations of other categories naming them, are compensable. */
    aspects: z.array(z.enum(ASPECTS)),
    categories: z.array(category),
    share: z.number().min(0).max(1),
    maxYuan: yuan,
    withinDaysOfShipment: z.number().int().min(1),
    rule: z.string().min(1),
  }),
});

const escalationPolicy = z.object({
  /** This many violations reported in one live room within `windowMinutes` (the fragment's own included)… */
  violations: z.number().int().positive(),
  windowMinutes: z.number().positive(),
  /** …raise a violating fragment's decision to this. */
  raiseTo: z.enum(DECISIONS).exclude(["pass"]),
});

const limitsPolicy = z.object({
  /** Most violations listed in one verdict; past it the list is cut (by place) and the verdict says `truncated: true`. */
  maxViolations: z.number().int().min(1),
  /** Time one item may take in the engine before it ends with the error record "deadline exceeded" (HEGUI_ITEM_DEADLINE_MS overrides). */
  itemDeadlineMs: z.number().int().min(1),
});

export const policySchema = z.object({
  $comment: z.string().optional(),
  minConfidence: z.number().min(0).max(1),
  limits: limitsPolicy.default({ maxViolations: 500, itemDeadlineMs: 10_000 }),
  severityWeight: perSeverity(z.number().min(0).max(1)),
  channels: z.object({ caption: channelPolicy, script: channelPolicy, listing: channelPolicy } satisfies Record<(typeof CHANNELS)[number], typeof channelPolicy>),
  severity: severityPolicy,
  /** Live-room escalation (src/score/decide.ts `escalate`). */
  escalation: escalationPolicy.default({ violations: 3, windowMinutes: 10, raiseTo: "block" }),
  classifier: classifierPolicy,
  /** The learned model (src/semantic); absent: off. */
  semantic: semanticPolicy.optional(),
  penalties: penaltyPolicy,
});
export type Policy = z.infer<typeof policySchema>;
export type PenaltyPolicy = Policy["penalties"];
export type Measure = z.infer<typeof measure>;

/** The package folder (where config/ lives), found from src/ or dist/src/. */
export const repoRoot = packageRoot;

/** Validate a decoded policy; errors name the file and the field. */
export function parsePolicy(raw: unknown, source = "policy"): Policy {
  return parseConfig(policySchema, raw, source);
}

export function loadPolicy(path: string = process.env.HEGUI_POLICY ?? packagePath("config", "policy.json")): Policy {
  return loadJsonConfig(policySchema, path);
}
