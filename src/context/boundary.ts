import { commonWordAcross, isCommonWord } from "../tokenize/jieba.js";
import type { RawHit } from "../match/hits.js";
import type { ContextStep } from "../types.js";
import type { AnalysisContext } from "./context.js";
import { adjust, cancel, type Step } from "./step.js";

/**
 * Word boundaries from jieba: a hit that starts or ends inside a word is an
 * ordinary sense (最 in 最近, 第一 in 第一次). Short terms (<= 2 characters) are
 * cancelled, and so are homophone and fuzzy hits; longer exact ones lose
 * confidence. Pattern hits are exempt.
 */
/** A common word of 2–4 characters across the cut at `cut`, within [lo, hi), that is no lexicon term. */
function commonWordAcrossHit(ctx: AnalysisContext, cut: number, lo: number, hi: number): string | undefined {
  return commonWordAcross(ctx.text, cut, lo, hi, (w) => isLexiconTerm(ctx, w));
}

/** The class of a UTF-16 code: 1 for a Latin letter, 2 for a digit (which make tokens of their own), else 0 (also past the text: NaN). */
function alnumClass(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return 1; // a-z
  if (code >= 0x30 && code <= 0x39) return 2; // 0-9
  return 0;
}

/**
 * A hit that begins or ends in the middle of a run of Latin letters or digits
 * cuts a token of its own: K粉 in OK粉色, 0元送 in 减50元送. A pattern's tail may
 * end inside an id (its slots read a fixed number of id characters).
 */
function cutsAlnumRun(text: string, sep: Uint8Array, start: number, end: number, checkTail: boolean): string | undefined {
  const head = alnumClass(text.charCodeAt(start));
  if (head && start > 0 && sep[start] === 0 && alnumClass(text.charCodeAt(start - 1)) === head) return text.slice(Math.max(0, start - 3), start + 1);
  const tail = alnumClass(text.charCodeAt(end - 1));
  if (checkTail && tail && end < text.length && sep[end] === 0 && alnumClass(text.charCodeAt(end)) === tail) return text.slice(end - 1, end + 3);
  return undefined;
}

/** Whether text[start, end) is Chinese characters only, none of which occurs in `term`. */
function sharesNoCharacter(text: string, start: number, end: number, term: string): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x3400 || c > 0x9fff || term.includes(text[k])) return false;
  }
  return true;
}

/** A word of two or more characters (jieba's segmentation) that overlaps text[start, end), if any. */
function wordWithin(ctx: AnalysisContext, start: number, end: number): string | undefined {
  const t = ctx.phraseTokens;
  for (let k = start; k < end; ) {
    const w = t.word(k);
    const text = t.wordText(w);
    if (text.length >= 2) return text;
    k = t.wordStart(w) + text.length;
  }
  return undefined;
}

/** Whole-word lexicon terms already looked up, per lexicon (words asked about are short and recur). */
const termCache = new WeakMap<object, Map<string, boolean>>();

/** Is this word itself a lexicon term (a whole-word match)? */
function isLexiconTerm(ctx: AnalysisContext, w: string): boolean {
  let cache = termCache.get(ctx.lex);
  if (!cache) termCache.set(ctx.lex, (cache = new Map()));
  let yes = cache.get(w);
  if (yes === undefined) {
    yes = ctx.lex.terms.search(w).some((h) => h.start === 0 && h.end === w.length);
    if (cache.size < 50_000) cache.set(w, yes);
  }
  return yes;
}

/**
 * The last hit of an entry the step answered in an item, and what it read: the hit's length and
 * variant, the characters from three before it to three after it, the separators at its ends, and
 * the words its ends fall in (where they start, their text). A later hit of the entry for which all
 * of these are the same gets the same answer (a phrase repeated through a text is judged once).
 */
interface LastBoundary {
  variant: string;
  start: number;
  end: number;
  /** Characters read after the hit (up to three, fewer at the end of the text). */
  after: number;
  head: number;
  headWord: string;
  tail: number;
  tailWord: string | undefined;
  sameWord: boolean;
  result: ContextStep | undefined;
}

export const boundaryStep: Step = {
  name: "boundary",
  apply(hit, ctx) {
    // A pattern hit reads only the characters at its ends; a hit in the first three characters
    // reads the end of the text too (commonWordAcross): both are answered afresh.
    if (hit.variant === "pattern" || hit.start < 3) return boundaryOf(hit, ctx);
    const text = ctx.text;
    const sep = ctx.doc.sep;
    const n = text.length;
    const t = ctx.phraseTokens;
    const w0 = t.word(hit.start);
    const head = hit.start - t.wordStart(w0);
    const headWord = t.wordText(w0);
    let tail = -1;
    let tailWord: string | undefined;
    let sameWord = false;
    if (hit.end < n) {
      const w1 = t.word(hit.end);
      tail = hit.end - t.wordStart(w1);
      tailWord = t.wordText(w1);
      sameWord = w1 === w0;
    }
    const after = Math.min(n, hit.end + 3) - hit.end;
    let byEntry = ctx.stepMemo.get(boundaryStep) as Map<object, LastBoundary> | undefined;
    if (byEntry === undefined) ctx.stepMemo.set(boundaryStep, (byEntry = new Map()));
    const last = byEntry.get(hit.entry);
    if (
      last !== undefined &&
      last.variant === hit.variant &&
      last.end - last.start === hit.end - hit.start &&
      last.after === after &&
      last.head === head &&
      last.tail === tail &&
      last.sameWord === sameWord &&
      last.headWord === headWord &&
      last.tailWord === tailWord &&
      sep[last.start] === sep[hit.start] &&
      (hit.end >= n || sep[last.end] === sep[hit.end]) &&
      sameText(text, hit.start - 3, hit.end + after, last.start - 3)
    ) {
      return last.result;
    }
    const result = boundaryOf(hit, ctx);
    byEntry.set(hit.entry, { variant: hit.variant, start: hit.start, end: hit.end, after, head, headWord, tail, tailWord, sameWord, result });
    return result;
  },
};

/** Whether text[lo, hi) equals the text of the same length at lo2. */
function sameText(text: string, lo: number, hi: number, lo2: number): boolean {
  const d = lo2 - lo;
  for (let k = lo; k < hi; k++) if (text.charCodeAt(k) !== text.charCodeAt(k + d)) return false;
  return true;
}

function boundaryOf(hit: RawHit, ctx: AnalysisContext): ContextStep | undefined {
  {
    if (hit.variant !== "pinyin") {
      const cut = cutsAlnumRun(ctx.text, ctx.doc.sep, hit.start, hit.end, hit.variant !== "pattern");
      if (cut) return cancel("boundary", `cuts the letters or digits "${cut}" out of a longer run`);
    }
    if (hit.variant === "pattern") return undefined;
    const t = ctx.phraseTokens;
    const n = ctx.text.length;
    // A plain reading whose both ends fall inside common words straddles the
    // segmentation (监测|男女生 read as 测男女): jieba took the lexicon term
    // because it was loaded as a user word, but the text says two other words.
    // A disguise reading (variant) keeps its hit.
    if (hit.variant === "exact" && hit.end - hit.start >= 2) {
      const before = commonWordAcrossHit(ctx, hit.start, hit.start - 3, hit.end - 1);
      const after = before && commonWordAcrossHit(ctx, hit.end, hit.start + 1, hit.end + 3);
      if (before && after) return cancel("boundary", `straddles the words "${before}" and "${after}"`);
    }
    // A homophone reading written in other Chinese characters, keeping none of the term's, that the
    // segmentation reads as ordinary words is an accident of sound, not a disguise (猫|咪|换季 read as
    // 迷幻剂). Disguises keep a character or two (保成活, 将血压) or are strings of odd single
    // characters (谜|混|要 for 迷魂药), which keep their hit.
    if (hit.variant === "pinyin" && hit.end - hit.start >= 3 && sharesNoCharacter(ctx.text, hit.start, hit.end, hit.term)) {
      const word = wordWithin(ctx, hit.start, hit.end);
      if (word) return cancel("boundary", `homophone "${ctx.text.slice(hit.start, hit.end)}" of ${hit.term} keeps none of its characters and reads as the word "${word}"`);
    }
    // The words the hit's start and end fall inside (the same word once), without an array per hit:
    // most hits cross no word or only a lexicon term, and a dense text has thousands of them.
    const w0 = t.word(hit.start);
    const head = t.wordStart(w0) < hit.start ? t.wordText(w0) : undefined;
    let tail: string | undefined;
    if (hit.end < n) {
      const w1 = t.word(hit.end);
      if (t.wordStart(w1) < hit.end && (w1 !== w0 || head === undefined)) tail = t.wordText(w1);
    }
    // A crossing word that is itself a lexicon term is no ordinary sense.
    const ordinaryHead = head !== undefined && !isLexiconTerm(ctx, head);
    const ordinaryTail = tail !== undefined && !isLexiconTerm(ctx, tail);
    if (!ordinaryHead && !ordinaryTail) return undefined;
    const ordinary: string[] = [];
    if (ordinaryHead) ordinary.push(head!);
    if (ordinaryTail) ordinary.push(tail!);
    const len = hit.end - hit.start;
    const common = ordinary.filter(isCommonWord);
    if (common.length === 0 && hit.variant !== "pinyin" && hit.variant !== "fuzzy") {
      // A rare or HMM-made word (终极版) says little about the sense.
      return adjust("boundary", -0.1, `inside the uncommon word "${ordinary.join("/")}"`);
    }
    if (len <= 2) return cancel("boundary", `part of the common word "${ordinary.join("/")}"`);
    // A homophone or near-miss that does not even align with words is an accident (宝成|火锅).
    if (hit.variant === "pinyin" || hit.variant === "fuzzy") {
      return cancel("boundary", `${hit.variant} match cuts the word "${ordinary.join("/")}"`);
    }
    return adjust("boundary", -0.15, `word boundary falls inside "${ordinary.join("/")}"`);
  }
}
