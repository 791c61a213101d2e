/**
 * A rule tester in the manner of textlint's: each invalid case lists every
 * finding of the rule it must produce — rule id, the words it rests on (`span`,
 * with its field and start when given), and its suggestion and fix when given —
 * and each valid case produces none. Counting and order matter: a rule that
 * reports the right words and also wrong ones fails.
 */
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine.js";
import type { Item, Violation } from "../../src/types.js";

export interface ExpectedFinding {
  /** The rule id; default: the rule under test. */
  ruleId?: string;
  /** The original words the finding rests on (`violation.matched`). */
  span: string;
  field?: string;
  start?: number;
  suggestion?: string;
  /** The fix's replacement text; null: no fix. */
  fix?: string | null;
}

export interface RuleCases {
  valid: Item[];
  invalid: Array<{ item: Item; errors: ExpectedFinding[] }>;
}

/** A finding as the tester compares it, cut to the fields the expectation names. */
function shape(v: Violation, e: ExpectedFinding): ExpectedFinding {
  const out: ExpectedFinding = { ruleId: v.ruleId, span: v.matched };
  if (e.field !== undefined) out.field = v.field;
  if (e.start !== undefined) out.start = v.start;
  if (e.suggestion !== undefined) out.suggestion = v.suggestion;
  if (e.fix !== undefined) out.fix = v.fix?.text ?? null;
  return out;
}

/** The findings of rule `ruleId` on an item (other rules' findings are not the tester's business). */
export function findings(engine: Engine, ruleId: string, item: Item): Violation[] {
  return engine.review(item).violations.filter((v) => v.ruleId === ruleId);
}

export function testRule(engine: () => Engine, ruleId: string, cases: RuleCases): void {
  describe(ruleId, () => {
    it.each(cases.valid.map((i) => [JSON.stringify(i), i] as const))("valid: %s", (_s, item) => {
      expect(findings(engine(), ruleId, item).map((v) => v.matched)).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [JSON.stringify(c.item), c] as const))("invalid: %s", (_s, c) => {
      const got = findings(engine(), ruleId, c.item);
      const want = c.errors.map((e) => ({ ruleId, ...e }));
      expect(got.map((v, i) => shape(v, want[i] ?? { span: "" }))).toEqual(want);
    });
  });
}
