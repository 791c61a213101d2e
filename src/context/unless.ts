import { cancel, type Step } from "./step.js";

/** Item-wide cancellers (爱心好物 cancels a charity hit anywhere in the item). */
export const unlessStep: Step = {
  name: "unless",
  apply(hit, ctx) {
    if (hit.entry.unless.length === 0) return undefined;
    // The same for every hit of the entry in this item: looked up once per entry and item.
    const u = ctx.memo(`unless:${hit.entry.id}`, () => hit.entry.unless.find((x) => ctx.text.includes(x)) ?? null);
    return u === null ? undefined : cancel("unless", `item mentions "${u}"`);
  },
};
