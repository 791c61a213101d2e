/** price_fraud: an invented original price far above the selling price (原价六百八 … 今天九块九). */
import type { AnalysisContext } from "../context/context.js";
import { CHINESE_NUMBER_CHARS, NUMBER_CHARS, parsePrice } from "../match/numbers.js";
import { alternation, defineRule, occurrences } from "./rule.js";

/** Original/now ratio from which an original price is implausible. */
export const IMPLAUSIBLE_RATIO = 5;

/** A number with no currency word in it. */
const BARE_NUMBER = new RegExp(`^[${NUMBER_CHARS}]+$`, "u");

const prices = new WeakMap<string[], RegExp>();

/** A price: a number, and a currency word with one more digit after it (九块九), from data `priceUnits`. */
function priceRe(units: string[]): RegExp {
  let re = prices.get(units);
  if (!re) {
    prices.set(units, (re = new RegExp(`[${NUMBER_CHARS}]+(?:(?:${alternation(units, false)})[${NUMBER_CHARS}]?)?`, "gu")));
  }
  return re;
}

interface Price {
  start: number;
  end: number;
  value: number;
}

/**
 * The first price in [from, to) that `accept` takes (any, without it), or undefined: the prices
 * after it are neither cut out nor parsed (a text dense in prices has several in every window).
 * A number never runs across a separator (a field edge, a space). A lone numeral with no
 * currency word before a count word (三位数, 一个模子) counts something and is no price.
 */
function firstPriceIn(ctx: AnalysisContext, PRICE: RegExp, from: number, to: number, countWords: string[] = [], spanWords: string[] = [], accept?: (p: Price) => boolean): Price | undefined {
  const text = ctx.text;
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(PRICE)) {
    const start = from + m.index!;
    const end = ctx.cutAtSeparator(start, start + m[0].length);
    // A lone Chinese numeral with no currency word (孩子一…, 送一…) is said as a price by nobody.
    if (end - start === 1 && (CHINESE_NUMBER_CHARS.includes(text[start]) || countWords.some((w) => text.startsWith(w, end)))) continue;
    // A longer number with no currency word before a span word is a time or a count of times
    // (30天内随时退, 12个月质保), no price.
    if (end - start > 1 && BARE_NUMBER.test(text.slice(start, end)) && spanWords.some((w) => text.startsWith(w, end))) continue;
    const value = parsePrice(text.slice(start, end));
    if (!(Number.isFinite(value) && value > 0)) continue;
    const p = { start, end, value };
    if (!accept || accept(p)) return p;
  }
  return undefined;
}

export const priceRatioRule = defineRule({
  meta: {
    id: "price_fraud.invented-original-price",
    category: "price_fraud",
    description: `an original/reference price at least ${IMPLAUSIBLE_RATIO}x the selling price stated right after it`,
    context: ["negation"],
    data: { originalPriceCues: "list", discountCues: "list", discountAfterCues: "list", priceUnits: "list", countWords: "list", spanWords: "list", replicaTells: "list" },
  },
  check({ ctx, data, report }) {
    const text = ctx.text;
    const PRICE = priceRe(data.list("priceUnits"));
    const discountBefore = data.list("discountCues");
    const discountAfter = data.list("discountAfterCues");
    const countWords = data.list("countWords");
    const replicaTells = data.list("replicaTells");
    /** A discount amount (立减二十, 省五十, 二十元券) is no selling price. */
    const isDiscount = (p: { start: number; end: number }) =>
      discountBefore.some((c) => text.slice(Math.max(0, p.start - c.length), p.start) === c) ||
      discountAfter.some((c) => text.startsWith(c, p.end));
    for (const cue of occurrences(text, data.list("originalPriceCues"))) {
      const orig = firstPriceIn(ctx, PRICE, cue.end, Math.min(text.length, cue.end + 6));
      if (!orig || orig.start - cue.end > 2) continue;
      // 日常价少一百: the number after a reduction word is the saving, not the original price.
      if (orig.start > cue.end && isDiscount(orig)) continue;
      const sentenceEnd = ctx.sentenceEnd(orig.end);
      // The original said again (原价八万八啊八万八, as a host repeats it) is no selling price.
      const now = firstPriceIn(ctx, PRICE, orig.end, Math.min(sentenceEnd + 20, text.length, orig.end + 30), countWords, data.list("spanWords"), (p) => p.start > orig.end && !isDiscount(p) && p.value !== orig.value);
      if (!now) continue;
      const ratio = orig.value / now.value;
      if (ratio >= IMPLAUSIBLE_RATIO) {
        // A replica priced against the genuine one's counter price (A货…专柜价三万，今晚一千二) is a
        // counterfeit finding (its own rule), not an invented original price.
        const around = text.slice(Math.max(0, cue.start - 40), Math.min(text.length, now.end + 40));
        if (replicaTells.some((w) => around.includes(w))) continue;
        report({
          start: cue.start,
          end: now.end,
          term: text.slice(cue.start, now.end),
          steps: [{ step: "price-ratio", effect: 0, note: `original ${orig.value} vs ${now.value}: ${ratio.toFixed(1)}x` }],
        });
      }
    }
  },
});
