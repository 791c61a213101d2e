/**
 * attribute_mismatch: a spoken or written claim on material, brand, quantity,
 * variety/origin or ingredients that contradicts the listing's attributes
 * (《抖音小店运营规范》虚假宣传(2); 《抖音电商直播真实宝服务管理规则》2.1; 004 §5.3).
 */
import type { AnalysisContext } from "../context/context.js";
import { NUMBER_SOURCE, parseNumber } from "../match/numbers.js";
import { normalize } from "../normalize/normalize.js";
import { listingAttributes, EMPTY_VALUES, type Attr } from "./attributes.js";
import { list, occurrences, record, type Rule, type RuleContext, type RuleReport } from "./rule.js";

const PROVINCES = new Set([
  "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
  "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
  "宁夏", "新疆", "香港", "澳门",
]);

/** Words around a place name that make it a shipping note, not an origin claim. */
const SHIPPING = ["欢迎", "除外", "不发", "不包邮", "包邮", "偏远", "快递", "发往", "寄往", "不配送", "运费", "发货地", "仓发"];
/** Words that make a brand mention a comparison, not a claim. */
const ASSERT_BEFORE = ["是", "正品", "正宗", "原装", "原厂", "官方", "专柜", "正版", "官网"];
const ASSERT_AFTER = ["正品", "官方", "原装", "原厂", "专柜", "出品", "的货", "的正品", "旗舰"];
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
  materialNot: Set<string>;
  /** All material terms (single characters too) plus compounds that contain a material word but claim none (薅羊毛, 牛皮纸). */
  materialAll: string[];
  /** Graded material terms (304不锈钢, 白鸭绒) and their grade within the family. */
  gradeOf: Map<string, string>;
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
  /** Ingredient kinds (meat, flour, sugar …) by term, and the terms to scan an ingredient name with. */
  classOf: Map<string, string>;
  classScan: string[];
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
  const gradeOf = new Map<string, string>();
  for (const [grade, terms] of Object.entries(record(data, "materialGrades"))) for (const x of terms) if (famOf.has(x) && !gradeOf.has(x)) gradeOf.set(x, grade);
  const placeNames = [...region.keys()].filter((n) => n.length > 1);
  const materialNot = new Set(list(data, "materialNotClaims"));
  const placeNot = new Set(list(data, "placeNotClaims"));
  const sugarNot = new Set(list(data, "sugarNotTerms"));
  const classOf = new Map<string, string>();
  for (const [cls, terms] of Object.entries(record(data, "ingredientClasses"))) for (const x of terms) if (!classOf.has(x)) classOf.set(x, cls);
  for (const x of list(data, "sugarTerms")) if (!classOf.has(x)) classOf.set(x, "sugar");
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
    materialNot,
    materialAll: [...famOf.keys(), ...materialNot],
    gradeOf,
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
    classOf,
    classScan: [...classOf.keys(), ...sugarNot],
  };
  const units = list(data, "quantityUnits");
  if (units.length) {
    const alt = [...units].sort((a, b) => b.length - a.length).map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    t.quantity = new RegExp(`(${NUMBER_SOURCE})(${alt})`, "gu");
  }
  tableCache.set(data, t);
  return t;
}

function claimOk(ctx: AnalysisContext, start: number): boolean {
  const neg = ctx.negatedAt(start);
  if (!neg) return true;
  // A cue that ends the previous clause or sentence (看不出区别。华为官方正品) negates nothing here.
  return neg.end <= start && ctx.clauseStart(start) >= neg.end;
}

/** Words before a grade or content claim that make it a comparison, not a claim (比201不锈钢更耐用). */
const COMPARE_BEFORE = ["比", "普通", "不是", "告别", "区别于", "相比", "优于", "替代", "取代", "对比", "市面上"];

/**
 * Is the match [start, end) cut by a separator that makes it two words (捐1元 江西 -> 元江)?
 * A letter-spaced word (新 疆, 阳.澄.湖) still counts: every gap inside it and one edge are separated.
 */
function splitWord(ctx: AnalysisContext, start: number, end: number): boolean {
  const sep = ctx.doc.sep;
  let inner = 0;
  for (let k = start + 1; k < end; k++) {
    if (sep[k] >= 2) return true;
    if (sep[k] > 0) inner++;
  }
  if (inner === 0) return false;
  if (inner < end - start - 1) return true;
  return !((sep[start] ?? 0) > 0 || (sep[end] ?? 3) > 0);
}

interface MaterialHit {
  start: number;
  end: number;
  term: string;
  fam: string;
  /** Content percentage written with the term (棉100%, 90%白鸭绒, 90白鸭绒, 100%棉). */
  pct?: number;
}

const PCT_AFTER = /^(\d{1,3}(?:\.\d+)?)%/u;
const NUM_BEFORE = /(?:^|[^0-9.])(\d{2,3}(?:\.\d+)?)(%?)$/u;

/**
 * Material terms in a text with the content number written next to each.
 * A number right after a term (锦纶85%) belongs to it, never to the next term;
 * a number before a term counts with % (90%白鸭绒) or bare from 50 to 100 (90白鸭绒).
 * `joined(a, b)` says whether text[a, b) is one unbroken run.
 */
function materialHits(text: string, tab: Tables, joined: (a: number, b: number) => boolean): MaterialHit[] {
  const out: MaterialHit[] = [];
  let taken = 0;
  for (const o of occurrences(text, tab.materialAll)) {
    if (tab.materialNot.has(o.term)) {
      taken = o.end;
      continue;
    }
    const h: MaterialHit = { ...o, fam: tab.famOf.get(o.term)! };
    if (o.term.startsWith("100%")) h.pct = 100;
    else {
      const before = NUM_BEFORE.exec(text.slice(Math.max(taken, o.start - 8), o.start));
      if (before) {
        const v = Number(before[1]);
        const from = o.start - before[1].length - before[2].length;
        if ((before[2] === "%" || v >= 50) && v <= 100 && joined(from, o.end)) h.pct = v;
      }
    }
    const after = PCT_AFTER.exec(text.slice(o.end, o.end + 8));
    if (after && joined(o.start, o.end + after[0].length)) {
      if (h.pct === undefined) h.pct = Number(after[1]);
      taken = o.end + after[0].length;
    } else taken = o.end;
    out.push(h);
  }
  return out;
}

function checkMaterial(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const tab = tables(data);
  const { famOf, famTerms, claimTerms, gradeOf } = tab;
  const material = attrs.filter((a) => a.kind === "material" || (a.kind === "other" && occurrences(a.value, claimTerms).length > 0));
  if (material.length === 0) return;
  const attrFams = new Set<string>();
  /** Families named together in one attribute (a blend). */
  const blendFams = new Set<string>();
  const grades = new Map<string, Set<string>>();
  const pcts = new Map<string, number>();
  for (const a of material) {
    const fams = new Set(occurrences(a.value, famTerms).map((o) => famOf.get(o.term)!));
    for (const f of fams) attrFams.add(f);
    if (fams.size > 1) for (const f of fams) blendFams.add(f);
    for (const chunk of a.raw.split(/[\s、,，;；/+]+/u)) {
      const norm = normalize(chunk, ctx.lex.variants).text;
      for (const h of materialHits(norm, tab, () => true)) {
        const g = gradeOf.get(h.term);
        if (g) grades.set(h.fam, (grades.get(h.fam) ?? new Set()).add(g));
        if (h.pct !== undefined) pcts.set(h.fam, Math.max(pcts.get(h.fam) ?? 0, h.pct));
      }
    }
  }
  if (attrFams.size === 0) return;
  const text = ctx.text;
  const joined = (a: number, b: number) => ctx.cutAtSeparator(a, b) === b;
  for (const c of materialHits(text, tab, joined)) {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    const fam = c.fam;
    const before = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 4), c.start);
    const pure = PURE_PREFIX.some((p) => c.term.startsWith(p) || before.endsWith(p)) || c.pct === 100;
    // A single character (棉, 银) claims a material only with its content (棉100%, 纯棉 is a term of its own).
    if (c.term.length === 1 && !(c.pct !== undefined && c.pct >= 50) && !before.endsWith("纯") && !before.endsWith("100%")) continue;
    const where = material.map((a) => a.raw).join(" / ");
    const comparison = COMPARE_BEFORE.some((w) => text.slice(Math.max(ctx.clauseStart(c.start), c.start - 8), c.start).includes(w));
    let why: string | undefined;
    if (!attrFams.has(fam)) why = `claims ${c.term} (${fam}); listing material is ${where}`;
    else if (pure && blendFams.has(fam)) why = `claims pure ${c.term}; listing material is a blend: ${where}`;
    else if (!comparison && gradeOf.has(c.term) && grades.has(fam) && !grades.get(fam)!.has(gradeOf.get(c.term)!))
      why = `claims ${c.term} (${gradeOf.get(c.term)}); listing material is ${where}`;
    else if (!comparison && c.pct !== undefined && pcts.has(fam) && c.pct > pcts.get(fam)!)
      why = `claims ${c.pct}% ${c.term}; listing material is ${where}`;
    if (why) report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "material", effect: 0, note: why, evidence: { claim: c.term, listing: shown(material) } }] });
  }
}

/** Listing attributes as written, for a finding's evidence. */
function shown(attrs: Attr[]): Array<{ key: string; value: string }> {
  return attrs.map((a) => ({ key: a.key, value: a.raw }));
}

/** The claim words around a 100% (生牛乳100%), for evidence. */
function text100(ctx: AnalysisContext, at: number): string {
  return ctx.text.slice(Math.max(ctx.clauseStart(at), at - 4), at + 4);
}

function checkOrigin(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const { region, placeNames: names, placeScan, placeNot } = tables(data);
  const origin = attrs.filter((a) => a.kind === "origin");
  const originRegions = new Set<string>();
  for (const a of origin) for (const o of occurrences(a.value, names)) originRegions.add(region.get(o.term)!);
  if (originRegions.size === 0) return;
  for (const c of occurrences(ctx.text, placeScan)) {
    if (placeNot.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (has(attrs, c.term)) continue;
    const clause = ctx.text.slice(ctx.clauseStart(c.start), ctx.clauseEnd(c.end - 1));
    if (SHIPPING.some((s) => clause.includes(s))) continue;
    const reg = region.get(c.term)!;
    if (originRegions.has(reg)) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "origin", effect: 0, note: `claims ${c.term} (${reg}); listing origin is ${origin.map((a) => a.raw).join(" / ")}`, evidence: { claim: c.term, listing: shown(origin) } }] });
  }
  const domestic = [...originRegions].every((r) => PROVINCES.has(r));
  if (domestic) {
    for (const c of occurrences(ctx.text, list(data, "importCues"))) {
      if (!claimOk(ctx, c.start)) continue;
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "origin", effect: 0, note: `claims ${c.term}; listing origin is domestic: ${origin.map((a) => a.raw).join(" / ")}`, evidence: { claim: c.term, listing: shown(origin) } }] });
    }
  }
}

function checkVariety(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const variety = attrs.filter((a) => a.kind === "variety");
  if (variety.length === 0) return;
  const { produceOf, varietyNames: names } = tables(data);
  const attrProduce = new Set<string>();
  const attrNames = new Set<string>();
  for (const a of variety) {
    for (const o of occurrences(a.value, names)) {
      attrProduce.add(produceOf.get(o.term)!);
      attrNames.add(o.term);
    }
  }
  for (const c of occurrences(ctx.text, names)) {
    if (!claimOk(ctx, c.start) || has(variety, c.term) || splitWord(ctx, c.start, c.end)) continue;
    // One name holding the other is the same variety said more or less exactly (普洱茶 / 普洱生茶).
    if ([...attrNames].some((t) => c.term.includes(t) || t.includes(c.term))) continue;
    const produce = produceOf.get(c.term)!;
    if (!attrProduce.has(produce)) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "variety", effect: 0, note: `claims variety ${c.term}; listing variety is ${variety.map((a) => a.raw).join(" / ")}`, evidence: { claim: c.term, listing: shown(variety) } }] });
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
    // 一共是五万斤, 总共有十双: the total word may stand before 是/有.
    const beforeTotal = ctx.text.slice(Math.max(0, start - 4), start).replace(/[是有]$/u, "");
    const total = TOTAL_BEFORE.some((w) => beforeTotal.endsWith(w));
    if (!(total || v > Math.max(...attrValues))) continue;
    // A hundred times the listing's figure, not said to be the total, is the farm's or the shop's
    // stock (十万斤猕猴桃滞销在地里), not what the buyer gets.
    if (!total && v >= 100 * Math.max(...attrValues)) continue;
    if (!claimOk(ctx, start)) continue;
    report({ start, end: start + m[0].length, term: m[0], steps: [{ step: "quantity", effect: 0, note: `claims ${m[0]}; listing says ${attrValues.join("/")}${u}`, evidence: { claim: m[0], listing: shown(attrs.filter((a) => a.kind === "quantity")) } }] });
  }
}

function checkBrand(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], report: Report) {
  const brandAttrs = attrs.filter((a) => a.kind === "brand" && !EMPTY_VALUES.has(a.value));
  if (brandAttrs.length === 0) return;
  const { brandTerms, brandOf } = tables(data);
  const listed = new Set<string>();
  for (const a of brandAttrs) for (const o of occurrences(a.value, brandTerms)) listed.add(brandOf.get(o.term)!);
  for (const c of occurrences(ctx.text, brandTerms)) {
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (listed.has(brandOf.get(c.term)!)) continue;
    if (brandAttrs.some((a) => a.value.includes(c.term) || c.term.includes(a.value))) continue;
    const before = ctx.text.slice(Math.max(0, c.start - 3), c.start);
    const after = ctx.text.slice(c.end, c.end + 3);
    if (!ASSERT_BEFORE.some((w) => before.endsWith(w)) && !ASSERT_AFTER.some((w) => after.startsWith(w))) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "brand", effect: 0, note: `claims brand ${c.term}; listing brand is ${brandAttrs.map((a) => a.raw).join(" / ")}`, evidence: { claim: c.term, listing: shown(brandAttrs) } }] });
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
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "ingredients", effect: 0, note: `claims ${c.term}; ingredients list ${sugar.map((s) => s.term).join("、")}`, evidence: { claim: c.term, listing: shown(ingr) } }] });
    }
  }
  if (additives.length) {
    for (const c of occurrences(ctx.text, list(data, "pureClaims"))) {
      if (!claimOk(ctx, c.start)) continue;
      report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "ingredients", effect: 0, note: `claims ${c.term}; ingredients list ${additives.map((s) => s.term).join("、")}`, evidence: { claim: c.term, listing: shown(ingr) } }] });
    }
  }
  const listed = ingredientsOf(ctx, data, ingr);
  checkPureIngredient(ctx, data, listed, report);
  checkIngredientOrigin(ctx, data, attrs, listed, report);
  // "生牛乳100%" while the list names other ingredients.
  const items = ingr.flatMap((a) => a.raw.split(/[、,，;；\s]+/)).filter(Boolean);
  if (items.length > 1) {
    for (const m of ctx.text.matchAll(/100%/g)) {
      const around = ctx.text.slice(Math.max(0, m.index! - 4), m.index! + 8);
      const ing = items.map((i) => i.slice(0, 3)).find((i) => around.includes(i));
      if (!ing || !claimOk(ctx, m.index!)) continue;
      report({ start: m.index!, end: m.index! + 4, term: "100%", steps: [{ step: "ingredients", effect: 0, note: `claims 100% ${ing}; ingredients list ${items.length} items`, evidence: { claim: text100(ctx, m.index!), listing: shown(ingr) } }] });
    }
  }
}

/** An ingredient as listed: its name, the kind it belongs to (meat, flour …) and the term that says so. */
interface Ingredient {
  name: string;
  cls?: string;
  clsTerm?: string;
  /** The origin written with it in brackets: 红枣（河北沧州）. */
  note: string;
}

function ingredientsOf(ctx: AnalysisContext, data: RuleContext["data"], ingr: Attr[]): Ingredient[] {
  const { classOf, classScan } = tables(data);
  const out: Ingredient[] = [];
  for (const a of ingr) {
    for (const part of a.raw.split(/[、,，;；\n]+/u)) {
      const note = [...part.matchAll(/[（(]([^）)]*)[）)]/gu)].map((m) => m[1]).join("、");
      const name = normalize(part.replace(/[（(][^）)]*[）)]/gu, ""), ctx.lex.variants).text.replace(/[0-9.]+%$/u, "");
      if (!name) continue;
      const hit = occurrences(name, classScan).find((o) => classOf.has(o.term));
      out.push({ name, cls: hit && classOf.get(hit.term), clsTerm: hit?.term, note: normalize(note, ctx.lex.variants).text });
    }
  }
  return out;
}

function commonPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

/**
 * "纯牛肉" / "100%全麦" / "纯蜂蜜" while the ingredients list, next to that
 * ingredient, another one of the same kind (猪肉, 小麦粉, 果葡糖浆) or a filler (淀粉).
 */
function checkPureIngredient(ctx: AnalysisContext, data: RuleContext["data"], items: Ingredient[], report: Report) {
  if (items.length < 2) return;
  const fillers = new Set(list(data, "fillerIngredients"));
  const isFiller = (i: Ingredient) => [...fillers].some((f) => i.name.includes(f));
  const text = ctx.text;
  for (const m of text.matchAll(/纯|100%/gu)) {
    const from = m.index! + m[0].length;
    const rest = text.slice(from, ctx.cutAtSeparator(from, Math.min(text.length, from + 8)));
    let best: Ingredient | undefined;
    let len = 0;
    for (const i of items) {
      const k = Math.max(commonPrefix(rest, i.name), i.clsTerm ? commonPrefix(rest, i.clsTerm) : 0);
      if (k >= 2 && k > len) {
        best = i;
        len = k;
      }
    }
    if (!best || !claimOk(ctx, m.index!) || ctx.cutAtSeparator(m.index!, from + 1) < from + 1) continue;
    const I = best;
    const other = items.find((j) => j !== I && ((I.cls !== undefined && j.cls === I.cls && j.clsTerm !== I.clsTerm) || isFiller(j)));
    if (!other) continue;
    const term = text.slice(m.index!, from + len);
    report({ start: m.index!, end: from + len, term, steps: [{ step: "ingredients", effect: 0, note: `claims ${term}; ingredients list ${I.name} with ${other.name}` }] });
  }
}

/** "若羌灰枣" while the ingredients say 红枣（河北沧州）: a place before the ingredient's name, in another province. */
function checkIngredientOrigin(ctx: AnalysisContext, data: RuleContext["data"], attrs: Attr[], items: Ingredient[], report: Report) {
  const { region, placeNames, placeScan, placeNot } = tables(data);
  const placed = items
    .map((i) => ({ i, regions: new Set(occurrences(i.note, placeNames).map((o) => region.get(o.term)!)) }))
    .filter((x) => x.regions.size > 0 && x.i.name.length > 1);
  if (placed.length === 0) return;
  const text = ctx.text;
  for (const c of occurrences(text, placeScan)) {
    if (placeNot.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    if (has(attrs, c.term)) continue;
    const follow = text.slice(c.end, ctx.cutAtSeparator(c.end - 1, Math.min(ctx.clauseEnd(c.end - 1), c.end + 4)));
    const reg = region.get(c.term)!;
    const x = placed.find((p) => follow.includes(p.i.name.slice(-1)));
    if (!x || x.regions.has(reg)) continue;
    const clause = text.slice(ctx.clauseStart(c.start), ctx.clauseEnd(c.end - 1));
    if (SHIPPING.some((s) => clause.includes(s))) continue;
    report({ start: c.start, end: c.end, term: c.term, steps: [{ step: "origin", effect: 0, note: `claims ${c.term} (${reg}) for ${x.i.name}; ingredients say ${x.i.name}（${x.i.note}）`, evidence: { claim: c.term, listing: shown(attrs.filter((a) => a.kind === "ingredients")) } }] });
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
    const attrs = listingAttributes(ctx);
    if (attrs.length === 0) return;
    checkMaterial(ctx, data, attrs, report);
    checkOrigin(ctx, data, attrs, report);
    checkVariety(ctx, data, attrs, report);
    checkQuantity(ctx, data, attrs, report);
    checkBrand(ctx, data, attrs, report);
    checkIngredients(ctx, data, attrs, report);
  },
};
