/**
 * Many word lists matched in the same texts: one Aho–Corasick automaton of the
 * words of every list asked about (the union), run once per text, whose
 * occurrences are handed to each list as its own — what that list's automaton
 * alone would find in the text, with one pass over it for all the lists (the
 * code rules ask a dozen lists about the same document text and attribute values).
 *
 * A list is known by identity (the array). A list not yet in the union is
 * matched with an automaton of its own; once such lists have been asked about
 * `JOIN_AFTER` times, the union is rebuilt with them (so it is built a few times
 * while the rules warm up, not once per new list). Lists no longer reachable (a
 * reloaded lexicon's) are left out of the next rebuild.
 */
import { AhoCorasick } from "./aho-corasick.js";

/** Occurrences of one list's words in a text, flattened: start, end, word number (`TermLists.word`), … */
export type ListHits = readonly number[];

const NO_HITS: ListHits = [];

/** How many texts' passes of the union are kept. */
const RECENT_PASSES = 4;

/** How many times lists outside the union are asked about before the union is rebuilt with them. */
const JOIN_AFTER = 256;

export class TermLists {
  /** The lists in the union (by number), held weakly. */
  private lists: Array<WeakRef<string[]>> = [];
  private numberOf = new WeakMap<string[], number>();
  private union: AhoCorasick<number> | undefined;
  /** Lists asked about since the last rebuild, each with an automaton of its own, and how often they were asked. */
  private pending: Array<WeakRef<string[]>> = [];
  private own = new WeakMap<string[], AhoCorasick<number>>();
  private pendingAsked = 0;
  /** Every word by number (of the union and of the lists outside it), and the union's lists holding each. */
  private words: string[] = [];
  private wordNumber = new Map<string, number>();
  private listsOf: number[][] = [];
  /** The last passes of the union (a ring): the rules go back and forth between the document text and attribute values. */
  private passes: Array<{ text: string; hitsOf: Array<number[] | undefined> }> = [];
  private nextPass = 0;
  /** The occurrences of the last list matched on its own. */
  private ownHits: number[] = [];

  /** Word number `w` of the occurrences returned by `hits`. */
  word(w: number): string {
    return this.words[w];
  }

  /**
   * The occurrences of the words of `list` in `text`, in the order of a search
   * (by end, longer first); valid until the next call.
   */
  hits(text: string, list: string[]): ListHits {
    let n = this.numberOf.get(list);
    if (n === undefined) {
      if (++this.pendingAsked < JOIN_AFTER) return this.ownPass(text, list);
      this.rebuild(list);
      n = this.numberOf.get(list)!;
    }
    const passes = this.passes;
    for (let p = 0; p < passes.length; p++) if (passes[p].text === text) return passes[p].hitsOf[n] ?? NO_HITS;
    return this.pass(text)[n] ?? NO_HITS;
  }

  /** The number of a word (given one the first time it is seen). */
  private numberWord(t: string): number {
    let w = this.wordNumber.get(t);
    if (w === undefined) {
      this.wordNumber.set(t, (w = this.words.length));
      this.words.push(t);
    }
    return w;
  }

  /** A list outside the union, matched with its own automaton. */
  private ownPass(text: string, list: string[]): ListHits {
    let ac = this.own.get(list);
    if (ac === undefined) {
      ac = new AhoCorasick<number>();
      for (const t of new Set(list)) if (t) ac.add(t, this.numberWord(t));
      ac.build();
      this.own.set(list, ac);
      this.pending.push(new WeakRef(list));
    }
    const out = this.ownHits;
    out.length = 0;
    const found = ac.collect(text);
    for (let k = 0; k < found; k++) out.push(ac.hitStart[k], ac.hitEnd[k], ac.hitValue[k]);
    return out;
  }

  /** The union rebuilt from the lists still reachable: those in it, those outside it, and `list`. */
  private rebuild(list: string[]): void {
    const live: string[][] = [];
    for (const ref of [...this.lists, ...this.pending]) {
      const l = ref.deref();
      if (l !== undefined && l !== list) live.push(l);
    }
    live.push(list);
    const ac = new AhoCorasick<number>();
    this.words = [];
    this.wordNumber = new Map();
    const listsOf: number[][] = [];
    live.forEach((l, n) => {
      this.numberOf.set(l, n);
      for (const t of l) {
        if (!t) continue;
        const w = this.numberWord(t);
        if (w === listsOf.length) {
          listsOf.push([]);
          ac.add(t, w);
        }
        const of = listsOf[w];
        // A word twice in one list counts once.
        if (of[of.length - 1] !== n) of.push(n);
      }
    });
    this.union = ac.build();
    this.listsOf = listsOf;
    this.lists = live.map((l) => new WeakRef(l));
    this.pending = [];
    this.own = new WeakMap();
    this.pendingAsked = 0;
    this.passes = [];
  }

  /** One pass of the union over the text: each occurrence goes to the lists holding its word. */
  private pass(text: string): Array<number[] | undefined> {
    const ac = this.union!;
    const listsOf = this.listsOf;
    const hitsOf: Array<number[] | undefined> = [];
    const n = ac.collect(text);
    for (let k = 0; k < n; k++) {
      const w = ac.hitValue[k];
      const of = listsOf[w];
      for (let j = 0; j < of.length; j++) (hitsOf[of[j]] ??= []).push(ac.hitStart[k], ac.hitEnd[k], w);
    }
    if (this.passes.length < RECENT_PASSES) this.passes.push({ text, hitsOf });
    else this.passes[this.nextPass] = { text, hitsOf };
    this.nextPass = (this.nextPass + 1) % RECENT_PASSES;
    return hitsOf;
  }
}
