/**
 * A deterministic generator of realistic product listings (about 300
 * characters of JSON each): clean listings mixed with violations of all 16
 * categories, in varied wording (templates × vocabulary × disguises).
 *
 * Every item carries `expect` (the categories put into it) and, when some
 * overlap is fair, `allow` — the shape of ../shared/eval, so a rescan of a
 * generated corpus can be scored with score.mjs. Item i depends only on
 * (seed, i).
 */
import { CATEGORIES, type Category, type Item } from "../../src/types.js";
import { applyDisguise, fullWidth, pickDisguise, traditional } from "./disguise.js";
import { GENERIC_SENTENCES, makeProduct, type Product } from "./products.js";
import { Rng } from "./prng.js";
import { CHAIN_CLAIMS, FAMOUS_BRANDS, HIDDEN_NEEDS, PHRASES, PROHIBITED, type PhraseSpec } from "./violations.js";

export interface GeneratedItem extends Item {
  channel: "listing";
  expect: Category[];
  allow?: Category[];
}

export interface GenerateOptions {
  /** Share of listings with at least one violation (default 0.38). */
  violationRate?: number;
}

/** Mean length of a generated JSONL line is tuned to this (characters). */
export const TARGET_LINE_CHARS = 300;

const STRUCTURAL: Category[] = ["attribute_mismatch", "missing_disclosure", "retail_rule", "prohibited_goods"];

function fill(template: string, r: Rng, term?: string): string {
  return template
    .replace(/\{T\}/g, term ?? "")
    .replace(/\{N\}/g, () => String(r.range(1, 9)))
    .replace(/\{B\}/g, () => r.pick(FAMOUS_BRANDS));
}

interface Draft {
  p: Product;
  title: string;
  sentences: string[];
  points: string[];
  expect: Set<Category>;
  allow: Set<Category>;
  dropCare: boolean;
}

/** Which categories can be put into this product. */
function applicable(d: Draft): Category[] {
  return CATEGORIES.filter((c) => {
    if (d.expect.has(c)) return false;
    if (c === "attribute_mismatch") return !!d.p.mismatch;
    if (c === "missing_disclosure") return d.p.live;
    if (c === "retail_rule") return !!d.p.shop;
    if (c === "prohibited_goods") return d.expect.size === 0;
    return PHRASES.some((s) => s.category === c && fits(s, d.p));
  });
}

function fits(s: PhraseSpec, p: Product): boolean {
  return !s.families || s.families.includes(p.family);
}

function insertAt<T>(a: T[], x: T, r: Rng): void {
  a.splice(r.int(a.length + 1), 0, x);
}

function addPhrase(d: Draft, cat: Category, r: Rng): void {
  const specs = PHRASES.filter((s) => s.category === cat && fits(s, d.p));
  const s = r.pick(specs);
  const term = r.pick(s.terms);
  const shown = applyDisguise(term, pickDisguise(term, r), r);
  const places: Array<"title" | "sentence" | "point"> = [];
  if (s.title.length) places.push("title", "title");
  if (s.sentence.length) places.push("sentence", "sentence", "sentence");
  if (s.point.length) places.push("point");
  const where = r.pick(places);
  if (where === "title") {
    const frag = fill(r.pick(s.title), r, shown);
    d.title = r.chance(0.5) ? frag.trim() + " " + d.title : d.title + " " + frag.trim();
  } else if (where === "sentence") insertAt(d.sentences, fill(r.pick(s.sentence), r, shown), r);
  else d.points.push(fill(r.pick(s.point), r, shown));
  d.expect.add(cat);
  for (const a of s.allow ?? []) d.allow.add(a);
}

function addStructural(d: Draft, cat: Category, r: Rng): void {
  const p = d.p;
  d.expect.add(cat);
  switch (cat) {
    case "attribute_mismatch": {
      const m = p.mismatch!(r);
      if (!m.claim) {
        // the listing already states it
      } else if (m.where === "title") d.title = r.chance(0.5) ? `${m.claim} ${d.title}` : `${d.title} ${m.claim}`;
      else insertAt(d.sentences, `${m.claim}，${r.pick(["品质看得见", "假一赔十", "放心购买", "实物拍摄"])}。`, r);
      for (const [k, v] of m.set) p.attrs.set(k, v);
      d.allow.add("counterfeit");
      d.allow.add("absolute_claim");
      return;
    }
    case "missing_disclosure": {
      d.dropCare = true;
      if (r.chance(0.5)) insertAt(d.sentences, `${r.pick(HIDDEN_NEEDS)}，${r.pick(["新手闭眼入", "适合懒人", "送人也合适"])}。`, r);
      return;
    }
    case "retail_rule": {
      const shop = p.shop!;
      if (r.chance(0.5)) {
        const km = r.range(25, 80);
        shop.deliveryRange = `${km}km`;
        d.sentences = d.sentences.filter((s) => !s.startsWith("配送范围"));
        insertAt(d.sentences, r.pick([`配送范围${km}公里，全城都能送。`, `${km}公里内都可以送达。`, `同城${km}km内小时达。`]), r);
      } else {
        shop.model = "代运营";
        const claim = fill(r.pick(CHAIN_CLAIMS), r);
        if (r.chance(0.5)) d.title = `${shop.brand ?? ""}${claim} ${d.title}`;
        else insertAt(d.sentences, `${claim}，品质统一有保障。`, r);
      }
      return;
    }
    case "prohibited_goods": {
      const g = r.pick(PROHIBITED);
      d.title = fill(g.title, r);
      d.sentences = [fill(g.sentence, r), r.pick(GENERIC_SENTENCES)];
      d.points = [fill(r.pick([g.term, "隐秘发货", "现货秒发"]), r)];
      for (const a of g.allow ?? []) d.allow.add(a);
      d.p = { ...p, live: false, care: undefined, mismatch: undefined, shop: undefined, family: "prohibited" };
      for (const k of Object.keys(p.attrs.out)) if (!/brand|品牌|spec|规格|型号/.test(k)) delete p.attrs.out[k];
      return;
    }
  }
}

/** One listing, from (seed, index) alone. */
export function generateListing(index: number, seed: number, opts: GenerateOptions = {}): GeneratedItem {
  const r = Rng.forItem(seed, index);
  const p = makeProduct(r);
  const d: Draft = { p, title: p.title, sentences: p.sentences.slice(), points: p.sellingPoints.slice(), expect: new Set(), allow: new Set(), dropCare: false };
  const rate = opts.violationRate ?? 0.38;
  const n = r.chance(rate) ? 1 + r.weighted([70, 22, 8]) : 0;
  for (let k = 0; k < n; k++) {
    const cats = applicable(d);
    if (cats.length === 0) break;
    // Structural categories are rarer in the wild; phrase categories more common.
    const cat = cats[r.weighted(cats.map((c) => (STRUCTURAL.includes(c) ? 1.4 : 1)))];
    if (STRUCTURAL.includes(cat)) addStructural(d, cat, r);
    else addPhrase(d, cat, r);
  }
  if (d.dropCare && d.p.care) {
    d.sentences = d.sentences.filter((s) => s !== d.p.care);
    // A listing that promises a care card or planting guide tells the buyer care is given (the
    // development set counts 附赠养护指南 as compliant): a listing without care says nothing of it.
    const mentionsCare = (t: string) => /养护|种植卡|种植说明/.test(t);
    d.points = d.points.filter((t) => !mentionsCare(t));
    d.sentences = d.sentences.map((t) => (mentionsCare(t) ? t.replace(/[，,]?附种植卡/, "") : t)).filter((t) => t && !/^。$/.test(t));
  }

  // Pad the description with ordinary shop sentences to the target length.
  const want = r.range(55, 125);
  const extra = r.sample(GENERIC_SENTENCES, 4);
  while (d.sentences.join("").length < want && extra.length) {
    const s = extra.pop()!;
    if (!d.sentences.includes(s)) d.sentences.push(s);
  }

  let title = d.title.replace(/\s+/g, " ").trim();
  // Some sellers write in traditional characters or full-width digits throughout.
  if (r.chance(0.03)) title = traditional(title);
  else if (r.chance(0.03)) title = fullWidth(title);

  const listing: NonNullable<Item["listing"]> = {
    title,
    description: d.sentences.join(""),
    sellingPoints: d.points,
    attributes: d.p.attrs.out,
  };
  if (d.p.shop) listing.shop = d.p.shop;
  const item: GeneratedItem = {
    id: `g${seed}-${String(index + 1).padStart(7, "0")}`,
    channel: "listing",
    listing,
    expect: [...d.expect],
  };
  const allow = [...d.allow].filter((a) => !d.expect.has(a));
  if (allow.length) item.allow = allow;
  return item;
}

/** `count` listings for `seed`, lazily. */
export function* generateListings(count: number, seed: number, opts: GenerateOptions = {}): Generator<GeneratedItem> {
  for (let i = 0; i < count; i++) yield generateListing(i, seed, opts);
}
