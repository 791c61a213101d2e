/**
 * Explanations extended by steps, shared by the candidates that ask for the same
 * explanation and added steps (a phrase repeated through a text: 加微信 × 6,000
 * would otherwise get a new explanation object and a new step list per candidate
 * at the blend, the merge and the severity). Explanations and their step lists
 * are never changed once made (src/analyze.ts shares step objects and lists
 * already), so sharing them leaves every verdict as it was: a verdict's JSON
 * holds each one's own copy.
 *
 * The last few made are kept (compared by identity, oldest replaced first): a
 * repeated phrase's candidates come in runs, and a miss costs nothing but the
 * explanation it makes. One memo per item (per call of a scoring stage).
 */
import type { ContextStep, Explanation } from "../types.js";

/** Explanations kept. */
const SLOTS = 8;

export class ExplainMemo {
  private readonly from: Array<Explanation | undefined> = new Array(SLOTS).fill(undefined);
  /** The first and second added step (the second undefined when one was added). */
  private readonly first: Array<ContextStep | undefined> = new Array(SLOTS).fill(undefined);
  private readonly second: Array<ContextStep | undefined> = new Array(SLOTS).fill(undefined);
  private readonly made: Array<Explanation | undefined> = new Array(SLOTS).fill(undefined);
  private next = 0;

  /** `{ ...e, steps: [...e.steps, step] }`, the same object as an earlier call's for the same explanation and step. */
  extend(e: Explanation, step: ContextStep): Explanation {
    for (let k = 0; k < SLOTS; k++) {
      if (this.from[k] === e && this.first[k] === step && this.second[k] === undefined) return this.made[k]!;
    }
    return this.keep(e, step, undefined, { ...e, steps: [...e.steps, step] });
  }

  /** `{ ...e, steps: [...e.steps, ...added] }`, shared like `extend`'s for one or two added steps; `e` itself when none is added. */
  extendAll(e: Explanation, added: readonly ContextStep[]): Explanation {
    // Nothing added: the explanation itself (a copy of it would read the same).
    if (added.length === 0) return e;
    if (added.length === 1) return this.extend(e, added[0]);
    const a = added[0];
    const b = added[1];
    if (added.length === 2) for (let k = 0; k < SLOTS; k++) if (this.from[k] === e && this.first[k] === a && this.second[k] === b) return this.made[k]!;
    const steps = [...e.steps, ...added];
    return added.length === 2 ? this.keep(e, a, b, { ...e, steps }) : { ...e, steps };
  }

  private keep(e: Explanation, a: ContextStep, b: ContextStep | undefined, made: Explanation): Explanation {
    const k = this.next;
    this.next = k + 1 === SLOTS ? 0 : k + 1;
    this.from[k] = e;
    this.first[k] = a;
    this.second[k] = b;
    this.made[k] = made;
    return made;
  }
}
