/**
 * hegui as a library: `import { createEngine, review } from "hegui"`.
 *
 *   const engine = createEngine();                 // the shipped lexicons and policy
 *   const verdict = engine.review({ id: "1", channel: "script", text: "…" });
 *   review(item)                                   // the same on a default engine made on first use
 *
 * The verdict and item types are those of the product contract (SPEC.md);
 * docs/library.md describes them. Subpaths: "hegui/api" (the review HTTP
 * server), "hegui/lexicon" (load, validate, publish and follow lexicons).
 */
import { createEngine, type Engine } from "./engine.js";
import { parseItem } from "./io/item-schema.js";
import type { Item, Verdict } from "./types.js";
import type { ReviewOptions } from "./engine.js";

export { createEngine, Engine, type EngineOptions, type ReviewOptions } from "./engine.js";
export { DeadlineExceeded, isDeadlineExceeded, DEADLINE_MESSAGE } from "./deadline.js";
export { parseItem, type ParsedItem } from "./io/item-schema.js";
export { fixItem, type FixResult } from "./fix/apply.js";
export { LexiconError, formatProblem, loadLexicon, DEFAULT_LEXICON_DIR, type Lexicon } from "./lexicon/index.js";
export type { LexiconProblem } from "./lexicon/errors.js";
export {
  CATEGORIES,
  CHANNELS,
  SEVERITIES,
  type Account,
  type Candidate,
  type Category,
  type Channel,
  type Decision,
  type ErrorRecord,
  type Evidence,
  type Explanation,
  type Fix,
  type Fragment,
  type Item,
  type Listing,
  type Penalty,
  type PenaltyKind,
  type Severity,
  type Shop,
  type Span,
  type Verdict,
  type Violation,
} from "./types.js";

let shared: Engine | undefined;

/** The engine `review` uses when none is given: made with `createEngine()` on first use. */
export function defaultEngine(): Engine {
  shared ??= createEngine();
  return shared;
}

export interface LibraryReviewOptions extends ReviewOptions {
  /** The engine to use (default: `defaultEngine()`). */
  engine?: Engine;
}

/**
 * One item's verdict. `item` is validated first (the same rules as the CLI
 * and API): an invalid one throws a TypeError naming the field.
 */
export function review(item: Item, opts: LibraryReviewOptions = {}): Verdict {
  const p = parseItem(item);
  if (!p.ok) throw new TypeError(p.error);
  return (opts.engine ?? defaultEngine()).review(p.item, opts);
}
