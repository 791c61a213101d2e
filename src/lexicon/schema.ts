/** Schemas of the lexicon files (docs/lexicons.md). */
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
  map: z.record(z.string().min(1), z.array(term).min(1)),
});

/** lexicons/_concepts.yaml: concept classes (lists of cue words) and rules that fire when classes co-occur within a window (src/semantic/concepts.ts). */
export const conceptRuleSchema = z.strictObject({
  id,
  category: z.enum(CATEGORIES),
  /** Every class must occur; the evidence together spans at most `window` characters of normalized text. */
  classes: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case class name")).min(2),
  window: z.number().int().min(2).max(200).default(30),
  rule: z.string().min(4),
  severity: z.enum(SEVERITIES).default("general"),
  confidence: z.number().min(0).max(1).default(0.7),
  /** Words that stop the rule when they occur in the sentence of the evidence (regulators' warnings, quotation of the rule). */
  unless: z.array(term).default([]),
  channels: z.array(z.enum(CHANNELS)).optional(),
  note: z.string().optional(),
  examples: z.strictObject({
    hit: z.array(z.string().min(1)).min(1),
    miss: z.array(z.string().min(1)).min(1),
  }),
});

export const conceptsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  classes: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case class name"), z.array(term).min(1)),
  rules: z.array(conceptRuleSchema).default([]),
});

export type ConceptsFile = z.output<typeof conceptsFileSchema>;
export type ConceptRule = z.output<typeof conceptRuleSchema>;
export type EntryInput = z.input<typeof entrySchema>;
export type Entry = z.output<typeof entrySchema>;
export type CategoryFile = z.output<typeof categoryFileSchema>;
export type GroupsFile = z.output<typeof groupsFileSchema>;
export type ContextFile = z.output<typeof contextFileSchema>;
export type VariantsFile = z.output<typeof variantsFileSchema>;
