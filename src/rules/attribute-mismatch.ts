/**
 * attribute_mismatch: a spoken or written claim on material, brand, quantity,
 * variety/origin or ingredients that contradicts the listing's attributes
 * (《抖音小店运营规范》虚假宣传(2); 《抖音电商直播真实宝服务管理规则》2.1; 004 §5.3).
 */
import type { AnalysisContext } from "../context/context.js";
import { NUMBER_CHARS, parseNumber } from "../match/numbers.js";
import { readAttributes, EMPTY_VALUES, type Attr } from "./attributes.js";
import { list, occurrences, record, type Rule, type RuleContext, type RuleReport } from "./rule.js";

const PROVINCES = new Set([
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
  "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
  "宁夏", "新疆", "香港", "澳门",
]);

/** Words around a place name that make it a shipping note, not an origin claim. */
const SHIPPING = ["欢迎", "除外", "不发", "不包邮", "包邮", "偏远", "快递", "发往", "寄往", "不配送", "运费", "发货地", "仓发"];
/** Words that make a brand mention a comparison, not a claim. */
const ASSERT_BEFORE = ["是", "正品", "正宗", "原装", "官方", "专柜", "正版", "官网"];
const ASSERT_AFTER = ["正品", "官方", "原装", "专柜", "出品", "的货", "的正品", "旗舰"];
const PURE_PREFIX = ["纯", "全", "足", "100%", "百分百"];
const TOTAL_BEFORE = ["一共", "总共", "共", "整整", "足足", "一箱", "一盒", "一包"];
/** Words before a number that make it a capacity or limit, not the content (最大承重150kg). */
const LIMIT_BEFORE = ["承重", "载重", "承受", "耐重", "负重", "限重", "可承", "可装", "能装", "容纳", "适用", "适合", "建议"];
/** Words just before a bare magnitude (几万斤, 上千个) that make it vague, not a count. */
const VAGUE_BEFORE = ["几", "数", "上", "成", "好几", "近", "约"];
const NOT_TOTAL_BEFORE = ["第", "每", "前", "满", "买", "送", "再", "加", "多", "少", "差", "剩", "仅剩", "还剩", "换"];

function unit(u: string): string {
  const map: Record<string, string> = { 克: "g", 千克: "kg", 公斤: "kg", 毫升: "ml", 升: "l" };
  return map[u] ?? u;
}

function has(values: Attr[], term: string): boolean {
  return values.some((a) => a.value.includes(term));
}

type Report = (r: RuleReport) => void;

interface Tables {
  famOf: Map<string, string>;
  famTerms: string[];
  claimTerms: string[];
  /** claimTerms plus compounds that contain a material word but claim none (薅羊毛, 牛皮纸). */
  materialScan: string[];
  materialNot: Set<string>;
  placeScan: string[];
  placeNot: Set<string>;
  /** Brand names (2+ chars) and their aliases, and each one's canonical name. */
  brandTerms: string[];
  brandOf: Map<string, string>;
  sugarScan: string[];
  sugarNot: Set<string>;
  region: Map<string, string>;
  placeNames: string[];
  produceOf: Map<string, string>;
  varietyNames: string[];
  /** A number followed by a quantity unit. */
  quantity?: RegExp;
}

const tableCache = new WeakMap<object, Tables>();

/** Lookup tables derived from the category's data, built once per lexicon. */
function tables(data: RuleContext["data"]): Tables {
  let t = tableCache.get(data);
  if (t) return t;
  const famOf = new Map<string, string>();
  for (const [fam, terms] of Object.entries(record(data, "materials"))) for (const x of terms) if (!famOf.has(x)) famOf.set(x, fam);
  const region = new Map<string, string>();
  for (const [reg, names] of Object.entries(record(data, "places"))) {
    region.set(reg, reg);
    for (const n of names) if (!region.has(n)) region.set(n, reg);
  }
  for (const p of PROVINCES) if (!region.has(p)) region.set(p, p);
  const produceOf = new Map<string, string>();
  for (const [produce, names] of Object.entries(record(data, "varieties"))) for (const n of names) if (!produceOf.has(n)) produceOf.set(n, produce);
  const claimTerms = [...famOf.keys()].filter((x) => x.length > 1);
  const placeNames = [...region.keys()].filter((n) => n.length > 1);
  const materialNot = new Set(list(data, "materialNotClaims"));
  const placeNot = new Set(list(data, "placeNotClaims"));
  const sugarNot = new Set(list(data, "sugarNotTerms"));
  const brandOf = new Map<string, string>();
  for (const b of list(data, "brands")) if (b.length > 1) brandOf.set(b, b);
  for (const [b, aliases] of Object.entries(record(data, "brandAliases"))) {
    brandOf.set(b, b);
    for (const a of aliases) if (a.length > 1) brandOf.set(a, b);
  }
  t = {
    famOf,
    famTerms: [...famOf.keys()],
    claimTerms,
    materialScan: [...claimTerms, ...materialNot],
    materialNot,
    placeScan: [...placeNames, ...placeNot],
    placeNot,
    brandTerms: [...brandOf.keys()],
    brandOf,
    sugarScan: [...list(data, "sugarTerms"), ...sugarNot],
    sugarNot,
    region,
    placeNames,
    produceOf,
    varietyNames: [...produceOf.keys()].filter((n) => n.length > 1),
  };
  const units = list(data, "quantityUnits");
  if (units.length) {
    const alt = [...units].sort((a, b) => b.length - a.length).map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    t.quantity = new RegExp(`([${NUMBER_CHARS}]+)(${alt})`, "gu");
  }
  tableCache.set(data, t);
  return t;
}

function claimOk(ctx: AnalysisContext, start: number): boolean {
  return !ctx.negatedAt(start);
}

function checkMaterial(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const { famOf, famTerms, claimTerms, materialScan, materialNot } = tables(data);
  const material = attrs.filter((a) => a.kind === "material" || (a.kind === "other" && occurrences(a.value, claimTerms).length > 0));
  if (material.length === 0) return;
  const attrFams = new Set<string>();
  for (const a of material) for (const o of occurrences(a.value, famTerms)) attrFams.add(famOf.get(o.term)!);
  if (attrFams.size === 0) return;
  for (const c of occurrences(ctx.text, materialScan)) {
    if (materialNot.has(c.term) || !claimOk(ctx, c.start)) continue;
    const fam = famOf.get(c.term)!;
    const before = ctx.text.slice(Math.max(0, c.start - 4), c.start);
    const after = ctx.text.slice(c.end, c.end + 4);
    const pure = PURE_PREFIX.some((p) => c.term.startsWith(p) || before.endsWith(p)) || after.startsWith("100%");
    let why: string | undefined;
    if (!attrFams.has(fam)) why = `claims ${c.term} (${fam}); listing material is ${material.map((a) => a.raw).join(" / ")}`;
    else if (pure && attrFams.size > 1) why = `claims pure ${c.term}; listing material is a blend: ${material.map((a) => a.raw).join(" / ")}`;
    if (why) report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "material", effect: 0, note: why }] });
  }
}

function checkOrigin(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const { region, placeNames: names, placeScan, placeNot } = tables(data);
  const origin = attrs.filter((a) => a.kind === "origin");
  const originRegions = new Set<string>();
  for (const a of origin) for (const o of occurrences(a.value, names)) originRegions.add(region.get(o.term)!);
  if (originRegions.size === 0) return;
  for (const c of occurrences(ctx.text, placeScan)) {
    if (placeNot.has(c.term) || !claimOk(ctx, c.start)) continue;
    if (has(attrs, c.term)) continue;
    const clause = ctx.text.slice(ctx.clauseStart(c.start), ctx.clauseEnd(c.end - 1));
    if (SHIPPING.some((s) => clause.includes(s))) continue;
    const reg = region.get(c.term)!;
    if (originRegions.has(reg)) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "origin", effect: 0, note: `claims ${c.term} (${reg}); listing origin is ${origin.map((a) => a.raw).join(" / ")}` }] });
  }
  const domestic = [...originRegions].every((r) => PROVINCES.has(r));
  if (domestic) {
    for (const c of occurrences(ctx.text, list(data, "importCues"))) {
      if (!claimOk(ctx, c.start)) continue;
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "origin", effect: 0, note: `claims ${c.term}; listing origin is domestic: ${origin.map((a) => a.raw).join(" / ")}` }] });
    }
  }
}

function checkVariety(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const variety = attrs.filter((a) => a.kind === "variety");
  if (variety.length === 0) return;
  const { produceOf, varietyNames: names } = tables(data);
  const attrProduce = new Set<string>();
  for (const a of variety) for (const o of occurrences(a.value, names)) attrProduce.add(produceOf.get(o.term)!);
  for (const c of occurrences(ctx.text, names)) {
    if (!claimOk(ctx, c.start) || has(variety, c.term)) continue;
    const produce = produceOf.get(c.term)!;
    if (!attrProduce.has(produce)) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "variety", effect: 0, note: `claims variety ${c.term}; listing variety is ${variety.map((a) => a.raw).join(" / ")}` }] });
  }
}

function checkQuantity(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const re = tables(data).quantity;
  if (!re) return;
  const known = new Map<string, number[]>();
  for (const a of attrs.filter((a) => a.kind === "quantity")) {
    for (const m of a.value.matchAll(re)) {
      const v = parseNumber(m[1]);
      if (Number.isFinite(v)) known.set(unit(m[2]), [...(known.get(unit(m[2])) ?? []), v]);
    }
  }
  if (known.size === 0) return;
  for (const m of ctx.text.matchAll(re)) {
    if (ctx.cutAtSeparator(m.index!, m.index! + m[1].length) < m.index! + m[1].length) continue;
    const v = parseNumber(m[1]);
    const u = unit(m[2]);
    const attrValues = known.get(u);
    if (!attrValues || !Number.isFinite(v) || attrValues.includes(v)) continue;
    const start = m.index!;
    const before = ctx.text.slice(Math.max(0, start - 3), start);
    if (NOT_TOTAL_BEFORE.some((w) => before.endsWith(w))) continue;
    if (/^[十百千万亿]+$/u.test(m[1]) && m[1] !== "十" && VAGUE_BEFORE.some((w) => before.endsWith(w))) continue;
    const clauseBefore = ctx.text.slice(Math.max(ctx.clauseStart(start), start - 8), start);
    if (LIMIT_BEFORE.some((w) => clauseBefore.includes(w))) continue;
    if (ctx.text.startsWith("以上", start + m[0].length) || ctx.text.startsWith("左右", start + m[0].length)) continue;
    const total = TOTAL_BEFORE.some((w) => before.endsWith(w));
    if (!(total || v > Math.max(...attrValues))) continue;
    if (!claimOk(ctx, start)) continue;
    report({ start, end: start + m[0].length, term: m[0], steps: [{ step: "quantity", effect: 0, note: `claims ${m[0]}; listing says ${attrValues.join("/")}${u}` }] });
  }
}

function checkBrand(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const brandAttrs = attrs.filter((a) => a.kind === "brand" && !EMPTY_VALUES.has(a.value));
  if (brandAttrs.length === 0) return;
  const { brandTerms, brandOf } = tables(data);
  const listed = new Set<string>();
  for (const a of brandAttrs) for (const o of occurrences(a.value, brandTerms)) listed.add(brandOf.get(o.term)!);
  for (const c of occurrences(ctx.text, brandTerms)) {
    if (!claimOk(ctx, c.start)) continue;
    if (listed.has(brandOf.get(c.term)!)) continue;
    if (brandAttrs.some((a) => a.value.includes(c.term) || c.term.includes(a.value))) continue;
    const before = ctx.text.slice(Math.max(0, c.start - 3), c.start);
    const after = ctx.text.slice(c.end, c.end + 3);
    if (!ASSERT_BEFORE.some((w) => before.endsWith(w)) && !ASSERT_AFTER.some((w) => after.startsWith(w))) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "brand", effect: 0, note: `claims brand ${c.term}; listing brand is ${brandAttrs.map((a) => a.raw).join(" / ")}` }] });
  }
}

function checkIngredients(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const ingr = attrs.filter((a) => a.kind === "ingredients");
  if (ingr.length === 0) return;
  const value = ingr.map((a) => a.value).join("、");
  const { sugarScan, sugarNot } = tables(data);
  const sugar = occurrences(value, sugarScan).filter((o) => !sugarNot.has(o.term));
  const additives = occurrences(value, list(data, "additiveTerms"));
  if (sugar.length) {
    for (const c of occurrences(ctx.text, list(data, "noSugarClaims"))) {
      if (!claimOk(ctx, c.start)) continue;
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "ingredients", effect: 0, note: `claims ${c.term}; ingredients list ${sugar.map((s) => s.term).join("、")}` }] });
    }
  }
  if (additives.length) {
    for (const c of occurrences(ctx.text, list(data, "pureClaims"))) {
      if (!claimOk(ctx, c.start)) continue;
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "ingredients", effect: 0, note: `claims ${c.term}; ingredients list ${additives.map((s) => s.term).join("、")}` }] });
    }
  }
  // "生牛乳100%" while the list names other ingredients.
  const items = ingr.flatMap((a) => a.raw.split(/[、,，;；\s]+/)).filter(Boolean);
  if (items.length > 1) {
    for (const m of ctx.text.matchAll(/100%/g)) {
      const around = ctx.text.slice(Math.max(0, m.index! - 4), m.index! + 8);
      const ing = items.map((i) => i.slice(0, 3)).find((i) => around.includes(i));
      if (!ing || !claimOk(ctx, m.index!)) continue;
      report({ start: m.index!, end: m.index! + 4, term: "100%", steps: [{ step: "ingredients", effect: 0, note: `claims 100% ${ing}; ingredients list ${items.length} items` }] });
    }
  }
}

export const attributeMismatchRule: Rule = {
  meta: {
    id: "attribute_mismatch.claim-vs-attributes",
    category: "attribute_mismatch",
    rule: "《抖音小店运营规范》虚假宣传(2) 商品关键信息不一致；《抖音电商直播真实宝服务管理规则》2.1",
    severity: "general",
    confidence: 0.8,
    suggestion: "按商品属性如实描述材质、品牌、数量、品种/产地和成分",
    description: "material, brand, quantity, variety/origin or ingredient claims checked against listing.attributes",
  },
  check({ ctx, data, report }) {
    const attrs = readAttributes(ctx.doc.item.listing?.attributes as Record<string, unknown> | undefined, ctx.lex.variants);
    if (attrs.length === 0) return;
    checkMaterial(ctx, data, attrs, report);
    checkOrigin(ctx, data, attrs, report);
    checkVariety(ctx, data, attrs, report);
    checkQuantity(ctx, data, attrs, report);
    checkBrand(ctx, data, attrs, report);
    checkIngredients(ctx, data, attrs, report);
  },
};
