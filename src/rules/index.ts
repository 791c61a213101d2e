/** The code matchers, in the order they run. */
import { agencyChainRule } from "./agency-chain.js";
import { bannedIngredientRule } from "./banned-ingredient.js";
import { ATTRIBUTE_RULES } from "./attribute/index.js";
import { deliveryRangeRule } from "./delivery-range.js";
import { missingCareRule } from "./missing-care.js";
import { priceRatioRule } from "./price-ratio.js";
import { strikethroughPriceRule } from "./strikethrough-price.js";
import type { Rule } from "./rule.js";

export const RULES: Rule[] = [priceRatioRule, deliveryRangeRule, agencyChainRule, missingCareRule, bannedIngredientRule, strikethroughPriceRule, ...ATTRIBUTE_RULES];
export type { Rule, RuleMeta } from "./rule.js";
