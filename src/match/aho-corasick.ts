/**
 * Aho–Corasick multi-pattern matcher over UTF-16 code units.
 * Build once per lexicon; `search` reports every occurrence of every pattern.
 *
 * Built into flat arrays: each code unit that occurs in some pattern gets a
 * class number (a code unit of no pattern is class 0 and sends the automaton
 * straight back to the root, which is what most characters of a text do); the
 * root has a dense table by class, other states a short sorted edge list.
 */
export interface AcHit<T> {
  start: number;
  end: number;
  value: T;
}

interface Node<T> {
  next: Map<number, number>;
  fail: number;
  /** Patterns ending here: [length, value]. */
  out: Array<[number, T]>;
}

export class AhoCorasick<T> {
  private nodes: Node<T>[] = [{ next: new Map(), fail: 0, out: [] }];
  private built = false;
  /** Code unit → class (0: in no pattern). */
  private cls: Uint16Array = new Uint16Array(0);
  /** Root transitions by class (0: stay at the root). */
  private root: Int32Array = new Int32Array(0);
  /** Edges of state s: edgeCls/edgeTo[edgeStart[s] .. edgeStart[s + 1]), sorted by class. */
  private edgeStart: Int32Array = new Int32Array(0);
  private edgeCls: Uint16Array = new Uint16Array(0);
  private edgeTo: Int32Array = new Int32Array(0);
  private fail: Int32Array = new Int32Array(0);
  /** Outputs of each state (flattened with its fail chain's); null when none. */
  private outs: Array<Array<[number, T]> | null> = [];

  add(pattern: string, value: T): void {
    if (this.built) throw new Error("AhoCorasick: add after build");
    if (pattern.length === 0) return;
    let cur = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let nxt = this.nodes[cur].next.get(c);
      if (nxt === undefined) {
        nxt = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        this.nodes[cur].next.set(c, nxt);
      }
      cur = nxt;
    }
    this.nodes[cur].out.push([pattern.length, value]);
  }

  build(): this {
    if (this.built) return this;
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) {
      this.nodes[child].fail = 0;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (const [c, v] of this.nodes[u].next) {
        let f = this.nodes[u].fail;
        while (f !== 0 && !this.nodes[f].next.has(c)) f = this.nodes[f].fail;
        const target = this.nodes[f].next.get(c);
        this.nodes[v].fail = target !== undefined && target !== v ? target : 0;
        // Inherit the outputs of the fail state (dictionary suffix links, flattened).
        const inherited = this.nodes[this.nodes[v].fail].out;
        if (inherited.length) this.nodes[v].out = this.nodes[v].out.concat(inherited);
        queue.push(v);
      }
    }
    this.compile();
    this.built = true;
    return this;
  }

  /** The flat form of the built automaton (the Map nodes are dropped). */
  private compile(): void {
    const nodes = this.nodes;
    let maxCode = 0;
    const codes = new Set<number>();
    for (const n of nodes) for (const c of n.next.keys()) codes.add(c);
    for (const c of codes) if (c > maxCode) maxCode = c;
    const cls = new Uint16Array(codes.size ? maxCode + 1 : 0);
    let k = 0;
    for (const c of [...codes].sort((a, b) => a - b)) cls[c] = ++k;
    const root = new Int32Array(k + 1);
    for (const [c, v] of nodes[0].next) root[cls[c]] = v;
    const edgeStart = new Int32Array(nodes.length + 1);
    let edges = 0;
    for (let s = 0; s < nodes.length; s++) {
      edgeStart[s] = edges;
      if (s !== 0) edges += nodes[s].next.size;
    }
    edgeStart[nodes.length] = edges;
    const edgeCls = new Uint16Array(edges);
    const edgeTo = new Int32Array(edges);
    const fail = new Int32Array(nodes.length);
    const outs: Array<Array<[number, T]> | null> = new Array(nodes.length);
    for (let s = 0; s < nodes.length; s++) {
      fail[s] = nodes[s].fail;
      outs[s] = nodes[s].out.length ? nodes[s].out : null;
      if (s === 0) continue;
      const list = [...nodes[s].next].map(([c, v]) => [cls[c], v] as const).sort((a, b) => a[0] - b[0]);
      let e = edgeStart[s];
      for (const [c, v] of list) {
        edgeCls[e] = c;
        edgeTo[e++] = v;
      }
    }
    this.cls = cls;
    this.root = root;
    this.edgeStart = edgeStart;
    this.edgeCls = edgeCls;
    this.edgeTo = edgeTo;
    this.fail = fail;
    this.outs = outs;
    this.size_ = nodes.length;
    this.nodes = [];
  }

  private size_ = 0;

  get size(): number {
    return this.built ? this.size_ : this.nodes.length;
  }

  search(text: string): AcHit<T>[] {
    const n = this.collect(text);
    const hits: AcHit<T>[] = new Array(n);
    for (let k = 0; k < n; k++) hits[k] = { start: this.hitStart[k], end: this.hitEnd[k], value: this.hitValue[k] };
    return hits;
  }

  /**
   * The occurrences of the last `collect`: [hitStart[k], hitEnd[k]) holds hitValue[k], for k below
   * the count it returned (reused by the next call on this matcher: read them before).
   */
  hitStart: Int32Array = new Int32Array(16);
  hitEnd: Int32Array = new Int32Array(16);
  hitValue: T[] = [];

  /**
   * Every occurrence, in the order `search` lists them, into `hitStart`/`hitEnd`/`hitValue`
   * (buffers of this matcher, no object per occurrence and no callback); returns their number.
   */
  collect(text: string): number {
    if (!this.built) this.build();
    const { cls, outs } = this;
    const nCodes = cls.length;
    let n = 0;
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const c = code < nCodes ? cls[code] : 0;
      if (c === 0) {
        cur = 0;
        continue;
      }
      cur = this.next(cur, c);
      const out = outs[cur];
      if (out === null) continue;
      for (let k = 0; k < out.length; k++) {
        const o = out[k];
        if (n === this.hitStart.length) this.grow();
        this.hitStart[n] = i + 1 - o[0];
        this.hitEnd[n] = i + 1;
        this.hitValue[n] = o[1];
        n++;
      }
    }
    return n;
  }

  /** The state after `cur` on character class `c`, following fail links until a transition exists (the root always has one: itself). */
  private next(cur: number, c: number): number {
    const { root, edgeStart, edgeCls, edgeTo, fail } = this;
    for (;;) {
      if (cur === 0) return root[c];
      let lo = edgeStart[cur];
      let hi = edgeStart[cur + 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const m = edgeCls[mid];
        if (m === c) return edgeTo[mid];
        if (m < c) lo = mid + 1;
        else hi = mid;
      }
      cur = fail[cur];
    }
  }

  private grow(): void {
    const size = this.hitStart.length * 2;
    const s = new Int32Array(size);
    s.set(this.hitStart);
    const e = new Int32Array(size);
    e.set(this.hitEnd);
    this.hitStart = s;
    this.hitEnd = e;
  }

  /** Whether any pattern occurs in the text (stops at the first occurrence). */
  occursIn(text: string): boolean {
    let found = false;
    this.scan(text, () => {
      found = true;
      return true;
    });
    return found;
  }

  /**
   * Every occurrence, in the order `search` lists them, handed to `onHit`
   * without an object each (a dense text has tens of thousands); `onHit`
   * returning true stops the scan there.
   */
  scan(text: string, onHit: (start: number, end: number, value: T) => boolean | void): void {
    if (!this.built) this.build();
    const { cls, outs } = this;
    const nCodes = cls.length;
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const c = code < nCodes ? cls[code] : 0;
      if (c === 0) {
        cur = 0; // a code unit of no pattern: no state has a transition on it
        continue;
      }
      cur = this.next(cur, c);
      const out = outs[cur];
      if (out === null) continue;
      for (let k = 0; k < out.length; k++) {
        const o = out[k];
        // A callback returning true stops the scan.
        if (onHit(i + 1 - o[0], i + 1, o[1]) === true) return;
      }
    }
  }
}
