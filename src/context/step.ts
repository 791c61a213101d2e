/** A context step looks at one hit and may cancel it or move its confidence. */
import type { RawHit } from "../match/hits.js";
import type { ContextStep } from "../types.js";
import type { AnalysisContext } from "./context.js";

export interface Step {
  name: string;
  /** Returns a record of what it did, or undefined when it does not apply. */
  apply(hit: RawHit, ctx: AnalysisContext): ContextStep | undefined;
}

/**
 * A step that reads only where the hit is, not which entry made it: code rules'
 * findings go through it too (src/rules/rule.ts `RULE_CONTEXT_STEPS`).
 */
export interface RangeStep extends Step {
  apply(at: { start: number; end: number }, ctx: AnalysisContext): ContextStep | undefined;
}

export const cancel = (step: string, note: string): ContextStep => ({ step, effect: "cancel", note });
export const adjust = (step: string, effect: number, note: string): ContextStep => ({ step, effect, note });
