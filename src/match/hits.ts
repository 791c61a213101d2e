/** Raw lexicon hits over a document's normalized text: exact, pattern, pinyin, fuzzy. */
import type { Deadline } from "../deadline.js";
import type { CompiledEntry, Lexicon, PatternRef } from "../lexicon/compile.js";
import type { CompiledPattern } from "./pattern.js";
import { AhoCorasick } from "./aho-corasick.js";
import type { VariantKind } from "../types.js";
import { fuzzyFind, LazyCharIndex } from "./fuzzy.js";
import { runPattern } from "./pattern.js";
import { pinyinEdges, pinyinIndex, pinyinText } from "./pinyin.js";

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
  /** Per pattern: the literal sets it needs besides the one that let it run (its anchors or gate), by number. */
  needs: Map<CompiledPattern, number[]>;
  /** Per set: its options, the first UTF-16 unit of each, and the key of its first two (`pairKey`; -1 for one unit). */
  sets: Array<{ options: string[]; first: Uint16Array; pair: Int32Array }>;
  /** Per UTF-16 code: the stamp of the text in which it last occurred. */
  charSeen: Int32Array;
  /** Per pair key: the stamp of the text in which a pair of units with that key last occurred. */
  pairSeen: Int32Array;
  /** Per set: the stamp of the text in which it was last tested, and the answer then (1: an option occurs). */
  testedIn: Int32Array;
  answer: Uint8Array;
  stamp: number;
  /** The stamp whose characters are marked (once per text, when a set is first tested). */
  charsMarked: number;
  /** Per pattern anchor (`AnchorRefs.id`): the stamp of the text in which it last occurred. */
  anchorSeen: Int32Array;
  /** Per unanchored pattern (in `lex.unanchored` order): the set of its gate group, -1 when it has none (it always runs). */
  gateSet: Int32Array;
}

const gateCache = new WeakMap<Lexicon, Gates>();

/**
 * The literal sets of a lexicon's patterns, compiled once per lexicon. Every
 * match of a pattern holds an option of each of its literal sets (a literal,
 * an alternation's options, a named group's terms): one that runs because its
 * anchor (or gate) occurs runs only when each of its other sets has an option
 * in the text too, for no text lacking one can match.
 */
function gatesOf(lex: Lexicon): Gates {
  let g = gateCache.get(lex);
  if (!g) {
    const needs = new Map<CompiledPattern, number[]>();
    const sets: Gates["sets"] = [];
    const ids = new Map<string, number>();
    /** The number of a set of options (one per distinct set). */
    const setOf = (set: string[]): number => {
      const options = [...new Set(set)].sort();
      const key = options.join("\u0000");
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = sets.length));
        sets.push({
          options,
          first: Uint16Array.from(options, (o) => o.charCodeAt(0)),
          pair: Int32Array.from(options, (o) => (o.length > 1 ? pairKey(o.charCodeAt(0), o.charCodeAt(1)) : -1)),
        });
      }
      return id;
    };
    for (const entry of lex.entries) {
      for (const p of entry.patterns) {
        if (needs.has(p)) continue;
        const own = new Set<number>();
        for (const set of p.requires) {
          // The set a pattern runs by is known to occur.
          if (set === p.anchors || set === p.gate) continue;
          own.add(setOf(set));
        }
        needs.set(p, [...own]);
      }
    }
    const gateSet = Int32Array.from(lex.unanchored, (ref) => (ref.pattern.gate?.length ? setOf(ref.pattern.gate) : -1));
    g = {
      needs,
      sets,
      charSeen: new Int32Array(0x10000),
      pairSeen: new Int32Array(0x10000),
      testedIn: new Int32Array(sets.length),
      answer: new Uint8Array(sets.length),
      stamp: 0,
      charsMarked: 0,
      anchorSeen: new Int32Array(64),
      gateSet,
    };
    gateCache.set(lex, g);
  }
  return g;
}

/** The key of two adjacent UTF-16 units in `Gates.pairSeen` (pairs may share one: it only rules options out). */
function pairKey(a: number, b: number): number {
  return ((a << 6) ^ b) & 0xffff;
}

/** A new stamp for the next text's tests (instead of clearing the marks). */
function nextStamp(g: Gates): number {
  const stamp = (g.stamp = g.stamp >= 0x7fffffff ? 1 : g.stamp + 1);
  if (stamp === 1) {
    g.testedIn.fill(0);
    g.anchorSeen.fill(0);
    g.charSeen.fill(0);
    g.pairSeen.fill(0);
  }
  return stamp;
}

/** Can the pattern match the text (`stamp`: the text's, from `nextStamp`)? Each set is tested once per text. */
function mayMatch(g: Gates, p: CompiledPattern, text: string, stamp: number): boolean {
  const need = g.needs.get(p);
  if (need === undefined) return true; // not in the lexicon's entries: run it
  for (let k = 0; k < need.length; k++) if (!setOccurs(g, need[k], text, stamp)) return false;
  return true;
}

/** Does an option of set `id` occur in the text (`stamp`: the text's)? Answered once per text. */
function setOccurs(g: Gates, id: number, text: string, stamp: number): boolean {
  if (g.testedIn[id] !== stamp) {
    if (g.charsMarked !== stamp) {
      // The characters of the text and its pairs of them, marked on the first test: an option whose
      // first character, or first two, do not occur does not occur.
      g.charsMarked = stamp;
      const { charSeen, pairSeen } = g;
      let prev = -1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        charSeen[c] = stamp;
        if (prev >= 0) pairSeen[pairKey(prev, c)] = stamp;
        prev = c;
      }
    }
    const { options, first, pair } = g.sets[id];
    let any = 0;
    for (let j = 0; j < options.length; j++) {
      if (g.charSeen[first[j]] === stamp && (pair[j] < 0 || g.pairSeen[pair[j]] === stamp) && text.includes(options[j])) {
        any = 1;
        break;
      }
    }
    g.testedIn[id] = stamp;
    g.answer[id] = any;
  }
  return g.answer[id] === 1;
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
/** `isOriginal(s, e, term)`: whether original(s, e) is term (without cutting it out); by default they are compared. */
export function findHits(
  text: string,
  lex: Lexicon,
  original: (s: number, e: number) => string,
  sep?: Uint8Array,
  deadline?: Deadline,
  isOriginal?: (s: number, e: number, term: string) => boolean,
): RawHit[] {
  const hits: RawHit[] = [];
  // Collected, not searched: no intermediate object per occurrence.
  const terms = lex.terms;
  const nTerms = terms.collect(text);
  for (let k = 0; k < nTerms; k++) {
    const start = terms.hitStart[k];
    const end = terms.hitEnd[k];
    const value = terms.hitValue[k];
    deadline?.tick(256);
    // A term found only through the disguise map or folding is a variant.
    const exact = isOriginal ? isOriginal(start, end, value.term) : original(start, end) === value.term;
    hits.push({
      entry: value.entry,
      start,
      end,
      variant: exact ? "exact" : "variant",
      term: value.term,
      penalty: 0,
      note: exact ? "exact term" : `normalized form of "${original(start, end)}"`,
    });
  }
  // Only patterns whose anchor occurs in the text are run; an unanchored one only when one option of its gate group occurs.
  const toRun = new Set<PatternRef>();
  const gates = gatesOf(lex);
  const anchorStamp = nextStamp(gates);
  for (let u = 0; u < lex.unanchored.length; u++) {
    const set = gates.gateSet[u];
    if (set < 0 || setOccurs(gates, set, text, anchorStamp)) toRun.add(lex.unanchored[u]);
  }
  // Each anchor's patterns once: a later occurrence of the same anchor adds nothing new.
  const anchors = lex.patternAnchors;
  const nAnchors = anchors.collect(text);
  for (let h = 0; h < nAnchors; h++) {
    const a = anchors.hitValue[h];
    if (a.id >= gates.anchorSeen.length) {
      const grown = new Int32Array(Math.max(a.id + 1, gates.anchorSeen.length * 2));
      grown.set(gates.anchorSeen);
      gates.anchorSeen = grown;
    }
    if (gates.anchorSeen[a.id] === anchorStamp) continue;
    gates.anchorSeen[a.id] = anchorStamp;
    for (let k = 0; k < a.refs.length; k++) toRun.add(a.refs[k]);
  }
  deadline?.check();
  const stamp = anchorStamp;
  for (const { entry, pattern: p } of toRun) {
    // And of these only those with an option of each of their other literal sets in the text.
    if (!mayMatch(gates, p, text, stamp)) continue;
    deadline?.tick(8);
    // One note string for the pattern's hits (each hit's made again would be hashed again where its step is looked up).
    let note: string | undefined;
    for (const m of runPattern(p, text)) {
      hits.push({ entry, start: m.start, end: m.end, variant: "pattern", term: p.source, penalty: 0, note: (note ??= `pattern ${p.source}`) });
    }
  }
  if (lex.pinyin.size > 1 && /[\p{Script=Han}a-z]/u.test(text)) {
    deadline?.check();
    const viewText = pinyinText(text);
    // Collected into the matcher's buffers (no object per occurrence: a text dense in one phrase has thousands).
    const pin = lex.pinyin;
    const nFound = pin.collect(viewText);
    // The view's index arrays only where some key occurs (most texts hold none); its word edges
    // only when a match starts or ends on a Latin letter.
    const index = nFound ? pinyinIndex(text, viewText) : undefined;
    let edges: Uint8Array | undefined;
    const view = index && {
      text: viewText,
      ...index,
      get edge() {
        return (edges ??= pinyinEdges(viewText, index, sep));
      },
    };
    deadline?.check();
    if (view) for (let f = 0; f < nFound; f++) {
      deadline?.tick(256);
      const hStart = pin.hitStart[f];
      const hEnd = pin.hitEnd[f];
      const value = pin.hitValue[f];
      const endIdx = hEnd - 1;
      if (!view.starts[hStart]) continue;
      if (hEnd < view.text.length && !view.starts[hEnd]) continue;
      let anyLatin = false;
      for (let k = hStart; k < hEnd; k++) if (view.latin[k]) anyLatin = true;
      // Next to Latin letters a match must start and end at a word edge or between pinyin syllables.
      if (view.latin[hStart] && !view.edge[hStart]) continue;
      if (view.latin[endIdx] && !view.edge[hEnd]) continue;
      const entry = value.entry;
      if ((value.pinyin ?? entry.pinyin) === "latin" && !anyLatin) continue;
      const start = view.at[hStart];
      const end = view.at[endIdx] + 1;
      const matched = text.slice(start, end);
      if (entry.terms.has(matched)) continue; // already an exact hit
      hits.push({
        entry,
        start,
        end,
        variant: "pinyin",
        term: value.term,
        penalty: VARIANT_PENALTY.pinyin,
        note: anyLatin ? `pinyin "${matched}" of ${value.term}` : `homophone "${matched}" of ${value.term}`,
      });
    }
  }
  const fk = lex.fuzzy.length ? fuzzyKeysOf(lex) : undefined;
  const fuzzyStamp = fk ? fuzzyCandidates(text, fk) : -1;
  if (fk && fuzzyStamp >= 0) {
    deadline?.check();
    const index = new LazyCharIndex(text);
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
