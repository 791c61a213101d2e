/**
 * Lints of a valid lexicon (`hegui lexicon check`): warnings, not refusals.
 *
 * A term listed in two or more entries. Most such terms are deliberate: one
 * claim judged by two entries that differ in more than their terms — a listing
 * entry and a spoken one with other channels, near groups or unless words
 * (prohibited.drug-listing / prohibited.drug-sale, hot.disaster /
 * hot.disaster-listing), or one phrase that breaks two rules of two categories
 * (史上最低价: an absolute claim and a price claim). An entry copied only to read
 * its terms in another pinyin mode is not: give those terms their own mode
 * (`terms: [{ term: 降血压, pinyin: homophone }]`) in the one entry. Merging the
 * remaining copies changes the entry id their findings carry (sob.unsold-pinyin
 * holds the romanized compounds of sob.unsold), so it is a decision, not a lint
 * fix; the count keeps it in sight.
 *
 * A term spelled twice in one entry (the best / thebest, 免单 / 免丹): both
 * spellings normalize to one term, which is matched once and shown in the later
 * spelling.
 */
import { normalize } from "../normalize/normalize.js";
import type { Lexicon } from "./compile.js";
import type { LexiconFiles } from "./read.js";

export interface SharedTerm {
  /** The normalized term. */
  term: string;
  /** The entries that list it, in file order. */
  entries: Array<{ file: string; entry: string }>;
}

export interface RespelledTerm {
  file: string;
  entry: string;
  /** The spellings that normalize to one term, in order. */
  spellings: string[];
}

export interface LexiconLint {
  sharedTerms: SharedTerm[];
  respelled: RespelledTerm[];
}

export function lintLexicon(files: LexiconFiles, lex: Lexicon): LexiconLint {
  const fold = (t: string) => normalize(t, lex.variants).text;
  const byTerm = new Map<string, SharedTerm>();
  const respelled: RespelledTerm[] = [];
  for (const { file, data } of files.categories) {
    for (const e of data.entries) {
      const spellings = new Map<string, string[]>();
      for (const spec of e.terms) {
        const t = typeof spec === "string" ? spec : spec.term;
        const n = fold(t);
        if (!n) continue;
        spellings.set(n, [...(spellings.get(n) ?? []), t]);
      }
      for (const [n, s] of spellings) {
        if (s.length > 1) respelled.push({ file, entry: e.id, spellings: s });
        let g = byTerm.get(n);
        if (!g) byTerm.set(n, (g = { term: n, entries: [] }));
        g.entries.push({ file, entry: e.id });
      }
    }
  }
  return { sharedTerms: [...byTerm.values()].filter((g) => g.entries.length > 1), respelled };
}

/** Terms in two or more entries grouped by the entries that share them, most terms first. */
export function sharedTermGroups(shared: SharedTerm[]): Array<{ entries: string[]; terms: string[] }> {
  const groups = new Map<string, { entries: string[]; terms: string[] }>();
  for (const s of shared) {
    const entries = s.entries.map((e) => e.entry);
    const key = entries.join(" + ");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { entries, terms: [] }));
    g.terms.push(s.term);
  }
  return [...groups.values()].sort((a, b) => b.terms.length - a.terms.length || a.entries.join().localeCompare(b.entries.join()));
}
