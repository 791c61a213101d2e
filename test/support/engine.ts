/** Engines for tests: the stable fixture lexicon and the shipped one. */
import { fileURLToPath } from "node:url";
import { createEngine, type Engine } from "../../src/engine.js";
import type { Item } from "../../src/types.js";

export const FIXTURE_LEXICONS = fileURLToPath(new URL("../fixtures/lexicons", import.meta.url));

let fixture: Engine | undefined;
let shipped: Engine | undefined;

export function fixtureEngine(): Engine {
  // The fixture engine is stable: fixture lexicons and no context classifier or learned model (whose models change with training data).
  return (fixture ??= createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: null }));
}

export function shippedEngine(): Engine {
  return (shipped ??= createEngine());
}

let n = 0;
export function script(text: string): Item {
  return { id: `t${++n}`, channel: "script", text };
}
export function caption(text: string): Item {
  return { id: `t${++n}`, channel: "caption", text };
}

/** Rule ids reported for an item. */
export function ruleIds(engine: Engine, item: Item): string[] {
  return engine.review(item).violations.map((v) => v.ruleId);
}
export function categories(engine: Engine, item: Item): string[] {
  return [...new Set(engine.review(item).violations.map((v) => v.category))];
}
