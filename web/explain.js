// The "why" of a violation and the penalties a verdict carries, in Chinese, from the verdict's
// structured fields (explain.variant, explain.steps[].step / effect / evidence, penalties[].kind …).

const VARIANTS = {
  exact: "原词命中",
  variant: "变体写法命中（繁体、全角、拆字、谐音字等归一后）",
  pinyin: "拼音或谐音命中",
  fuzzy: "近似写法命中（与词库词相差一字）",
  pattern: "句式命中",
  rule: "规则核对",
};

const RULE_STEPS = {
  material: "材质",
  origin: "产地",
  variety: "品种",
  quantity: "数量 / 规格",
  brand: "品牌",
  ingredients: "成分",
  color: "颜色",
  condition: "成色",
  year: "年份",
  "delivery-range": "配送范围超过 20 公里",
  "price-ratio": "原价与现价相差悬殊，疑似虚构原价",
  "shop-model": "代运营门店宣称连锁 / 加盟",
  care: "鲜活商品未说明养护方法",
};

const CONTEXT_STEPS = {
  classifier: "上下文模型判断为宣传表述",
  near: "附近有引导下单等配合用语",
  boundary: "词语边界",
  separators: "字间有分隔符号",
  merge: "与同类相邻命中合并",
  severity: "严重程度调整",
};

/** Lines describing how a violation was found (no English notes). */
export function evidenceLines(v) {
  const ex = v.explain;
  if (!ex) return [];
  const out = [];
  const how = VARIANTS[ex.variant] ?? ex.variant;
  if (ex.variant === "rule") {
    const s = ex.steps?.find((x) => RULE_STEPS[x.step]);
    out.push(s ? `${how}：${RULE_STEPS[s.step]}` : how);
  } else if (ex.variant === "exact" || ex.variant === "pattern") {
    out.push(`${how}：“${v.matched}”`);
  } else {
    out.push(`${how}：原文“${v.matched}”，按“${v.term}”处理`);
  }
  for (const s of ex.steps ?? []) {
    const label = CONTEXT_STEPS[s.step];
    if (!label || s.step === "merge") continue;
    if (typeof s.effect === "number" && s.effect !== 0) out.push(`${label}（置信度 ${s.effect > 0 ? "+" : ""}${Math.round(s.effect * 100)}%）`);
  }
  const merged = (ex.steps ?? []).filter((s) => s.step === "merge").length;
  if (merged) out.push(`同一位置另有 ${merged} 处同类命中，已合并为此条`);
  return out;
}

/**
 * The claim and the listing attributes side by side, for cross-field findings; null otherwise.
 * From the violation's typed evidence (there even when explanations are left out); from an
 * explanation step for verdicts written before it.
 */
export function attributeEvidence(v) {
  if (v.evidence) {
    const aspect = v.evidence.aspect ? (RULE_STEPS[v.evidence.aspect] ?? v.evidence.aspect) : "属性明示不含";
    return { aspect, claim: v.matched || v.evidence.claim, listing: v.evidence.listing ?? [] };
  }
  const s = v.explain?.steps?.find((x) => x.evidence);
  if (!s) return null;
  return { aspect: RULE_STEPS[s.step] ?? s.step, claim: v.matched || s.evidence.claim, listing: s.evidence.listing ?? [] };
}

const yuan = (n) => `${Number(n).toLocaleString("zh-CN")} 元`;

/** One penalty in Chinese. */
export function penaltyText(p) {
  switch (p.kind) {
    case "deposit":
      return `扣保证金 ${yuan(p.amount)}`;
    case "whole_deposit":
      return "扣除全部保证金";
    case "proceeds":
      return "扣除违规所得货款";
    case "credit_points":
      return `扣 ${p.points} 分（商家信用分）`;
    case "points_waived":
      return `新手保护：免扣 ${p.points} 分`;
    case "product_ban":
      return "商品封禁";
    case "correction_report":
      return "需提交整改报告";
    case "suspension":
      return "停业整顿";
    case "clearance":
      return p.node ? `信用分扣满 ${p.node} 分：清退` : "清退";
    case "exam_reversible":
      return "新手考试按时通过可撤销";
    case "compensable":
      return `真实宝：买家可获赔，最高 ${yuan(p.amount)}`;
    default:
      return p.kind;
  }
}

/** The penalties of one violation (by id), the superseded ones last. */
export function penaltiesFor(verdict, v) {
  const ps = (verdict?.penalties ?? []).filter((p) => v.id && (p.violationIds ?? []).includes(v.id));
  return [...ps.filter((p) => !p.superseded), ...ps.filter((p) => p.superseded)];
}

/** Totals over the verdict's standing penalties: points and yuan (whole deposit / clearance noted). */
export function penaltyTotals(verdict) {
  const ps = (verdict?.penalties ?? []).filter((p) => !p.superseded && !p.withdrawn);
  const points = ps.filter((p) => p.kind === "credit_points").reduce((n, p) => n + (p.points ?? 0), 0);
  const deposit = ps.filter((p) => p.kind === "deposit").reduce((n, p) => n + (p.amount ?? 0), 0);
  return {
    points,
    deposit,
    wholeDeposit: ps.some((p) => p.kind === "whole_deposit"),
    clearance: ps.some((p) => p.kind === "clearance"),
    ban: ps.some((p) => p.kind === "product_ban"),
  };
}

/** Below this confidence a severe finding is a suspicion for a person to confirm (the policy's block line). */
export const SURE_CONFIDENCE = 0.8;

/** The severity as shown on a card: a severe finding the engine is not sure of says so. */
export function severityShown(v, decision) {
  const names = { minor: "轻微", general: "一般", severe: "严重", extreme: "特别严重" };
  const name = names[v.severity] ?? v.severity;
  const grave = v.severity === "severe" || v.severity === "extreme";
  if (grave && v.confidence < SURE_CONFIDENCE) {
    return {
      label: `疑似${name}`,
      note: `置信度 ${Math.round(v.confidence * 100)}%，把握不足，需人工复核；如属实，按${name}违规处理`,
      tentative: true,
    };
  }
  if (grave && decision === "review") return { label: name, note: "此类内容在本渠道先提醒、复核后处理", tentative: false };
  return { label: name, note: "", tentative: false };
}
