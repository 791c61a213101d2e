/** Schemas of the lexicon files (docs/lexicons.md). */
import { DEFAULT_MAX_GAP } from "../normalize/variants.js";
import { z } from "zod";
import { CATEGORIES, CHANNELS, SEVERITIES } from "../types.js";

const term = z.string().min(1).max(60);
const id = z.string().regex(/^[a-z0-9][a-z0-9.\-_]*$/, "lower-case letters, digits, dots, dashes");

export const nearSchema = z.strictObject({
  groups: z.array(z.string().min(1)).min(1),
  window: z.number().int().min(1).max(200).default(40),
});

export const entrySchema = z.strictObject({
  id,
  terms: z.array(term).default([]),
  patterns: z.array(z.string().min(1).max(200)).default([]),
  pinyin: z.enum(["none", "latin", "homophone"]).default("none"),
  fuzzy: z.boolean().optional(),
  rule: z.string().min(4).optional(),
  severity: z.enum(SEVERITIES).optional(),
  confidence: z.number().min(0).max(1).optional(),
  suggestion: z.string().optional(),
  exceptions: z.array(term).default([]),
  near: nearSchema.optional(),
  unless: z.array(term).default([]),
  channels: z.array(z.enum(CHANNELS)).optional(),
  note: z.string().optional(),
  examples: z.strictObject({
    hit: z.array(z.string().min(1)).min(1),
    miss: z.array(z.string().min(1)).min(1),
  }),
});

export const categoryFileSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  version: z.number().int().min(1),
  title: z.string().min(1),
  defaults: z.strictObject({
    rule: z.string().min(4),
    severity: z.enum(SEVERITIES).default("general"),
    confidence: z.number().min(0).max(1).default(0.9),
  }),
  /** Term lists used by this category's code matcher or by `near` (name -> terms). */
  data: z.record(z.string(), z.union([z.array(term), z.record(z.string(), z.array(term))])).default({}),
  entries: z.array(entrySchema).default([]),
});

export const groupsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  groups: z.record(z.string().regex(/^[a-zA-Z][\w-]*$/), z.array(term).min(1)),
});

export const contextFileSchema = z.strictObject({
  version: z.number().int().min(1),
  negation: z.array(term).min(1),
  negationWindow: z.number().int().min(1).max(30).default(6),
  refusal: z.array(term).default([]),
  refusalWindow: z.number().int().min(1).max(40).default(10),
  ruleQuote: z.array(term).default([]),
  question: z.array(term).default([]),
  clauseNegation: z.array(term).default([]),
  disavowal: z.array(term).default([]),
});

export const variantsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  /** Most separator characters skipped inside a word (加 - 微 - 信); a longer run is a break. */
  maxGap: z.number().int().min(1).max(1000).default(DEFAULT_MAX_GAP),
  map: z.record(z.string().min(1), z.array(term).min(1)),
});

export type EntryInput = z.input<typeof entrySchema>;
export type Entry = z.output<typeof entrySchema>;
export type CategoryFile = z.output<typeof categoryFileSchema>;
export type GroupsFile = z.output<typeof groupsFileSchema>;
export type ContextFile = z.output<typeof contextFileSchema>;
export type VariantsFile = z.output<typeof variantsFileSchema>;
