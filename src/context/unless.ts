import type { AnalysisContext } from "./context.js";
import { cancel, type Step } from "./step.js";

/** Per item (its context), per entry id: the first of the entry's cancellers the item mentions, or null. */
const mentioned = new WeakMap<AnalysisContext, Map<string, string | null>>();

/** Item-wide cancellers (爱心好物 cancels a charity hit anywhere in the item). */
export const unlessStep: Step = {
  name: "unless",
  apply(hit, ctx) {
    if (hit.entry.unless.length === 0) return undefined;
    // The same for every hit of the entry in this item: looked up once per entry and item
    // (by the entry's id itself: no key string or closure per hit, which a dense text has thousands of).
    let byEntry = mentioned.get(ctx);
    if (!byEntry) mentioned.set(ctx, (byEntry = new Map()));
    let u = byEntry.get(hit.entry.id);
    if (u === undefined) byEntry.set(hit.entry.id, (u = hit.entry.unless.find((x) => ctx.text.includes(x)) ?? null));
    return u === null ? undefined : cancel("unless", `item mentions "${u}"`);
  },
};
