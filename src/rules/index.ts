/** The code matchers, in the order they run. */
import { agencyChainRule } from "./agency-chain.js";
import { attributeDenialRule } from "./attribute-denial.js";
import { attributeMismatchRule } from "./attribute-mismatch.js";
import { deliveryRangeRule } from "./delivery-range.js";
import { missingCareRule } from "./missing-care.js";
import { priceRatioRule } from "./price-ratio.js";
import type { Rule } from "./rule.js";

export const RULES: Rule[] = [priceRatioRule, deliveryRangeRule, agencyChainRule, missingCareRule, attributeMismatchRule, attributeDenialRule];
export type { Rule, RuleMeta } from "./rule.js";
