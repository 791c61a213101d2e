/**
 * attribute_mismatch: a spoken or written claim on material, brand, quantity,
 * variety/origin, ingredients or the goods' class (a solid drink called 奶粉) that contradicts the listing's attributes
 * (《抖音小店运营规范》虚假宣传(2); 《抖音电商直播真实宝服务管理规则》2.1; 004 §5.3),
 * one module per aspect, all under the rule id attribute_mismatch.claim-vs-attributes
 * (with the kinds of one raw material, 古树 / 台地茶; the condition of second-hand
 * goods, 九五新 / 八成新; the year, 2006年 / 年份 2019; a figure an attribute holds,
 * 电池健康 82% / 百分之百; the market version or lock state, 美版有锁 / 国行);
 * the goods' colour under attribute_mismatch.color-vs-attributes (004 §5.2(2), §5.3);
 * then what an attribute expressly denies (attribute_mismatch.claim-vs-denial).
 * The word tables are lexicons/attribute_mismatch.yaml `data:`; what the findings
 * cite and say (rule, severity, confidence, suggestion), its `codeRules:`.
 */
import type { Rule } from "../rule.js";
import { brandRule } from "./brand.js";
import { colorRule } from "./color.js";
import { conditionRule } from "./condition.js";
import { attributeDenialRule } from "./denial.js";
import { gradeRule } from "./grade.js";
import { ingredientsRule } from "./ingredients.js";
import { materialRule } from "./material.js";
import { originRule } from "./origin.js";
import { originalPartRule } from "./parts.js";
import { freeRangeRule, grainSpiritRule, wildClaimRule } from "./production.js";
import { productClassRule } from "./product-class.js";
import { numericRule } from "./numeric.js";
import { quantityRule } from "./quantity.js";
import { varietyRule } from "./variety.js";
import { versionRule } from "./version.js";
import { yearRule } from "./year.js";

/** In the order they run (the order of their findings). */
export const ATTRIBUTE_RULES: Rule[] = [
  materialRule,
  originRule,
  wildClaimRule,
  freeRangeRule,
  varietyRule,
  gradeRule,
  quantityRule,
  numericRule,
  brandRule,
  originalPartRule,
  ingredientsRule,
  grainSpiritRule,
  productClassRule,
  conditionRule,
  versionRule,
  yearRule,
  colorRule,
  attributeDenialRule,
];
