/** The shipped lexicons: valid, covering all 16 categories, and every entry's examples as a test. */
import { describe, expect, it } from "vitest";
import { checkEntryExamples } from "../src/lexicon/examples.js";
import { CATEGORIES } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";

const engine = shippedEngine();
const lex = engine.lexicon;

describe("shipped lexicons", () => {
  it("have a file for every category", () => {
    expect([...lex.titles.keys()].sort()).toEqual([...CATEGORIES].sort());
  });
  it("cite a rule document and clause in every entry", () => {
    for (const e of lex.entries) expect(e.rule, e.id).toMatch(/《.+》/);
  });
});

describe.each(lex.entries.map((e) => [e.id, e] as const))("entry %s", (_id, entry) => {
  it("hits its must-hit examples and not its must-not-hit ones", () => {
    const failures = checkEntryExamples(engine, entry);
    expect(failures.map((f) => `${f.field}: ${f.message}: ${f.example}`)).toEqual([]);
  });
});
