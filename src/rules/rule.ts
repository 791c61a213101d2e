/**
 * Code matchers: rules that need more than a term list (numbers, cross-field
 * comparisons, absence of something). Each has `meta` and reports through a
 * context, like ESLint/textlint rules.
 */
import type { AnalysisContext } from "../context/context.js";
import type { FixSpec } from "../lexicon/schema.js";
import { AhoCorasick } from "../match/aho-corasick.js";
import type { Category, ContextStep, Severity } from "../types.js";

export interface RuleMeta {
  id: string;
  category: Category;
  /** The rule document and clause. */
  rule: string;
  severity: Severity;
  confidence: number;
  suggestion?: string;
  /** How a finding is rewritten (as a lexicon entry's `fix`); absent: no fix. */
  fix?: FixSpec;
  description: string;
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
  /** For findings on fields that are not in the document (e.g. listing.shop.deliveryRange). */
  span?: { field: string; start: number; end: number; text: string };
}

export interface RuleContext {
  ctx: AnalysisContext;
  /** Lexicon data lists of the rule's category. */
  data: Record<string, string[] | Record<string, string[]>>;
  report(r: RuleReport): void;
}

export interface Rule {
  meta: RuleMeta;
  check(rc: RuleContext): void;
}

/** A data list by name (empty when missing). */
export function list(data: RuleContext["data"], name: string): string[] {
  const v = data[name];
  return Array.isArray(v) ? v : [];
}

/** A data record by name (empty when missing). */
export function record(data: RuleContext["data"], name: string): Record<string, string[]> {
  const v = data[name];
  return v && !Array.isArray(v) ? v : {};
}

const matchers = new WeakMap<string[], AhoCorasick<string>>();

/**
 * All occurrences of any of the terms in the text, non-overlapping, longer
 * terms first. The terms list is compiled once (Aho–Corasick) and cached.
 */
export function occurrences(text: string, terms: string[]): Array<{ start: number; end: number; term: string }> {
  let ac = matchers.get(terms);
  if (!ac) {
    ac = new AhoCorasick<string>();
    for (const t of new Set(terms)) if (t) ac.add(t, t);
    ac.build();
    matchers.set(terms, ac);
  }
  const found = ac.search(text);
  if (found.length === 0) return [];
  if (found.length === 1) return [{ start: found[0].start, end: found[0].end, term: found[0].value }];
  const hits = found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const out: Array<{ start: number; end: number; term: string }> = [];
  for (const h of hits) {
    let free = true;
    for (let k = h.start; k < h.end; k++) if (taken[k]) { free = false; break; }
    if (!free) continue;
    taken.fill(1, h.start, h.end);
    out.push({ start: h.start, end: h.end, term: h.value });
  }
  return out.sort((a, b) => a.start - b.start);
}
