import { cancel, type Step } from "./step.js";

/** Characters a personal scope (我用过的…) may stand before the comparison it limits. */
const SCOPE_WINDOW = 14;
/** What makes an absolute claim a comparison that a scope can limit. */
const COMPARATIVE = /最|第一|第1/;

/**
 * A comparison limited to the speaker's own experience (我用过的同类产品里最顺手的,
 * 在我试过的几款里排第一) is the scoped wording compliance guides recommend, not an
 * absolute claim. Only comparisons (最, 第一) of the absolute_claim category, and
 * only when the scope stands before them in the same clause.
 */
export const scopeStep: Step = {
  name: "scope",
  apply(hit, ctx) {
    if (hit.entry.category !== "absolute_claim") return undefined;
    if (!COMPARATIVE.test(ctx.text.slice(hit.start, hit.end))) return undefined;
    const from = Math.max(ctx.clauseStart(hit.start), hit.start - SCOPE_WINDOW);
    const c = ctx.cuesEnding("personalScope", from, hit.end).find((c) => c.start >= from && c.start < hit.start);
    if (c) return cancel("scope", `a comparison scoped to the speaker's own experience by "${ctx.text.slice(c.start, c.end)}"`);
    return undefined;
  },
};
