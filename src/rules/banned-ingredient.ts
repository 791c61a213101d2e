/**
 * prohibited_goods: a listing whose attributes name a banned drug among the
 * goods' ingredients (成分: 含西布曲明; 配料: …酚酞…) — a food or "slimming candy"
 * that carries a drug is a prohibited good (001 发布违禁商品: 药品类), whatever
 * its title says. Term entries read the title, description and speech; the
 * attributes are read here. A value that denies it (不含西布曲明, 西布曲明未检出)
 * names no ingredient. Reads `bannedIngredients`, `ingredientDenyBefore`,
 * `ingredientDenyAfter` of lexicons/prohibited_goods.yaml.
 */
import { stringifyValue } from "./attributes.js";
import { defineRule } from "./rule.js";

export const bannedIngredientRule = defineRule({
  meta: {
    id: "prohibited_goods.banned-ingredient-attribute",
    category: "prohibited_goods",
    description: "a listing attribute that names a banned drug among the goods' ingredients",
    data: { bannedIngredients: "rawList", ingredientDenyBefore: "rawList", ingredientDenyAfter: "rawList" },
  },
  check({ ctx, data, report }) {
    const attrs = ctx.doc.item.listing?.attributes;
    if (!attrs || typeof attrs !== "object") return;
    const banned = data.rawList("bannedIngredients");
    const before = data.rawList("ingredientDenyBefore");
    const after = data.rawList("ingredientDenyAfter");
    for (const [key, v] of Object.entries(attrs)) {
      const raw = stringifyValue(v);
      for (const b of banned) {
        for (let at = raw.indexOf(b); at >= 0; at = raw.indexOf(b, at + b.length)) {
          const lead = raw.slice(Math.max(0, at - 6), at);
          const tail = raw.slice(at + b.length, at + b.length + 6).replace(/^[\s:：]+/u, "");
          if (before.some((w) => lead.endsWith(w)) || after.some((w) => tail.startsWith(w))) continue;
          report({
            start: 0,
            end: 0,
            term: b,
            span: { field: `listing.attributes.${key}`, start: at, end: at + b.length, text: b },
            steps: [{ step: "banned-ingredient", effect: 0, note: `attribute ${key}: "${raw.slice(0, 40)}" names the banned drug ${b}` }],
          });
          return;
        }
      }
    }
  },
});
