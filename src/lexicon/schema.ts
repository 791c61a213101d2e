/** Schemas of the lexicon files (docs/lexicons.md). */
import { DEFAULT_MAX_GAP } from "../normalize/variants.js";
import { z } from "zod";
import { CATEGORIES, CHANNELS, CUE_KINDS, SEVERITIES } from "../constants.js";

const term = z.string().min(1).max(60);
const id = z.string().regex(/^[a-z0-9][a-z0-9.\-_]*$/, "lower-case letters, digits, dots, dashes");
/** Concept class names (lexicons/_concepts.yaml). */
const className = z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case class name");
/**
 * A must-hit example: the sentence, or the sentence and the words the hit must
 * rest on (`{ text: 这款苦瓜茶就是降血糖的, span: 降血糖 }`), like a textlint
 * tester's expected range.
 */
const hitExample = z.union([z.string().min(1), z.strictObject({ text: z.string().min(1), span: z.string().min(1) })]);
export type HitExample = z.output<typeof hitExample>;

/** The sentence of an example. */
export function exampleText(ex: HitExample): string {
  return typeof ex === "string" ? ex : ex.text;
}

/** Sentences that must and must not produce an entry or a concept rule (run by `hegui lexicon check`). */
const examplesSchema = z.strictObject({
  hit: z.array(hitExample).min(1),
  miss: z.array(z.string().min(1)).min(1),
});

export const nearSchema = z.strictObject({
  groups: z.array(z.string().min(1)).min(1),
  window: z.number().int().min(1).max(200).default(40),
});

/**
 * Words that stop an entry anywhere in the item (a warning, a quoted rule): a list of terms, or
 * named groups of _groups.yaml (or of the category's data) with terms of the entry's own, so a
 * long shared list is written once: `unless: { groups: [consumer_warning], terms: [骗子] }`.
 */
export const unlessSchema = z.union([
  z.array(term),
  z.strictObject({
    groups: z.array(z.string().min(1)).min(1),
    terms: z.array(term).default([]),
  }),
]);

/** Text that looks like a template or guidance, never fit to be written into a script. */
export const TEMPLATE_TEXT = /[XＸxｘ]{2}|[XＸ]元|某|[“”"「」？?…]|\.\.\.|如“|改为|改成|代替|说明|注明|例如/;

const fixText = z
  .string()
  .max(30)
  .refine((t) => !TEMPLATE_TEXT.test(t), "a fix text must be plain wording, not a template or guidance (no XX, X元, quotes, 如/改为/说明)");

/**
 * A concrete rewrite of a hit (src/fix/). Tried in order: `replace` (one text, or
 * by term), `strip` (remove these strings from the matched words), `delete`
 * (`term`: the matched words; `clause`: the clause around them). `none`: no fix.
 */
export const fixSchema = z.union([
  z.literal("none"),
  z
    .strictObject({
      replace: z.union([fixText, z.record(z.string().min(1), fixText)]).optional(),
      strip: z.array(term).min(1).optional(),
      delete: z.enum(["term", "clause"]).optional(),
    })
    .refine((f) => f.replace !== undefined || f.strip !== undefined || f.delete !== undefined, "a fix needs replace, strip or delete (or write `fix: none`)"),
]);
export type FixSpec = z.output<typeof fixSchema>;

/** How an entry's terms are also read in pinyin: not at all, romanized only (jiang xue ya), or romanized and homophones (降血丫). */
export const PINYIN_MODES = ["none", "latin", "homophone"] as const;
export type PinyinMode = (typeof PINYIN_MODES)[number];

/**
 * A term, or a term with its own pinyin mode (overriding the entry's), so one
 * entry can read its long terms as homophones and keep its short ones, whose
 * homophones are ordinary words (降糖 / 姜糖), to romanized forms only.
 */
export const termSpec = z.union([term, z.strictObject({ term, pinyin: z.enum(PINYIN_MODES) })]);
export type TermSpec = z.output<typeof termSpec>;

export const entrySchema = z.strictObject({
  id,
  terms: z.array(termSpec).default([]),
  patterns: z.array(z.string().min(1).max(200)).default([]),
  pinyin: z.enum(PINYIN_MODES).default("none"),
  fuzzy: z.boolean().optional(),
  rule: z.string().min(4).optional(),
  severity: z.enum(SEVERITIES).optional(),
  confidence: z.number().min(0).max(1).optional(),
  suggestion: z.string().optional(),
  fix: fixSchema.optional(),
  exceptions: z.array(term).default([]),
  near: nearSchema.optional(),
  unless: unlessSchema.default([]),
  channels: z.array(z.enum(CHANNELS)).optional(),
  /**
   * Why every reading of this entry is a claim whatever its context (a phrase nobody says by
   * accident): the context classifier leaves it at its confidence, as it does a disguise.
   * The context steps (negation, quotation …) still apply.
   */
  firm: z.string().min(4).optional(),
  note: z.string().optional(),
  examples: examplesSchema,
});

/**
 * A code rule's descriptive metadata (src/rules/): what a lexicon entry states
 * about itself, kept here so a reviewer changes it without a release. Nothing
 * is taken from the file's `defaults` (a code rule has no fix unless it names
 * one). `{NAME}` in the suggestion is a number the rule's code gives
 * (`meta.values`, e.g. the delivery cap), so the two cannot disagree.
 */
export const codeRuleSchema = z.strictObject({
  rule: z.string().min(4),
  severity: z.enum(SEVERITIES),
  confidence: z.number().min(0).max(1),
  suggestion: z.string().min(1).optional(),
  fix: fixSchema.optional(),
});

export const categoryFileSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  version: z.number().int().min(1),
  title: z.string().min(1),
  defaults: z.strictObject({
    rule: z.string().min(4),
    severity: z.enum(SEVERITIES).default("general"),
    confidence: z.number().min(0).max(1).default(0.9),
    /** The fix of every entry that has none of its own. */
    fix: fixSchema.optional(),
  }),
  /** Term lists used by this category's code matcher or by `near` (name -> terms). */
  data: z.record(z.string(), z.union([z.array(term), z.record(z.string(), z.array(term))])).default({}),
  /** The metadata of this category's code rules (src/rules/), by rule id: one for every code rule of the category. */
  codeRules: z.record(id, codeRuleSchema).default({}),
  entries: z.array(entrySchema).default([]),
});

export const groupsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  groups: z.record(z.string().regex(/^[a-zA-Z][\w-]*$/), z.array(term).min(1)),
});

/** One optional word list per cue kind (src/constants.ts CUE_KINDS). */
const cueLists = Object.fromEntries(CUE_KINDS.map((k) => [k, z.array(term).default([])])) as {
  [K in (typeof CUE_KINDS)[number]]: z.ZodDefault<z.ZodArray<typeof term>>;
};

/**
 * lexicons/_context.yaml. The cue kinds: negation; refusal (the speaker turns the word down);
 * ruleQuote; question; clauseNegation; disavowal (said right after a word, in its sentence: the
 * speaker will not say it, 顶级的话我不会说); listNegation (negates every item of the enumeration
 * that follows, 不具有疾病预防、治疗功能); personalScope (limits a comparison to the speaker's own
 * experience, 我用过的…里最…); notNegation (words that hold a negation cue and negate nothing:
 * 特别, 区别, 不错; a cue inside one of them is no cue).
 */
export const contextFileSchema = z.strictObject({
  version: z.number().int().min(1),
  ...cueLists,
  negation: z.array(term).min(1),
  negationWindow: z.number().int().min(1).max(30).default(6),
  refusalWindow: z.number().int().min(1).max(40).default(10),
  /** Listing attribute keys that hold the brand (a key containing one, in any case): a hit inside the brand's own name is that name (src/context/brand.ts). */
  brandKeys: z.array(term).default([]),
});

export const variantsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  /** Most separator characters skipped inside a word (加 - 微 - 信); a longer run is a break. */
  maxGap: z.number().int().min(1).max(1000).default(DEFAULT_MAX_GAP),
  map: z.record(z.string().min(1), z.array(term).min(1)),
  /**
   * Spoken fillers a host puts inside a word to dodge it (百草那个枯, 瘦肉嗯精): the decoder
   * (src/semantic/decode.ts) reads the word without the filler and keeps the reading only
   * where a lexicon term spans the place the filler was.
   */
  fillers: z.array(term).default([]),
});

/** lexicons/_concepts.yaml: concept classes (lists of cue words) and rules that fire when classes co-occur within a window (src/semantic/concepts.ts). */
export const conceptRuleSchema = z.strictObject({
  id,
  category: z.enum(CATEGORIES),
  /** Every class must occur; the evidence together spans at most `window` characters of normalized text. */
  classes: z.array(className).min(2),
  window: z.number().int().min(2).max(200).default(30),
  rule: z.string().min(4),
  severity: z.enum(SEVERITIES).default("general"),
  confidence: z.number().min(0).max(1).default(0.7),
  /** Words that stop the rule when they occur in the sentence of the evidence (regulators' warnings, quotation of the rule). */
  unless: z.array(term).default([]),
  channels: z.array(z.enum(CHANNELS)).optional(),
  note: z.string().optional(),
  examples: examplesSchema,
});

export const conceptsFileSchema = z.strictObject({
  version: z.number().int().min(1),
  classes: z.record(className, z.array(term).min(1)),
  rules: z.array(conceptRuleSchema).default([]),
});

export type ConceptsFile = z.output<typeof conceptsFileSchema>;
export type ConceptRule = z.output<typeof conceptRuleSchema>;
export type EntryInput = z.input<typeof entrySchema>;
export type Entry = z.output<typeof entrySchema>;
export type CategoryFile = z.output<typeof categoryFileSchema>;
export type CodeRuleSpec = z.output<typeof codeRuleSchema>;
export type GroupsFile = z.output<typeof groupsFileSchema>;
export type ContextFile = z.output<typeof contextFileSchema>;
export type VariantsFile = z.output<typeof variantsFileSchema>;
