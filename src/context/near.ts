import { adjust, cancel, type Step } from "./step.js";

/**
 * Combine rules: an entry with `near` needs a companion cue (selling, appeal,
 * contact…) within its window; a negated cue (今天不卖货) does not count.
 */
export const nearStep: Step = {
  name: "near",
  apply(hit, ctx) {
    const near = hit.entry.near;
    if (!near) return undefined;
    for (const g of near.groups) {
      for (const o of ctx.groupHitsIn(g, hit.start - near.window - 20, hit.end + near.window)) {
        if (o.end > hit.start - near.window && o.start < hit.end + near.window) {
          if (o.start < hit.end && o.end > hit.start) continue; // the hit itself
          if (ctx.negatedAt(o.start)) continue;
          const shown = g.includes(":") ? g.split(":")[1] : g;
          return adjust("near", 0, `with ${shown} cue "${ctx.text.slice(o.start, o.end)}"`);
        }
      }
    }
    return cancel("near", `no ${near.groups.join("/")} cue within ${near.window} characters`);
  },
};
