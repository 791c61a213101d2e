/** Raw lexicon hits over a document's normalized text: exact, pattern, pinyin, fuzzy. */
import type { Deadline } from "../deadline.js";
import type { CompiledEntry, Lexicon } from "../lexicon/compile.js";
import type { VariantKind } from "../types.js";
import { charIndex, fuzzyFind } from "./fuzzy.js";
import { runPattern } from "./pattern.js";
import { pinyinView } from "./pinyin.js";

export interface RawHit {
  entry: CompiledEntry;
  start: number;
  end: number;
  variant: VariantKind;
  /** The lexicon term (or pattern source) that matched. */
  term: string;
  /** Confidence penalty of the variant. */
  penalty: number;
  note: string;
}

export const VARIANT_PENALTY = { exact: 0, variant: 0, pattern: 0, pinyin: 0.12, fuzzy: 0.3 } as const;

/** `sep`: separator strength before each character of `text` (the document's), for the pinyin view's word edges. */
export function findHits(text: string, lex: Lexicon, original: (s: number, e: number) => string, sep?: Uint8Array, deadline?: Deadline): RawHit[] {
  const hits: RawHit[] = [];
  for (const h of lex.terms.search(text)) {
    deadline?.tick(256);
    const orig = original(h.start, h.end);
    // A term found only through the disguise map or folding is a variant.
    const exact = orig === h.value.term;
    hits.push({
      entry: h.value.entry,
      start: h.start,
      end: h.end,
      variant: exact ? "exact" : "variant",
      term: h.value.term,
      penalty: 0,
      note: exact ? "exact term" : `normalized form of "${orig}"`,
    });
  }
  // Only patterns whose anchor occurs in the text are run.
  const toRun = new Set(lex.unanchored);
  for (const h of lex.patternAnchors.search(text)) toRun.add(h.value);
  deadline?.check();
  for (const { entry, pattern: p } of toRun) {
    deadline?.tick(8);
    for (const m of runPattern(p, text)) {
      hits.push({ entry, start: m.start, end: m.end, variant: "pattern", term: p.source, penalty: 0, note: `pattern ${p.source}` });
    }
  }
  if (lex.pinyin.size > 1 && /[\p{Script=Han}a-z]/u.test(text)) {
    deadline?.check();
    const view = pinyinView(text, sep);
    deadline?.check();
    for (const h of lex.pinyin.search(view.text)) {
      deadline?.tick(256);
      const endIdx = h.end - 1;
      if (!view.starts[h.start]) continue;
      if (h.end < view.text.length && !view.starts[h.end]) continue;
      let anyLatin = false;
      for (let k = h.start; k < h.end; k++) if (view.latin[k]) anyLatin = true;
      // Next to Latin letters a match must start and end at a word edge or between pinyin syllables.
      if (view.latin[h.start] && !view.edge[h.start]) continue;
      if (view.latin[endIdx] && !view.edge[h.end]) continue;
      const entry = h.value.entry;
      if ((h.value.pinyin ?? entry.pinyin) === "latin" && !anyLatin) continue;
      const start = view.at[h.start];
      const end = view.at[endIdx] + 1;
      const matched = text.slice(start, end);
      if (entry.terms.has(matched)) continue; // already an exact hit
      hits.push({
        entry,
        start,
        end,
        variant: "pinyin",
        term: h.value.term,
        penalty: VARIANT_PENALTY.pinyin,
        note: anyLatin ? `pinyin "${matched}" of ${h.value.term}` : `homophone "${matched}" of ${h.value.term}`,
      });
    }
  }
  if (lex.fuzzy.length) {
    deadline?.check();
    const index = charIndex(text);
    for (const ref of lex.fuzzy) {
      deadline?.tick(16);
      if (!index.has(ref.term[0]) && !index.has(ref.term[1])) continue;
      for (const f of fuzzyFind(text, ref.term, index)) {
        hits.push({
          entry: ref.entry,
          start: f.start,
          end: f.end,
          variant: "fuzzy",
          term: ref.entry.terms.get(ref.term) ?? ref.term,
          penalty: VARIANT_PENALTY.fuzzy,
          note: `edit distance 1 from ${ref.term}`,
        });
      }
    }
  }
  return hits;
}
