/** retail_rule: a 代运营 shop calling itself 连锁/加盟 (004 §7.5). */
import { normalize } from "../normalize/normalize.js";
import { defineRule, occurrences } from "./rule.js";

export const agencyChainRule = defineRule({
  meta: {
    id: "retail_rule.agency-chain-claim",
    category: "retail_rule",
    description: "the shop is run by an agency (listing.shop.model, or said in the text) while the text claims a chain or franchise",
    // a viewer's question answered no (是不是加盟店？不是) claims nothing
    context: ["negation", "refusal"],
    data: { agencyModels: "list", selfCues: "list", compliantWording: "list", chainClaims: "list" },
  },
  check({ ctx, data, report }) {
    // Every finding is a chain claim: with none in the text there is nothing to look for.
    const claims = occurrences(ctx.text, data.list("chainClaims"));
    if (claims.length === 0) return;
    const agency = data.list("agencyModels");
    const field = ctx.doc.item.listing?.shop?.model;
    let model: string | undefined;
    if (typeof field === "string") {
      const m = normalize(field, ctx.lex.variants).text;
      if (agency.some((a) => m.includes(a))) model = field;
    }
    // The operating model stated in the text itself (我们这家是代运营的门店).
    if (model === undefined) {
      const self = occurrences(ctx.text, data.list("selfCues"));
      const said = occurrences(ctx.text, agency).find(
        (a) => !ctx.negatedAt(a.start) && self.some((c) => c.end <= a.start && a.start - c.end <= 8 && c.start >= ctx.sentenceStart(a.start)),
      );
      if (said) model = said.term;
    }
    if (model === undefined) return;
    const compliant = occurrences(ctx.text, data.list("compliantWording"));
    for (const c of claims) {
      if (compliant.some((w) => w.start < c.end && w.end > c.start)) continue;
      report({
        start: c.start,
        end: c.end,
        term: c.term,
        steps: [{ step: "shop-model", effect: 0, note: `shop model "${model}" claims "${c.term}"` }],
      });
    }
  },
});
