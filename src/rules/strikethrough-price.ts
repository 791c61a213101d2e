/**
 * price_fraud: a listing whose strikethrough (划线) price attribute is many times
 * its selling price attribute (price: 1, strikethroughPrice: 5250): a reference
 * price no one paid, 001 虚假宣传(6). The text's 原价…今天… pairs are
 * price-ratio.ts; the attributes are read here. Keys are matched as written
 * (case-insensitive); `strikethroughKeys` are tried before `sellingPriceKeys`,
 * so a key such as strikethroughPrice is never read as the selling price.
 * A listing that says why it is sold so far below its old price (`strikethroughReasons`: 临期, 残次,
 * 样品) is a clearance, not a reference price no one paid.
 * Reads `sellingPriceKeys`, `strikethroughKeys`, `amountMarks`, `strikethroughReasons` of lexicons/price_fraud.yaml.
 */
import { stringifyValue } from "./attributes.js";
import { occurrences, perLexicon, type SharedData } from "./rule.js";
import { IMPLAUSIBLE_RATIO } from "./price-ratio.js";
import { defineRule } from "./rule.js";

/** A plain amount once its currency marks (data `amountMarks`) are taken off (5250, 99.9). */
const AMOUNT = /^(\d{1,9}(?:\.\d{1,2})?)$/u;

function amount(v: unknown, marks: readonly string[]): number | undefined {
  let t = stringifyValue(v).trim();
  for (const m of marks) t = t.split(m).join("");
  const m = AMOUNT.exec(t.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const DATA = { sellingPriceKeys: "rawList", strikethroughKeys: "rawList", amountMarks: "rawList", strikethroughReasons: "list" } as const;

/** The two key lists in lower case, once per lexicon (keys are matched as written, any case). */
const keyTables = perLexicon((data: SharedData<typeof DATA>) => ({
  strike: data.rawList("strikethroughKeys").map((k) => k.toLowerCase()),
  selling: data.rawList("sellingPriceKeys").map((k) => k.toLowerCase()),
}));

export const strikethroughPriceRule = defineRule({
  meta: {
    id: "price_fraud.strikethrough-attribute",
    category: "price_fraud",
    description: "a listing's strikethrough price attribute many times its selling price attribute",
    values: { IMPLAUSIBLE_RATIO },
    data: DATA,
  },
  check({ ctx, data, report }) {
    const attrs = ctx.doc.item.listing?.attributes;
    if (!attrs || typeof attrs !== "object") return;
    const { strike, selling } = keyTables(data);
    const marks = data.rawList("amountMarks");
    let was: { key: string; value: number; raw: string } | undefined;
    let now: { key: string; value: number } | undefined;
    for (const [key, v] of Object.entries(attrs)) {
      const k = key.toLowerCase().trim();
      const value = amount(v, marks);
      if (value === undefined) continue;
      if (strike.includes(k)) was ??= { key, value, raw: stringifyValue(v) };
      else if (selling.includes(k)) now ??= { key, value };
    }
    if (!was || !now || was.value < now.value * IMPLAUSIBLE_RATIO) return;
    if (occurrences(ctx.text, data.list("strikethroughReasons")).length) return;
    report({
      start: 0,
      end: 0,
      term: was.raw,
      span: { field: `listing.attributes.${was.key}`, start: 0, end: was.raw.length, text: was.raw },
      steps: [{ step: "strikethrough-price", effect: 0, note: `${was.key} ${was.value} is ${Math.round(was.value / now.value)}× ${now.key} ${now.value}` }],
    });
  },
});
