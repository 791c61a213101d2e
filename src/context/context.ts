/** What the context steps can see of a document, computed lazily, once, and indexed. */
import type { Document } from "../doc/document.js";
import { CUE_KINDS, type CueKind, type Lexicon } from "../lexicon/compile.js";
import { SEP_COMMA, SEP_STRONG, SEP_WEAK } from "../normalize/chars.js";
import { PhraseTokens, tokenize, type Tokens } from "../tokenize/jieba.js";

export type { CueKind };

export interface CueHit {
  start: number;
  end: number;
  kind: CueKind;
}

interface Range {
  start: number;
  end: number;
}

/** First index in a list sorted by `key` whose key is >= x. */
export function lowerBound<T>(list: T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Items of a list sorted by `key` with key in [from, to]. */
export function inRange<T>(list: T[], from: number, to: number, key: (t: T) => number): T[] {
  const out: T[] = [];
  for (let i = lowerBound(list, from, key); i < list.length && key(list[i]) <= to; i++) out.push(list[i]);
  return out;
}

const byEnd = (c: Range) => c.end;
const byStart = (c: Range) => c.start;

/** Fillers that may stand between a negation cue and its word: 什么, 那种, 所谓的 … */
const FILLERS = ["所谓的", "什么", "那种", "这种", "啥"];
const FILLER_MAX = 3;

/** Length of the filler that starts the gap [from, to), if any. */
function fillerAt(text: string, from: number, to: number): number {
  for (const f of FILLERS) if (from + f.length <= to && text.startsWith(f, from)) return f.length;
  return 0;
}

/** Characters an enumeration after a disclaimer (不具有…) may run before the negated word. */
const LIST_SCOPE = 16;

/** Characters a negated object may run before its 的 (不是[任何大牌]的仿款). */
const DE_OBJECT = 6;
/** Cues that deny what a thing is (不是X的Y). */
const IDENTITY_NEGATION = new Set(["不是", "并非", "并不是", "绝不是", "也不是", "不属于", "算不上", "谈不上", "不算"]);

export class AnalysisContext {
  private _tokens?: Tokens;
  private _joinBlindSep?: Uint8Array;
  private _cues?: Map<CueKind, CueHit[]>;
  private _groups?: Map<string, Range[]>;
  private _groupOccs?: { start: Int32Array; end: Int32Array; name: string[] };
  private _bounds?: { clause: Int32Array; clauseEnd: Int32Array; sentence: Int32Array; sentenceEnd: Int32Array };

  private _memo?: Map<string, unknown>;

  /** What a context step keeps from one hit to the next within this item, by a key of the step's own (an entry's list). */
  readonly stepMemo = new Map<object, unknown>();

  /** A value computed once per item (per key), for facts that do not depend on the hit. */
  memo<T>(key: string, make: () => T): T {
    this._memo ??= new Map();
    if (this._memo.has(key)) return this._memo.get(key) as T;
    const v = make();
    this._memo.set(key, v);
    return v;
  }

  constructor(
    readonly doc: Document,
    readonly lex: Lexicon,
  ) {}

  get text(): string {
    return this.doc.text;
  }

  get tokens(): Tokens {
    return (this._tokens ??= tokenize(this.doc.text, this.doc.sep));
  }

  private _phraseTokens?: PhraseTokens;

  /** The same words as `tokens`, cut phrase by phrase as they are asked for. */
  get phraseTokens(): PhraseTokens {
    return (this._phraseTokens ??= new PhraseTokens(this.doc.text, this.doc.sep));
  }

  /** Cue hits of one kind, sorted by end. */
  cues(kind: CueKind): CueHit[] {
    if (!this._cues) {
      this._cues = new Map();
      for (const k of CUE_KINDS) this._cues.set(k, []);
      const m = this.lex.cueMatcher;
      const n = m.collect(this.doc.text);
      for (let k = 0; k < n; k++) {
        const kind = m.hitValue[k];
        this._cues.get(kind)!.push({ start: m.hitStart[k], end: m.hitEnd[k], kind });
      }
      // Such a word or question read across a phrase end is none (保健功能，不能替代药品 holds no 能不能).
      for (const k of ["notNegation", "question"] as const) {
        const list = this._cues.get(k)!;
        if (list.length) this._cues.set(k, list.filter((w) => !this.crosses(w.start, w.end - 1, SEP_COMMA)));
      }
      // A cue inside a word that negates nothing (别 in 特别, 不 in 不错) is no cue.
      // Question forms (是不是, 能不能) shelter the cues inside them too: 不能 in 能不能 negates nothing.
      const words = [...this._cues.get("notNegation")!, ...this._cues.get("question")!];
      if (words.length) {
        // reach[i]: the furthest end of such a word covering position i (linear in the words' length).
        const reach = new Int32Array(this.doc.text.length);
        for (const w of words) for (let i = w.start; i < w.end; i++) if (w.end > reach[i]) reach[i] = w.end;
        // A cue spanning exactly such a word (the question cue 能不能) is that word, not inside it.
        const spans = new Set<number>();
        for (const w of words) spans.add(w.start * 2 ** 21 + w.end);
        const inside = (c: CueHit) => reach[c.start] >= c.end && !spans.has(c.start * 2 ** 21 + c.end);
        for (const [kind, list] of this._cues) if (kind !== "notNegation") this._cues.set(kind, list.filter((c) => !inside(c)));
      }
      for (const list of this._cues.values()) list.sort((a, b) => a.end - b.end || a.start - b.start);
    }
    return this._cues.get(kind)!;
  }

  /** Cues of a kind ending within [from, to]. */
  cuesEnding(kind: CueKind, from: number, to: number): CueHit[] {
    return inRange(this.cues(kind), from, to, byEnd);
  }

  /** Occurrences of a group's terms, sorted by start (each group's list made when first asked for). */
  groupHits(name: string): Range[] {
    this._groups ??= new Map();
    let list = this._groups.get(name);
    if (list === undefined) {
      // Every group's occurrences, collected once (a text holds many, of groups no step asks about).
      if (!this._groupOccs) {
        const m = this.lex.groupTerms;
        const n = m.collect(this.doc.text);
        this._groupOccs = { start: m.hitStart.slice(0, n), end: m.hitEnd.slice(0, n), name: m.hitValue.slice(0, n) };
      }
      const occs = this._groupOccs;
      list = [];
      for (let k = 0; k < occs.name.length; k++) if (occs.name[k] === name) list.push({ start: occs.start[k], end: occs.end[k] });
      list.sort((a, b) => a.start - b.start);
      this._groups.set(name, list);
    }
    return list;
  }

  /** Group occurrences starting within [from, to]. */
  groupHitsIn(name: string, from: number, to: number): Range[] {
    return inRange(this.groupHits(name), from, to, byStart);
  }

  private get bounds() {
    if (!this._bounds) {
      const n = this.doc.text.length;
      const sep = this.doc.sep;
      const clause = new Int32Array(n);
      const sentence = new Int32Array(n);
      const clauseEnd = new Int32Array(n);
      const sentenceEnd = new Int32Array(n);
      let c = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (sep[i] >= SEP_COMMA) c = i;
        if (sep[i] >= SEP_STRONG) s = i;
        clause[i] = c;
        sentence[i] = s;
      }
      c = n;
      s = n;
      for (let i = n - 1; i >= 0; i--) {
        clauseEnd[i] = c;
        sentenceEnd[i] = s;
        if (sep[i] >= SEP_COMMA) c = i;
        if (sep[i] >= SEP_STRONG) s = i;
      }
      this._bounds = { clause, clauseEnd, sentence, sentenceEnd };
    }
    return this._bounds;
  }

  /** Start of the clause (after the last comma or sentence end) containing position i. */
  clauseStart(i: number): number {
    return this.bounds.clause[i] ?? 0;
  }
  /** End (exclusive) of the clause containing position i. */
  clauseEnd(i: number): number {
    return this.bounds.clauseEnd[i] ?? this.doc.text.length;
  }
  sentenceStart(i: number): number {
    return this.bounds.sentence[i] ?? 0;
  }
  sentenceEnd(i: number): number {
    return this.bounds.sentenceEnd[i] ?? this.doc.text.length;
  }

  /** True when a separator of at least `strength` stands inside (from, to]. */
  crosses(from: number, to: number, strength: number): boolean {
    if (strength === SEP_COMMA && to < this.doc.text.length && from >= 0) return this.clauseStart(Math.max(to, 0)) > from;
    if (strength === SEP_STRONG && to < this.doc.text.length && from >= 0) return this.sentenceStart(Math.max(to, 0)) > from;
    for (let k = from + 1; k <= to && k < this.doc.sep.length; k++) if (this.doc.sep[k] >= strength) return true;
    return false;
  }

  /** Cut [start, end) at the first separator inside it (numbers must not run across fields or spaces; a caption fragment join is none: 四十|八片). */
  cutAtSeparator(start: number, end: number): number {
    const sep = this.joinBlindSep;
    for (let k = start + 1; k < end; k++) if (sep[k] > 0) return k;
    return end;
  }

  /**
   * The document's separators, except at the joins of caption fragments: a word
   * or number split across two fragments (唯一|要注意, 四十|八片) is still one. A
   * fragment's own leading space or punctuation still counts.
   */
  get joinBlindSep(): Uint8Array {
    if (!this._joinBlindSep) {
      let out: Uint8Array | undefined;
      for (const s of this.doc.segments) {
        if (s.offset === 0 || !s.field.startsWith("fragments[") || s.norm.text.length === 0) continue;
        out ??= this.doc.sep.slice();
        out[s.offset] = s.norm.sep[0];
      }
      this._joinBlindSep = out ?? this.doc.sep;
    }
    return this._joinBlindSep;
  }

  /** True when every phrase mark between normalized positions [from, to) is an enumeration mark (、/和 lists). */
  onlyEnumerationBetween(from: number, to: number): boolean {
    for (let k = from; k <= to && k < this.doc.text.length; k++) {
      if (this.doc.sep[k] < SEP_COMMA || k === from) continue;
      if (this.doc.segAt[k] !== this.doc.segAt[k - 1]) return false;
      const seg = this.doc.segments[this.doc.segAt[k]];
      const i = k - seg.offset;
      const between = seg.original.slice(seg.norm.srcEnd[i - 1], seg.norm.src[i]);
      if (!/^[\s、/／]*$/.test(between)) return false;
    }
    return true;
  }

  /** Is a word starting at `start` negated by a cue right before it (same clause)? */
  negatedAt(start: number): CueHit | undefined {
    const win = Math.min(3, this.lex.cues.negationWindow);
    // Indexes over the sorted cue lists, not copies of their ranges (this runs for every hit and cue).
    const negation = this.cues("negation");
    for (let i = lowerBound(negation, start - win - FILLER_MAX, byEnd); i < negation.length && negation[i].end <= start; i++) {
      const c = negation[i];
      // A filler between cue and word (不说什么全网最低, 不是那种顶级) does not count towards the gap.
      const gap = start - c.end - fillerAt(this.doc.text, c.end, start);
      // One-character cues (不, 没, 别) must stand next to the word; longer ones may be a few characters away.
      const maxGap = c.end - c.start === 1 ? 1 : win;
      if (gap > maxGap) continue;
      // Never across a phrase or sentence end, even right next to it (看不出区别。华为正品; 不，包成活的).
      if (this.crosses(c.end - 1, start, SEP_COMMA)) continue;
      // A listing title is keywords set apart by spaces: a cue inside one (穷人别看) does not negate the next (根治宫寒).
      if (gap > 0 && this.doc.item.channel === "listing" && this.crosses(c.end - 1, start, SEP_WEAK)) continue;
      return c;
    }
    // 不是任何大牌的仿款, 并非什么最好的: a cue that denies what a thing is, whose object (ending
    // in 的) is the word a few characters further, same phrase. Not 不要错过的 / 不可多得的: those praise.
    if (this.doc.text[start - 1] === "的") {
      for (let i = lowerBound(negation, start - 1 - DE_OBJECT, byEnd); i < negation.length && negation[i].end <= start - 1; i++) {
        const c = negation[i];
        if (!IDENTITY_NEGATION.has(this.doc.text.slice(c.start, c.end)) || this.crosses(c.end - 1, start, SEP_COMMA)) continue;
        return c;
      }
    }
    // A disclaimer negates every item of the enumeration after it, same sentence
    // (不具有疾病预防、治疗功能; 不能代替药物或治疗): enumeration marks are no phrase end there.
    const lists = this.cues("listNegation");
    for (let i = lowerBound(lists, start - LIST_SCOPE, byEnd); i < lists.length && lists[i].end <= start; i++) {
      const c = lists[i];
      if (this.crosses(c.end - 1, start, SEP_STRONG)) continue;
      if (this.onlyEnumerationBetween(c.end, start)) return c;
    }
    // A clause opened by disbelief (别信…, 谁说…) negates what follows in it.
    const cs = this.clauseStart(start);
    const clauses = this.cues("clauseNegation");
    for (let i = lowerBound(clauses, cs, byEnd); i < clauses.length && clauses[i].end <= start; i++) if (clauses[i].start >= cs) return clauses[i];
    return undefined;
  }
}
