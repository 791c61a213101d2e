/** retail_rule: a 代运营 shop calling itself 连锁/加盟 (004 §7.5). */
import { normalize } from "../normalize/normalize.js";
import { list, occurrences, type Rule } from "./rule.js";

export const agencyChainRule: Rule = {
  meta: {
    id: "retail_rule.agency-chain-claim",
    category: "retail_rule",
    rule: "《【即时零售】鲜花行业管理规范》7.5 代运营门店不得宣称连锁/加盟",
    severity: "general",
    confidence: 0.85,
    suggestion: "代运营门店请使用“品牌合作门店”的表述",
    fix: { delete: "clause" },
    description: "listing.shop.model is an agency model while the text claims a chain or franchise",
  },
  check({ ctx, data, report }) {
    const model = ctx.doc.item.listing?.shop?.model;
    if (typeof model !== "string") return;
    const m = normalize(model, ctx.lex.variants).text;
    const agency = list(data, "agencyModels");
    if (!(agency.length ? agency : ["代运营"]).some((a) => m.includes(a))) return;
    const compliant = occurrences(ctx.text, list(data, "compliantWording"));
    for (const c of occurrences(ctx.text, list(data, "chainClaims"))) {
      if (ctx.negatedAt(c.start)) continue;
      if (compliant.some((w) => w.start < c.end && w.end > c.start)) continue;
      report({
        start: c.start,
        end: c.end,
        term: c.term,
        steps: [{ step: "shop-model", effect: 0, note: `shop model "${model}" claims "${c.term}"` }],
      });
    }
  },
};
