// Chinese labels for categories, severities, decisions and channels (colours are in style.css, class cat-<id>).
// The one list of them: the terminal reads this file too (src/cli/labels.ts).

export const CATEGORY_NAMES = {
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

export const SEVERITY_NAMES = { minor: "轻微", general: "一般", severe: "严重", extreme: "特别严重" };
export const SEVERITY_RANK = { minor: 0, general: 1, severe: 2, extreme: 3 };

export const DECISIONS = {
  pass: { label: "通过", note: "未发现违规，可以发布" },
  review: { label: "需复核", note: "存在风险表述，建议修改或人工复核后发布" },
  block: { label: "拦截", note: "存在严重违规，修改后再发布" },
};

export const FIELD_NAMES = {
  text: "脚本",
  "listing.title": "商品标题",
  "listing.description": "商品描述",
  "listing.attributes": "商品属性",
};

export function categoryName(id) {
  return CATEGORY_NAMES[id] ?? id;
}

export function fieldName(field) {
  if (FIELD_NAMES[field]) return FIELD_NAMES[field];
  if (field.startsWith("listing.attributes")) return "商品属性";
  if (field.startsWith("listing.sellingPoints")) return "商品卖点";
  if (field.startsWith("listing.shop")) return "店铺信息";
  if (field.startsWith("fragments")) return "字幕片段";
  return field;
}
