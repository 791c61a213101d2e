/** Chinese labels for the terminal, the same words as the review page's web/labels.js (a test keeps them equal). */
import type { Category, Decision, Severity } from "../types.js";

export const CATEGORY_NAMES: Record<Category, string> = {
  absolute_claim: "绝对化用语",
  false_efficacy: "夸大功效",
  price_fraud: "价格违规",
  fake_promotion: "虚假活动",
  sob_story: "卖惨营销",
  charity_misuse: "虚假公益",
  hot_event_marketing: "蹭热点营销",
  fake_news_scene: "仿冒新闻场景",
  impersonation: "仿冒政务媒体",
  private_trade: "引导私下交易",
  bad_values: "不良价值观",
  counterfeit: "假冒仿制",
  prohibited_goods: "违禁商品",
  attribute_mismatch: "商品信息不一致",
  missing_disclosure: "必要信息缺失",
  retail_rule: "即时零售规范",
};

export const SEVERITY_NAMES: Record<Severity, string> = { minor: "轻微", general: "一般", severe: "严重", extreme: "特别严重" };

export const DECISION_NAMES: Record<Decision, string> = { pass: "通过", review: "需复核", block: "拦截" };

/** `绝对化用语 absolute_claim`; an id without a label stays as it is. */
export function categoryLabel(id: string): string {
  const zh = (CATEGORY_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id}` : id;
}

export function severityLabel(id: string): string {
  const zh = (SEVERITY_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id}` : id;
}

export function decisionLabel(id: string): string {
  const zh = (DECISION_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id.toUpperCase()}` : id.toUpperCase();
}
