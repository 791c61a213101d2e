/** Raw lexicon hits over a document's normalized text: exact, pattern, pinyin, fuzzy. */
import type { Deadline } from "../deadline.js";
import type { CompiledEntry, Lexicon, PatternRef } from "../lexicon/compile.js";
import type { CompiledPattern } from "./pattern.js";
import { AhoCorasick } from "./aho-corasick.js";
import type { VariantKind } from "../types.js";
import { charIndex, fuzzyFind } from "./fuzzy.js";
import { runPattern } from "./pattern.js";
import { pinyinText, pinyinView } from "./pinyin.js";

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
  /** Every option of every literal set some pattern needs → the set's number. */
  matcher: AhoCorasick<number>;
  /** Per pattern: the numbers of the sets it needs (a match holds one option of each). */
  needs: Map<CompiledPattern, number[]>;
  sets: number;
  /** Per set: the item (stamp) in which one of its options was last seen (reused, not allocated per item). */
  seen: Int32Array;
  stamp: number;
}

const gateCache = new WeakMap<Lexicon, Gates>();

/**
 * The literal sets of a lexicon's patterns, compiled once per lexicon: a
 * pattern runs only on a text that holds an option of every one of its sets
 * (its anchor, its gate group, and its other literal parts), for no text
 * lacking one can match.
 */
function gatesOf(lex: Lexicon): Gates {
  let g = gateCache.get(lex);
  if (!g) {
    const matcher = new AhoCorasick<number>();
    const needs = new Map<CompiledPattern, number[]>();
    const ids = new Map<string, number>();
    for (const entry of lex.entries) {
      for (const p of entry.patterns) {
        if (needs.has(p)) continue;
        const own = new Set<number>();
        for (const set of p.requires) {
          const key = [...new Set(set)].sort().join("\u0000");
          let id = ids.get(key);
          if (id === undefined) {
            ids.set(key, (id = ids.size));
            for (const t of new Set(set)) matcher.add(t, id);
          }
          own.add(id);
        }
        needs.set(p, [...own]);
      }
    }
    g = { matcher: matcher.build(), needs, sets: ids.size, seen: new Int32Array(ids.size), stamp: 0 };
    gateCache.set(lex, g);
  }
  return g;
}

/** Marks the sets an option of which occurs in the text with a new stamp, and returns it. */
function markSets(g: Gates, text: string): number {
  const stamp = (g.stamp = g.stamp >= 0x7fffffff ? 1 : g.stamp + 1);
  if (stamp === 1) g.seen.fill(0);
  const seen = g.seen;
  if (g.sets > 0) g.matcher.scan(text, (_s, _e, id) => (seen[id] = stamp));
  return stamp;
}

/** Can the pattern match the text whose sets `markSets` marked with `stamp`? */
function mayMatch(g: Gates, p: CompiledPattern, stamp: number): boolean {
  const need = g.needs.get(p);
  if (need === undefined) return true; // not in the lexicon's entries: run it
  for (let k = 0; k < need.length; k++) if (g.seen[need[k]] !== stamp) return false;
  return true;
}

interface FuzzyKeys {
  /** First and second character of each fuzzy term (made once, so lookups do not make strings). */
  first: string[];
  second: string[];
  /** By UTF-16 code: the fuzzy terms (indices into `lex.fuzzy`) whose first or second unit it is; undefined for none. */
  byCode: Array<number[] | undefined>;
  /** Per fuzzy term: the item (stamp) in which one of its two first characters was last seen. */
  seen: Int32Array;
  stamp: number;
}

const fuzzyCache = new WeakMap<Lexicon, FuzzyKeys>();

function fuzzyKeysOf(lex: Lexicon): FuzzyKeys {
  let k = fuzzyCache.get(lex);
  if (!k) {
    const byCode: Array<number[] | undefined> = new Array(0x10000);
    const first = lex.fuzzy.map((f) => f.term[0]);
    const second = lex.fuzzy.map((f) => f.term[1]);
    const mark = (c: string | undefined, r: number) => {
      if (c === undefined) return;
      const list = (byCode[c.charCodeAt(0)] ??= []);
      if (list[list.length - 1] !== r) list.push(r);
    };
    lex.fuzzy.forEach((_, r) => {
      mark(first[r], r);
      mark(second[r], r);
    });
    k = { first, second, byCode, seen: new Int32Array(lex.fuzzy.length), stamp: 0 };
    fuzzyCache.set(lex, k);
  }
  return k;
}

/**
 * Marks in `k.seen` (with a new stamp, returned) the fuzzy terms whose first or second
 * character occurs in the text — the only ones a window of it can match; -1 when there is none.
 */
function fuzzyCandidates(text: string, k: FuzzyKeys): number {
  // A stamp per call instead of clearing the marks (wraps long after any item).
  const stamp = (k.stamp = k.stamp >= 0x7fffffff ? 1 : k.stamp + 1);
  if (stamp === 1) k.seen.fill(0);
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const list = k.byCode[text.charCodeAt(i)];
    if (list === undefined) continue;
    any = true;
    for (let j = 0; j < list.length; j++) k.seen[list[j]] = stamp;
  }
  return any ? stamp : -1;
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
  // Only patterns whose anchor occurs in the text are run (in the order their anchors occur), the
  // unanchored ones first; and of these only those with an option of each literal set in the text.
  const toRun = new Set<PatternRef>();
  const gates = gatesOf(lex);
  const stamp = markSets(gates, text);
  for (const ref of lex.unanchored) if (mayMatch(gates, ref.pattern, stamp)) toRun.add(ref);
  lex.patternAnchors.scan(text, (_s, _e, ref) => {
    if (mayMatch(gates, ref.pattern, stamp)) toRun.add(ref);
  });
  deadline?.check();
  for (const { entry, pattern: p } of toRun) {
    deadline?.tick(8);
    for (const m of runPattern(p, text)) {
      hits.push({ entry, start: m.start, end: m.end, variant: "pattern", term: p.source, penalty: 0, note: `pattern ${p.source}` });
    }
  }
  if (lex.pinyin.size > 1 && /[\p{Script=Han}a-z]/u.test(text)) {
    deadline?.check();
    const found = lex.pinyin.search(pinyinText(text));
    // The view's index arrays and word edges only where some key occurs (most texts hold none).
    const view = found.length ? pinyinView(text, sep) : undefined;
    deadline?.check();
    if (view) for (const h of found) {
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
  const fk = lex.fuzzy.length ? fuzzyKeysOf(lex) : undefined;
  const fuzzyStamp = fk ? fuzzyCandidates(text, fk) : -1;
  if (fk && fuzzyStamp >= 0) {
    deadline?.check();
    const index = charIndex(text);
    // In term order, only the terms whose first or second character occurs (no other can match).
    for (let r = 0; r < lex.fuzzy.length; r++) {
      if (fk.seen[r] !== fuzzyStamp) continue;
      const ref = lex.fuzzy[r];
      deadline?.tick(16);
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
