/** Raw lexicon hits over a document's normalized text: exact, pattern, pinyin, fuzzy. */
import type { Deadline } from "../deadline.js";
import type { CompiledEntry, Lexicon, PatternRef } from "../lexicon/compile.js";
import { AhoCorasick } from "./aho-corasick.js";
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

interface Gates {
  /** Options of the gate groups → the unanchored patterns they open. */
  matcher: AhoCorasick<PatternRef>;
  gated: Set<PatternRef>;
}

const gateCache = new WeakMap<Lexicon, Gates>();

/** The gates of a lexicon's unanchored patterns, compiled once per lexicon. */
function gatesOf(lex: Lexicon): Gates {
  let g = gateCache.get(lex);
  if (!g) {
    const matcher = new AhoCorasick<PatternRef>();
    const gated = new Set<PatternRef>();
    for (const ref of lex.unanchored) {
      if (!ref.pattern.gate?.length) continue;
      gated.add(ref);
      for (const t of ref.pattern.gate) matcher.add(t, ref);
    }
    g = { matcher: matcher.build(), gated };
    gateCache.set(lex, g);
  }
  return g;
}

interface FuzzyKeys {
  /** First and second character of each fuzzy term (made once, so lookups do not make strings). */
  first: string[];
  second: string[];
  /** 1 at each UTF-16 code that is the first or second unit of a fuzzy term. */
  marks: Uint8Array;
}

const fuzzyCache = new WeakMap<Lexicon, FuzzyKeys>();

function fuzzyKeysOf(lex: Lexicon): FuzzyKeys {
  let k = fuzzyCache.get(lex);
  if (!k) {
    const marks = new Uint8Array(0x10000);
    const first = lex.fuzzy.map((f) => f.term[0]);
    const second = lex.fuzzy.map((f) => f.term[1]);
    for (const c of [...first, ...second]) if (c !== undefined) marks[c.charCodeAt(0)] = 1;
    k = { first, second, marks };
    fuzzyCache.set(lex, k);
  }
  return k;
}

/** Whether the text holds the first or second character of some fuzzy term (else no window can match). */
function fuzzyMayFire(text: string, lex: Lexicon): boolean {
  const { marks } = fuzzyKeysOf(lex);
  for (let i = 0; i < text.length; i++) if (marks[text.charCodeAt(i)] === 1) return true;
  return false;
}

/** `sep`: separator strength before each character of `text` (the document's), for the pinyin view's word edges. */
export function findHits(text: string, lex: Lexicon, original: (s: number, e: number) => string, sep?: Uint8Array, deadline?: Deadline): RawHit[] {
  const hits: RawHit[] = [];
  // Scanned, not searched: no intermediate object per occurrence.
  lex.terms.scan(text, (start, end, value) => {
    deadline?.tick(256);
    const orig = original(start, end);
    // A term found only through the disguise map or folding is a variant.
    const exact = orig === value.term;
    hits.push({
      entry: value.entry,
      start,
      end,
      variant: exact ? "exact" : "variant",
      term: value.term,
      penalty: 0,
      note: exact ? "exact term" : `normalized form of "${orig}"`,
    });
  });
  // Only patterns whose anchor occurs in the text are run; an unanchored one only when one option of its gate group occurs.
  const toRun = new Set<PatternRef>();
  const gates = gatesOf(lex);
  const open = gates.matcher.size > 1 ? new Set(gates.matcher.search(text).map((h) => h.value)) : undefined;
  for (const ref of lex.unanchored) if (!gates.gated.has(ref) || open?.has(ref)) toRun.add(ref);
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
  if (lex.fuzzy.length && fuzzyMayFire(text, lex)) {
    deadline?.check();
    const index = charIndex(text);
    const { first, second } = fuzzyKeysOf(lex);
    for (let r = 0; r < lex.fuzzy.length; r++) {
      const ref = lex.fuzzy[r];
      deadline?.tick(16);
      if (!index.has(first[r]) && !index.has(second[r])) continue;
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
