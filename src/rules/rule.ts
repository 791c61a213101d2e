/**
 * Code matchers: rules that need more than a term list (numbers, cross-field
 * comparisons, absence of something). Each has `meta` and reports through a
 * context, like ESLint/textlint rules. `meta` holds what is code (id,
 * category, description, context steps, data keys); what a finding cites and
 * says (rule, severity, confidence, suggestion, fix) is data, in the
 * category's lexicon file under `codeRules:` (checked by `codeRuleProblems`).
 */
import type { AnalysisContext } from "../context/context.js";
import { negationStep } from "../context/negation.js";
import { refusalStep } from "../context/refusal.js";
import type { RangeStep } from "../context/step.js";
import type { FindingMeta } from "../lexicon/compile.js";
import type { CodeRuleSpec } from "../lexicon/schema.js";
import { TermLists } from "../match/term-lists.js";
import type { AttributeEvidence, Category, ContextStep, Severity } from "../types.js";

/**
 * The shape of a lexicon `data:` list a rule reads: a term list or named term
 * lists, normalized like the text they are matched in; `rawList`/`rawRecord`:
 * the same, as written (for attribute keys and values, which are read raw).
 */
export type DataShape = "list" | "record" | "rawList" | "rawRecord";

/**
 * The context steps of lexicon hits that apply to a code rule's findings as
 * they are (they read where a finding is, not which entry made it). A rule
 * names those it wants in `meta.context`; each finding goes through them, at
 * its `claimAt` (default: its start), like an entry's hit: a cancel drops it.
 */
export const RULE_CONTEXT_STEPS = { negation: negationStep, refusal: refusalStep } as const satisfies Record<string, RangeStep>;
export type RuleStepName = keyof typeof RULE_CONTEXT_STEPS;
/** The data keys a rule reads from its category's lexicon file, with their shapes. */
export type DataDecl = Readonly<Record<string, DataShape>>;

type KeysOf<D extends DataDecl, S extends DataShape> = { [K in keyof D]: D[K] extends S ? K : never }[keyof D] & string;

export interface RuleMeta<D extends DataDecl = DataDecl> {
  /** The rule id; its metadata is `codeRules.<id>` of the category's lexicon file. */
  id: string;
  category: Category;
  description: string;
  /** Numbers from the code that the lexicon's suggestion names as `{NAME}` (filled in when the lexicon is compiled). */
  values?: Readonly<Record<string, number>>;
  /** The context steps its findings go through (RULE_CONTEXT_STEPS). */
  context?: readonly RuleStepName[];
  /**
   * The `data:` keys of the category's lexicon file the rule reads, and their
   * shapes. Only these can be read (checked by the compiler); each must be in
   * the file with that shape (checked when the lexicon is compiled, so by
   * `hegui lexicon check`).
   */
  data: D;
}

export interface RuleReport {
  /** Normalized document range the finding rests on (or an original-text span via `span`). */
  start: number;
  end: number;
  term: string;
  confidence?: number;
  severity?: Severity;
  suggestion?: string;
  steps?: ContextStep[];
  /** For a claim checked against the listing's attributes: the typed evidence. */
  evidence?: AttributeEvidence;
  /** Where the context steps judge the finding (its cue, when the range starts elsewhere); default `start`. */
  claimAt?: number;
  /** For findings on fields that are not in the document (e.g. listing.shop.deliveryRange). */
  span?: { field: string; start: number; end: number; text: string };
}

/** A category's compiled data lists (normalized), as the lexicon holds them. */
export type CategoryData = Record<string, string[] | Record<string, string[]>>;

/**
 * Data as a shared helper reads it (the place tables, the attribute keys): any
 * rule that calls the helper declares the helper's keys (spread into its own
 * declaration), and the lexicon check holds every declared key to the file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SharedData<_D extends DataDecl> = RuleData<any>;

/** The declared data of one rule: lists and records by key, nothing else. */
export interface RuleData<D extends DataDecl = DataDecl> {
  list(name: KeysOf<D, "list">): string[];
  record(name: KeysOf<D, "record">): Record<string, string[]>;
  rawList(name: KeysOf<D, "rawList">): string[];
  rawRecord(name: KeysOf<D, "rawRecord">): Record<string, string[]>;
  /** The category's data object: one per compiled lexicon, a key for caches of tables derived from it. */
  readonly source: CategoryData;
}

export interface RuleContext<D extends DataDecl = DataDecl> {
  ctx: AnalysisContext;
  data: RuleData<D>;
  report(r: RuleReport): void;
}

export interface Rule<D extends DataDecl = DataDecl> {
  meta: RuleMeta<D>;
  check(rc: RuleContext<D>): void;
}

/**
 * A rule whose `check` can read only the data keys its meta declares (a key it
 * does not declare, or one declared as the other shape, does not compile).
 */
export function defineRule<const D extends DataDecl>(rule: Rule<D>): Rule {
  return rule as unknown as Rule;
}

const NO_LIST: string[] = [];
const NO_RECORD: Record<string, string[]> = {};
const dataViews = new WeakMap<CategoryData, WeakMap<DataDecl, RuleData>>();

/** A read of a data key the rule does not declare (or declares as another shape): a bug in the rule, thrown at once. */
export class UndeclaredDataError extends Error {}

/**
 * One rule's view of its category's compiled lists (`source`, normalized) and
 * the same lists as written (`raw`). It reads only the keys `decl` declares,
 * with their shapes (anything else throws: helpers shared by several rules are
 * typed loosely, so this is their check). A declared key that is missing reads
 * as empty here; `dataProblems` (run when a lexicon is compiled) refuses a
 * lexicon whose file lacks a key a rule declares.
 */
export function ruleData(source: CategoryData, raw: CategoryData, decl: DataDecl): RuleData {
  let byDecl = dataViews.get(source);
  if (!byDecl) dataViews.set(source, (byDecl = new WeakMap()));
  let v = byDecl.get(decl);
  if (v) return v;
  // Each declared key's value read once: a declared key that is missing reads as empty.
  const values = new Map<string, { shape: DataShape; value: string[] | Record<string, string[]> }>();
  for (const [name, shape] of Object.entries(decl)) {
    const x = (shape === "rawList" || shape === "rawRecord" ? raw : source)[name];
    const value = shape === "list" || shape === "rawList" ? (Array.isArray(x) ? x : NO_LIST) : x && !Array.isArray(x) ? x : NO_RECORD;
    values.set(name, { shape, value });
  }
  const read = (name: string, shape: DataShape) => {
    const v = values.get(name);
    if (v === undefined || v.shape !== shape) throw new UndeclaredDataError(`data key "${name}" is read as a ${shape} but declared ${decl[name] ? `as a ${decl[name]}` : "nowhere"} in the rule's meta.data`);
    return v.value;
  };
  v = {
    source,
    list: (name) => read(name, "list") as string[],
    record: (name) => read(name, "record") as Record<string, string[]>,
    rawList: (name) => read(name, "rawList") as string[],
    rawRecord: (name) => read(name, "rawRecord") as Record<string, string[]>,
  };
  byDecl.set(decl, v);
  return v;
}

/**
 * A regex alternation of data words, escaped: longest first (so a longer word
 * wins where one starts another) unless `longestFirst` is false (the list's
 * order); one that never matches for an empty list.
 */
export function alternation(words: string[], longestFirst = true): string {
  const ws = longestFirst ? [...words].sort((a, b) => b.length - a.length) : words;
  return ws.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") || "(?!)";
}

/**
 * A table derived from a rule's data (a lookup map, a regex of its units),
 * built once per compiled lexicon: cached by the category's data object.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function perLexicon<T>(build: (data: RuleData<any>) => T): (data: RuleData<any>) => T {
  const cache = new WeakMap<CategoryData, T>();
  return (data) => {
    let t = cache.get(data.source);
    if (t === undefined) cache.set(data.source, (t = build(data)));
    return t;
  };
}

/** A data key a rule declares that its category's file lacks or holds in another shape. */
export interface DataKeyProblem {
  rule: string;
  category: Category;
  key: string;
  message: string;
}

/**
 * Every declared key of every rule whose category has a file, checked against
 * that file's `data:` (raw, before compilation). A category without a file
 * gives its rules nothing to read: they find nothing, which is no error.
 */
export function dataProblems(rules: readonly Rule[], files: ReadonlyMap<Category, Record<string, unknown>>): DataKeyProblem[] {
  const out: DataKeyProblem[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    const data = files.get(r.meta.category);
    if (!data) continue;
    for (const [key, shape] of Object.entries(r.meta.data)) {
      // Rules that share an id (the attribute aspects) and a key: one problem.
      if (seen.has(`${r.meta.id}\0${key}`)) continue;
      seen.add(`${r.meta.id}\0${key}`);
      const v = data[key];
      if (v === undefined) out.push({ rule: r.meta.id, category: r.meta.category, key, message: `rule ${r.meta.id} reads data key "${key}" (a ${shape}), which this file does not have` });
      else if ((shape === "list" || shape === "rawList") !== Array.isArray(v))
        out.push({ rule: r.meta.id, category: r.meta.category, key, message: `rule ${r.meta.id} reads data key "${key}" as a ${shape === "rawList" ? "list" : shape === "rawRecord" ? "record" : shape}; the file has a ${Array.isArray(v) ? "list" : "record"}` });
    }
  }
  return out;
}

/** A problem with the `codeRules:` of a category file: the file, the rule id, the field. */
export interface CodeRuleProblem {
  file: string;
  rule: string;
  field: string;
  message: string;
}

/**
 * Every code rule's metadata from its category's file (`codeRules:` by id), and
 * what is wrong: a rule of a category that has a file but no metadata for it,
 * an id in a file that names no code rule of that category, a `{NAME}` in a
 * suggestion that the rule's `meta.values` does not give. A category without a
 * file gives its rules nothing: they do not run (no data, no citation).
 */
export function codeRuleMetas(
  rules: readonly Rule[],
  files: ReadonlyArray<{ file: string; category: Category; codeRules: Readonly<Record<string, CodeRuleSpec>> }>,
): { metas: Map<string, FindingMeta>; problems: CodeRuleProblem[] } {
  const metas = new Map<string, FindingMeta>();
  const problems: CodeRuleProblem[] = [];
  const byId = new Map<string, RuleMeta>();
  for (const r of rules) if (!byId.has(r.meta.id)) byId.set(r.meta.id, r.meta);
  const fileOf = new Map(files.map((f) => [f.category, f]));
  for (const f of files) {
    for (const [id, spec] of Object.entries(f.codeRules)) {
      const m = byId.get(id);
      if (!m) {
        const own = [...byId.values()].filter((x) => x.category === f.category).map((x) => x.id);
        problems.push({ file: f.file, rule: id, field: "codeRules", message: `no code rule has this id (code rules of ${f.category}: ${own.join(", ") || "none"})` });
        continue;
      }
      if (m.category !== f.category) {
        problems.push({ file: f.file, rule: id, field: "codeRules", message: `a code rule of ${m.category}: its metadata belongs in ${m.category}.yaml` });
        continue;
      }
      let suggestion = spec.suggestion;
      if (suggestion !== undefined) {
        suggestion = suggestion.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
          const v = m.values?.[name];
          if (v !== undefined) return String(v);
          const given = Object.keys(m.values ?? {});
          problems.push({ file: f.file, rule: id, field: "codeRules.suggestion", message: `{${name}} is no value of the rule's code (it gives: ${given.join(", ") || "none"})` });
          return whole;
        });
      }
      const meta: FindingMeta = { id, category: f.category, file: f.file, rule: spec.rule, severity: spec.severity, confidence: spec.confidence };
      if (suggestion !== undefined) meta.suggestion = suggestion;
      if (spec.fix !== undefined) meta.fix = spec.fix;
      metas.set(id, meta);
    }
  }
  for (const m of byId.values()) {
    const f = fileOf.get(m.category);
    if (f && !metas.has(m.id) && !(m.id in f.codeRules)) {
      problems.push({ file: f.file, rule: m.id, field: "codeRules", message: `code rule ${m.id} has no metadata here (codeRules.${m.id}: rule, severity, confidence, suggestion)` });
    }
  }
  return { metas, problems };
}

/** Every word list asked about, matched together: one pass per text for all of them. */
const termLists = new TermLists();

/** An ASCII letter (what /^[a-z]$/i matches), by UTF-16 code; NaN (past either end) is none. */
function latinCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * All occurrences of any of the terms in the text, non-overlapping, longer
 * terms first. The lists are matched together (`TermLists`): the text is
 * scanned once for all of them. A list is known by identity: pass the array
 * `data.list()` returns or one of a `perLexicon` table, never one built per call
 * (each new array gets its own automaton, and the shared one is rebuilt for them).
 * A Latin term is a whole word: "pu" is not read inside "pure", nor "ab" inside "abs".
 * (Scanned without an object per raw occurrence: most texts hold none of a list's words.)
 */
export function occurrences(text: string, terms: string[]): Array<{ start: number; end: number; term: string }> {
  let found: Array<{ start: number; end: number; term: string }> | undefined;
  const raw = termLists.hits(text, terms);
  for (let k = 0; k < raw.length; k += 3) {
    const start = raw[k];
    const end = raw[k + 1];
    const term = termLists.word(raw[k + 2]);
    if (latinCode(term.charCodeAt(0)) && latinCode(text.charCodeAt(start - 1))) continue;
    if (latinCode(term.charCodeAt(term.length - 1)) && latinCode(text.charCodeAt(end))) continue;
    (found ??= []).push({ start, end, term });
  }
  if (found === undefined) return [];
  if (found.length === 1) return found;
  const hits = found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const out: Array<{ start: number; end: number; term: string }> = [];
  for (const h of hits) {
    let free = true;
    for (let k = h.start; k < h.end; k++) if (taken[k]) { free = false; break; }
    if (!free) continue;
    taken.fill(1, h.start, h.end);
    out.push(h);
  }
  return out.sort((a, b) => a.start - b.start);
}
