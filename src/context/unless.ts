import { cancel, type Step } from "./step.js";

/** Item-wide cancellers (爱心好物 cancels a charity hit anywhere in the item). */
export const unlessStep: Step = {
  name: "unless",
  apply(hit, ctx) {
    for (const u of hit.entry.unless) {
      if (ctx.text.includes(u)) return cancel("unless", `item mentions "${u}"`);
    }
    return undefined;
  },
};
