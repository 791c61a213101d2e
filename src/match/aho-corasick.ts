/**
 * Aho–Corasick multi-pattern matcher over UTF-16 code units.
 * Build once per lexicon; `search` reports every occurrence of every pattern.
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
    this.built = true;
    return this;
  }

  get size(): number {
    return this.nodes.length;
  }

  search(text: string): AcHit<T>[] {
    if (!this.built) this.build();
    const hits: AcHit<T>[] = [];
    const nodes = this.nodes;
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // One map lookup per state visited: follow fail links until a transition exists.
      let nxt = nodes[cur].next.get(c);
      while (nxt === undefined && cur !== 0) {
        cur = nodes[cur].fail;
        nxt = nodes[cur].next.get(c);
      }
      cur = nxt ?? 0;
      const out = nodes[cur].out;
      if (out.length === 0) continue;
      for (let k = 0; k < out.length; k++) {
        const [len, value] = out[k];
        hits.push({ start: i + 1 - len, end: i + 1, value });
      }
    }
    return hits;
  }
}
