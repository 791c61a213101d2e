/** GET /v1/lexicons: the active lexicon's version and, per category, entry counts and rule citations. */
import type { Lexicon } from "../lexicon/index.js";
import { RULES } from "../rules/index.js";
import { CATEGORIES, type Category } from "../types.js";

export interface CategorySummary {
  id: Category;
  /** Title of the category's lexicon file (null when the category has no lexicon file). */
  title: string | null;
  file: string | null;
  entries: number;
  terms: number;
  patterns: number;
  /** Code matchers (src/rules) reporting this category. */
  codeRules: string[];
  /** Distinct rule citations of the entries and code matchers, most cited first. */
  rules: string[];
}

export interface LexiconSummary {
  version: string;
  stats: Lexicon["stats"];
  categories: CategorySummary[];
}

const cache = new WeakMap<Lexicon, LexiconSummary>();

export function summarizeLexicon(lex: Lexicon): LexiconSummary {
  const hit = cache.get(lex);
  if (hit) return hit;
  const categories = CATEGORIES.map((id): CategorySummary => {
    const entries = lex.entries.filter((e) => e.category === id);
    const code = RULES.filter((r) => r.meta.category === id);
    const cites = new Map<string, number>();
    const codeCites = code.flatMap((r) => lex.codeRules.get(r.meta.id)?.rule ?? []);
    for (const r of [...entries.map((e) => e.rule), ...codeCites]) cites.set(r, (cites.get(r) ?? 0) + 1);
    const t = lex.titles.get(id);
    return {
      id,
      title: t?.title ?? null,
      file: t?.file ?? null,
      entries: entries.length,
      terms: entries.reduce((n, e) => n + e.terms.size, 0),
      patterns: entries.reduce((n, e) => n + e.patterns.length, 0),
      codeRules: code.map((r) => r.meta.id),
      rules: [...cites].sort((a, b) => b[1] - a[1]).map(([r]) => r),
    };
  });
  const summary = { version: lex.version, stats: lex.stats, categories };
  cache.set(lex, summary);
  return summary;
}
