/** Compile validated lexicon files into matchers. */
import { normalize } from "../normalize/normalize.js";
import { compileVariants, EMPTY_VARIANTS, type VariantMap } from "../normalize/variants.js";
import { AhoCorasick } from "../match/aho-corasick.js";
import { compilePattern, PatternError, type CompiledPattern } from "../match/pattern.js";
import { termReadings } from "../match/pinyin.js";
import { CUE_KINDS } from "../constants.js";
import type { Category, Channel, Severity } from "../types.js";
import { LexiconError, type LexiconProblem } from "./errors.js";
import type { LexiconFiles } from "./read.js";
import type { Entry, FixSpec, PinyinMode } from "./schema.js";
import { compileConcepts, type CompiledConcepts } from "../semantic/concepts.js";
import { RULES } from "../rules/index.js";
import { codeRuleMetas, dataProblems } from "../rules/rule.js";

/** What a finding cites and says: a lexicon entry's, and a code rule's (its category file's `codeRules:`). */
export interface FindingMeta {
  id: string;
  category: Category;
  file: string;
  rule: string;
  severity: Severity;
  confidence: number;
  suggestion?: string;
  /** How a hit is rewritten (an entry's own, else the category default; a code rule's own); undefined or "none": no fix. */
  fix?: FixSpec;
}

export interface CompiledEntry extends FindingMeta {
  /** Original spelling of each term, by normalized form. */
  terms: Map<string, string>;
  patterns: CompiledPattern[];
  pinyin: "none" | "latin" | "homophone";
  fuzzy: boolean;
  exceptions: string[];
  near?: { groups: string[]; window: number };
  unless: string[];
  channels?: Channel[];
  /** Why the classifier leaves its readings alone (the entry's `firm`), if it does. */
  firm?: string;
  examples: Entry["examples"];
}

export interface TermRef {
  entry: CompiledEntry;
  term: string;
  /** In the pinyin matcher: how this term is read (its own mode, else its entry's). */
  pinyin?: "latin" | "homophone";
}

export interface PatternRef {
  entry: CompiledEntry;
  pattern: CompiledPattern;
}

/** One pattern anchor's patterns, in lexicon order; `id`: the anchor's number (0, 1, …). */
export interface AnchorRefs {
  id: number;
  refs: PatternRef[];
}

/** The kinds of context cue, one list each in `_context.yaml` (src/constants.ts: one source for the schema, compiler and context stage). */
export { CUE_KINDS };
export type CueKind = (typeof CUE_KINDS)[number];

/** The cue lists of `_context.yaml`, folded, one per cue kind, and the two windows. */
export type ContextCues = Record<CueKind, string[]> & { negationWindow: number; refusalWindow: number; brandKeys: string[] };

export interface Lexicon {
  version: string;
  dir: string;
  entries: CompiledEntry[];
  byId: Map<string, CompiledEntry>;
  variants: VariantMap;
  /** Exact terms (normalized) -> entries. */
  terms: AhoCorasick<TermRef>;
  /** Pinyin of pinyin-flagged terms -> entries. */
  pinyin: AhoCorasick<TermRef>;
  fuzzy: TermRef[];
  /**
   * Pattern anchors -> the patterns to run when one occurs (each anchor once, with its patterns in
   * lexicon order; `id` numbers the anchors); patterns without anchors always run.
   */
  patternAnchors: AhoCorasick<AnchorRefs>;
  unanchored: PatternRef[];
  /** Named groups (global and per-category data lists), normalized. */
  groups: Map<string, string[]>;
  /** Every group term -> group names. */
  groupTerms: AhoCorasick<string>;
  cues: ContextCues;
  cueMatcher: AhoCorasick<CueKind>;
  /** Per-category data lists (normalized), for code matchers. */
  data: Map<Category, Record<string, string[] | Record<string, string[]>>>;
  /** The same lists as written, for code matchers that read them raw (attribute keys and values). */
  dataRaw: Map<Category, Record<string, string[] | Record<string, string[]>>>;
  /** The code rules' metadata (each category file's `codeRules:`), by rule id; a rule without one does not run. */
  codeRules: Map<string, FindingMeta>;
  /** Every term of every entry and group, original form: the jieba user dictionary. */
  dictionary: string[];
  stats: { files: number; entries: number; terms: number; patterns: number };
  titles: Map<Category, { title: string; rule: string; file: string }>;
  /** Concept classes and co-occurrence rules (lexicons/_concepts.yaml). */
  concepts: CompiledConcepts;
}

export function compileLexicon(files: LexiconFiles): Lexicon {
  const problems: LexiconProblem[] = [];
  const foldBase = (s: string) => normalize(s, EMPTY_VARIANTS).text;
  const variants = compileVariants(files.variants.map, foldBase, files.variants.maxGap, files.variants.fillers);
  const fold = (s: string) => normalize(s, variants).text;

  const groups = new Map<string, string[]>();
  for (const [name, list] of Object.entries(files.groups.groups)) groups.set(name, list.map(fold).filter(Boolean));

  const data = new Map<Category, Record<string, string[] | Record<string, string[]>>>();
  const dataRaw = new Map<Category, Record<string, string[] | Record<string, string[]>>>();
  const localGroups = new Map<Category, Map<string, string[]>>();
  for (const { data: f } of files.categories) {
    const out: Record<string, string[] | Record<string, string[]>> = {};
    const local = new Map<string, string[]>();
    for (const [k, v] of Object.entries(f.data)) {
      if (Array.isArray(v)) {
        out[k] = v.map(fold).filter(Boolean);
        local.set(k, out[k] as string[]);
      } else {
        const rec: Record<string, string[]> = {};
        for (const [kk, vv] of Object.entries(v)) rec[kk] = vv.map(fold).filter(Boolean);
        out[k] = rec;
      }
    }
    data.set(f.category, out);
    dataRaw.set(f.category, f.data);
    localGroups.set(f.category, local);
  }
  // Every data key a code rule declares must be in its category's file, with its shape.
  const fileOf = new Map(files.categories.map((c) => [c.data.category, c.file]));
  for (const p of dataProblems(RULES, new Map(files.categories.map((c) => [c.data.category, c.data.data])))) {
    problems.push({ file: fileOf.get(p.category)!, entry: p.rule, field: `data.${p.key}`, message: p.message });
  }
  // Every code rule of a category with a file has its metadata there, under an id that exists.
  const codeRules = codeRuleMetas(RULES, files.categories.map((c) => ({ file: c.file, category: c.data.category, codeRules: c.data.codeRules })));
  for (const p of codeRules.problems) problems.push({ file: p.file, entry: p.rule, field: p.field, message: p.message });
  /** Data keys read by an entry's pattern or near group, per category (the others must be read by a rule). */
  const usedData = new Map<Category, Set<string>>();

  const entries: CompiledEntry[] = [];
  const byId = new Map<string, CompiledEntry>();
  const terms = new AhoCorasick<TermRef>();
  const pinyin = new AhoCorasick<TermRef>();
  const fuzzy: TermRef[] = [];
  const anchorRefs = new Map<string, AnchorRefs>();
  const unanchored: PatternRef[] = [];
  const dictionary = new Set<string>();
  const titles = new Map<Category, { title: string; rule: string; file: string }>();
  let termCount = 0;
  let patternCount = 0;

  for (const { file, data: f } of files.categories) {
    titles.set(f.category, { title: f.title, rule: f.defaults.rule, file });
    const used = new Set<string>();
    usedData.set(f.category, used);
    const lookup = (name: string) => {
      const local = localGroups.get(f.category)?.get(name);
      if (local) used.add(name);
      return local ?? groups.get(name);
    };
    for (const e of f.entries) {
      const where = { file, entry: e.id };
      if (byId.has(e.id)) problems.push({ ...where, field: "id", message: `duplicate id (also in ${byId.get(e.id)!.file})` });
      if (e.terms.length === 0 && e.patterns.length === 0) {
        problems.push({ ...where, field: "terms", message: "an entry needs at least one term or pattern" });
      }
      const termMap = new Map<string, string>();
      /** Terms whose pinyin mode is their own, not the entry's. */
      const termPinyin = new Map<string, PinyinMode>();
      e.terms.forEach((spec, i) => {
        const t = typeof spec === "string" ? spec : spec.term;
        const n = fold(t);
        if (!n) problems.push({ ...where, field: `terms.${i}`, message: `"${t}" is empty after normalization` });
        else {
          // Two spellings of one normalized term: the later one is the term's spelling (`hegui lexicon check` warns).
          termMap.set(n, t);
          if (typeof spec !== "string") termPinyin.set(n, spec.pinyin);
          else termPinyin.delete(n);
        }
      });
      const patterns: CompiledPattern[] = [];
      e.patterns.forEach((p, i) => {
        try {
          patterns.push(compilePattern(p, fold, lookup));
        } catch (err) {
          if (err instanceof PatternError) problems.push({ ...where, field: `patterns.${i}`, message: err.message });
          else throw err;
        }
      });
      if (e.fix && e.fix !== "none" && e.fix.replace && typeof e.fix.replace === "object") {
        for (const k of Object.keys(e.fix.replace)) {
          if (!termMap.has(fold(k))) problems.push({ ...where, field: `fix.replace.${k}`, message: `"${k}" is not one of this entry's terms` });
        }
      }
      const unlessSpec = Array.isArray(e.unless) ? { groups: [] as string[], terms: e.unless } : e.unless;
      unlessSpec.groups.forEach((g, i) => {
        if (!lookup(g)) problems.push({ ...where, field: `unless.groups.${i}`, message: `unknown group "${g}"` });
      });
      const unless = [...new Set([...unlessSpec.groups.flatMap((g) => lookup(g) ?? []), ...unlessSpec.terms.map(fold)])].filter(Boolean);
      if (e.near) {
        e.near.groups.forEach((g, i) => {
          if (!lookup(g)) problems.push({ ...where, field: `near.groups.${i}`, message: `unknown group "${g}"` });
        });
      }
      const entry: CompiledEntry = {
        id: e.id,
        category: f.category,
        file,
        rule: e.rule ?? f.defaults.rule,
        severity: e.severity ?? f.defaults.severity,
        confidence: e.confidence ?? f.defaults.confidence,
        suggestion: e.suggestion,
        fix: e.fix ?? f.defaults.fix,
        terms: termMap,
        patterns,
        pinyin: e.pinyin,
        fuzzy: e.fuzzy ?? true,
        exceptions: e.exceptions.map(fold).filter(Boolean),
        near: e.near
          ? {
              // Resolve local names to a category-qualified key so global lookups find them.
              groups: e.near.groups.map((g) => (localGroups.get(f.category)?.has(g) ? `${f.category}:${g}` : g)),
              window: e.near.window,
            }
          : undefined,
        unless,
        channels: e.channels,
        firm: e.firm,
        examples: e.examples,
      };
      entries.push(entry);
      byId.set(e.id, entry);
      for (const [n, orig] of termMap) {
        terms.add(n, { entry, term: orig });
        termCount++;
        dictionary.add(n);
        const mode = termPinyin.get(n) ?? entry.pinyin;
        if (mode !== "none") {
          for (const py of termReadings(n)) if (py.length >= 4 && !py.includes("#")) pinyin.add(py, { entry, term: orig, pinyin: mode });
        }
        if (entry.fuzzy && [...n].length >= 4 && !/[0-9%]/.test(n)) fuzzy.push({ entry, term: n });
      }
      patternCount += patterns.length;
      for (const pattern of patterns) {
        if (pattern.anchors.length === 0) unanchored.push({ entry, pattern });
        else {
          for (const a of pattern.anchors) {
            let g = anchorRefs.get(a);
            if (!g) anchorRefs.set(a, (g = { id: anchorRefs.size, refs: [] }));
            g.refs.push({ entry, pattern });
          }
        }
      }
    }
  }
  // A data list nothing reads is dead weight that looks like detection: refused.
  const declared = new Map<Category, Set<string>>();
  for (const r of RULES) for (const k of Object.keys(r.meta.data)) (declared.get(r.meta.category) ?? declared.set(r.meta.category, new Set()).get(r.meta.category)!).add(k);
  for (const { file, data: f } of files.categories) {
    for (const key of Object.keys(f.data)) {
      if (declared.get(f.category)?.has(key) || usedData.get(f.category)?.has(key)) continue;
      problems.push({ file, field: `data.${key}`, message: `data key "${key}" is read by no code rule of ${f.category} and no pattern or near group of this file` });
    }
  }
  // Local groups become globally addressable as "category:name".
  for (const [cat, local] of localGroups) for (const [name, list] of local) groups.set(`${cat}:${name}`, list);

  const groupTerms = new AhoCorasick<string>();
  for (const [name, list] of groups) for (const t of list) groupTerms.add(t, name);

  const c = files.context;
  const lists = Object.fromEntries(CUE_KINDS.map((k) => [k, c[k].map(fold)])) as Record<CueKind, string[]>;
  const cues: ContextCues = { ...lists, negationWindow: c.negationWindow, refusalWindow: c.refusalWindow, brandKeys: c.brandKeys.map((k) => k.toLowerCase()) };
  const cueMatcher = new AhoCorasick<CueKind>();
  for (const k of CUE_KINDS) for (const t of cues[k]) cueMatcher.add(t, k);

  const concepts = compileConcepts(files.concepts, fold, cues.negation, problems);
  if (problems.length) throw new LexiconError(problems);
  terms.build();
  pinyin.build();
  const patternAnchors = new AhoCorasick<AnchorRefs>();
  for (const [a, g] of anchorRefs) patternAnchors.add(a, g);
  patternAnchors.build();
  groupTerms.build();
  cueMatcher.build();
  return {
    version: files.version,
    dir: files.dir,
    entries,
    byId,
    variants,
    terms,
    pinyin,
    fuzzy,
    patternAnchors,
    unanchored,
    groups,
    groupTerms,
    cues,
    cueMatcher,
    data,
    dataRaw,
    codeRules: codeRules.metas,
    dictionary: [...dictionary],
    stats: { files: files.categories.length + 3, entries: entries.length, terms: termCount, patterns: patternCount },
    titles,
    concepts,
  };
}
