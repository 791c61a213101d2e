/**
 * The API's request and response shapes as zod schemas: the source of the
 * OpenAPI description (src/api/openapi.ts). Requests are validated by
 * src/io/item-schema.ts (the one item schema of the CLI, queue and API);
 * responses here describe what the engine writes (src/types.ts).
 */
import { z } from "zod";
import { CATEGORIES, CHANNELS, SEVERITIES } from "../types.js";
import { ERROR_CODES } from "./http-error.js";

export const issueSchema = z.object({ path: z.string().describe("Dotted path into the request body; \"\" for the body itself"), message: z.string() });

export const errorSchema = z
  .object({
    error: z.string().describe("What went wrong, in English"),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...Array<keyof typeof ERROR_CODES>]).describe("Machine-readable error code"),
    errorZh: z.string().describe("What went wrong, in Chinese (中文说明)"),
    path: z.string().optional().describe("The first bad field"),
    issues: z.array(issueSchema).max(10).optional(),
    deadlineMs: z.number().optional().describe("With code deadline_exceeded: the per-item deadline"),
    id: z.string().optional(),
  })
  .meta({ id: "Error" });

const spanSchema = z.object({ field: z.string(), start: z.number().int(), end: z.number().int() });

/** A fix is a span of one field and what to put there. */
const fixSchema = spanSchema.extend({ text: z.string(), kind: z.enum(["replace", "delete-term", "delete-clause"]) });

export const violationSchema = z
  .looseObject({
    id: z.string().optional(),
    category: z.enum(CATEGORIES),
    ruleId: z.string(),
    term: z.string(),
    matched: z.string(),
    field: z.string(),
    start: z.number().int().describe("Offset into the original text of `field` (UTF-16 code units)"),
    end: z.number().int(),
    spans: z.array(spanSchema),
    severity: z.enum(SEVERITIES),
    confidence: z.number(),
    suggestion: z.string().optional(),
    fix: fixSchema.optional(),
    rule: z.string().describe("The rule document and clause it breaks"),
    explain: z.looseObject({ entryId: z.string(), variant: z.string(), normalized: z.string(), steps: z.array(z.looseObject({ step: z.string(), note: z.string() })) }),
  })
  .meta({ id: "Violation" });

const penaltySchema = z.looseObject({
  kind: z.string(),
  amount: z.number().optional(),
  points: z.number().optional(),
  note: z.string(),
  rule: z.string(),
  violationIds: z.array(z.string()).optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const verdictSchema = z
  .looseObject({
    id: z.string(),
    decision: z.enum(["pass", "review", "block"]),
    score: z.number(),
    lexiconVersion: z.string(),
    violations: z.array(violationSchema),
    channel: z.enum(CHANNELS).optional(),
    action: z.string().optional(),
    penalties: z.array(penaltySchema).optional(),
    truncated: z.literal(true).optional(),
  })
  .meta({ id: "Verdict" });

export const fixedSchema = z.object({
  text: z.string().optional().describe("The item's text with every fix applied"),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  applied: z.array(fixSchema.extend({ ruleId: z.string(), category: z.string(), pass: z.number().int(), before: z.string() })),
  verdict: verdictSchema,
});

export const reviewResponseSchema = verdictSchema.extend({ fixed: fixedSchema.optional().describe("With \"fix\": true") });

export const batchErrorSchema = z
  .object({
    index: z.number().int(),
    id: z.string().optional(),
    error: z.string(),
    code: z.string().optional().describe("deadline_exceeded for an item over the per-item deadline; text_too_long"),
    issues: z.array(issueSchema),
  })
  .meta({ id: "BatchError" });

export const batchResponseSchema = z.object({
  count: z.number().int(),
  errors: z.number().int(),
  results: z.array(z.union([reviewResponseSchema, batchErrorSchema])),
});

export const healthSchema = z.object({
  status: z.enum(["ok", "shutting down"]),
  lexiconVersion: z.string().optional(),
  uptimeSeconds: z.number().optional(),
});

export const lexiconsSchema = z.object({
  version: z.string(),
  stats: z.record(z.string(), z.unknown()),
  categories: z.array(
    z.object({
      id: z.enum(CATEGORIES),
      title: z.string().nullable(),
      file: z.string().nullable(),
      entries: z.number().int(),
      terms: z.number().int(),
      patterns: z.number().int(),
      codeRules: z.array(z.string()),
      rules: z.array(z.string()),
    }),
  ),
});
