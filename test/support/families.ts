/**
 * Tables of lexicon families: for each, phrasings the named entry must report (or, with
 * `category`, that the category must report) and ordinary neighbours it must not. The
 * family test files (test/peer-families.test.ts, test/fam*-families.test.ts) hold only
 * their tables and call `describeFamilies`.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../../src/types.js";
import { shippedEngine } from "./engine.js";

export interface Family {
  /** The family's name in the test titles; the entry's id when not given. */
  family?: string;
  /** The entry each hit must come from, and that no clean neighbour may produce. */
  entry: string;
  /** When set, a hit needs only this category (the entry may be another of the family's). */
  category?: string;
  hit: Array<string | Item>;
  clean: Array<string | Item>;
}

export function describeFamilies(title: string, families: Family[], toItem: (text: string) => Item): void {
  describe(title, () => {
    const engine = shippedEngine();
    const item = (x: string | Item) => (typeof x === "string" ? toItem(x) : x);
    const show = (x: string | Item) => (typeof x === "string" ? x : JSON.stringify(x.listing ?? x.text));
    const found = (x: string | Item) => engine.review(item(x)).violations;
    for (const f of families) {
      const name = f.family ?? f.entry;
      it(f.category ? `${name}: reported as ${f.category}` : `${name}: reported by ${f.entry}`, () => {
        for (const t of f.hit) {
          const v = found(t);
          if (f.category) expect(v.map((x) => x.category), show(t)).toContain(f.category);
          else expect(v.map((x) => x.ruleId), show(t)).toContain(f.entry);
        }
      });
      it(`${name}: ordinary neighbours stay clear of ${f.entry}`, () => {
        for (const t of f.clean) expect(found(t).map((x) => x.ruleId), show(t)).not.toContain(f.entry);
      });
    }
  });
}
