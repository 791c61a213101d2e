/**
 * attribute_mismatch, ingredients: a no-sugar or no-additive claim against an
 * ingredients list that holds them; a pure claim on one ingredient (纯牛肉)
 * against another of its kind or a filler; 100% next to an ingredient of a
 * list of several; and a place before an ingredient's name (若羌灰枣) of another
 * province than the one written with it (红枣（河北沧州）), an origin claim.
 */
import type { AnalysisContext } from "../../context/context.js";
import { normalize } from "../../normalize/normalize.js";
import type { Attr } from "../attributes.js";
import { alternation, occurrences, perLexicon, type RuleContext, type SharedData } from "../rule.js";
import { kindRule, claimOk, has, PLACE_DATA, placeTables, reportClaim, shippingNote, splitWord } from "./shared.js";

const DATA = {
  ...PLACE_DATA,
  sugarTerms: "list",
  sugarNotTerms: "list",
  noSugarClaims: "list",
  additiveTerms: "list",
  pureClaims: "list",
  freeFromClaims: "record",
  freeFromTerms: "record",
  freeFromNotClaims: "list",
  freeFromNotTerms: "record",
  freeFromClassCues: "record",
  freeFromDenyBefore: "list",
  listSeparators: "rawList",
  denialCues: "list",
  ingredientClasses: "record",
  fillerIngredients: "list",
  pureContentCues: "list",
  sugarDenyBefore: "list",
  sugarBareTerms: "list",
  ingredientDenyBefore: "list",
  sugarDenyFillers: "list",
  sugarDenyAfter: "list",
  sugarKinds: "record",
  namedIngredients: "record",
  ingredientClaimBefore: "list",
  ingredientClaimGap: "list",
  mainIngredientKinds: "record",
  mainIngredientFamilies: "record",
  mainIngredientAssert: "list",
  mainIngredientNotAfter: "list",
  exclusiveClaimAfter: "list",
  exclusiveClaimBefore: "list",
  exclusiveImplicit: "list",
} as const;
type Data = SharedData<typeof DATA>;

interface Tables {
  sugarScan: string[];
  sugarNot: Set<string>;
  /** Ingredient kinds (meat, flour, sugar …) by term, and the terms to scan an ingredient name with. */
  classOf: Map<string, string>;
  classScan: string[];
  /** 纯 or 100% before an ingredient's name. */
  pureCue: RegExp;
  /** Each name of a named active ingredient -> all its names. */
  namesOf: Map<string, string[]>;
  /** What may stand between a claim cue and the ingredient's name (5%, 的, 高浓度), at the end of a text. */
  claimGap: RegExp;
  /** Main ingredient term -> its kind (whey), kind -> its family (protein). */
  mainKindOf: Map<string, string>;
  mainFamOf: Map<string, string>;
  /** The scan lists of those tables (one array each, so their matchers are built once). */
  namesScan: string[];
  mainScan: string[];
  sugarDenyScan: string[];
}

const tables = perLexicon((data: Data): Tables => {
  const sugarNot = new Set(data.list("sugarNotTerms"));
  const classOf = new Map<string, string>();
  for (const [cls, terms] of Object.entries(data.record("ingredientClasses"))) for (const x of terms) if (!classOf.has(x)) classOf.set(x, cls);
  for (const x of data.list("sugarTerms")) if (!classOf.has(x)) classOf.set(x, "sugar");
  const namesOf = new Map<string, string[]>();
  for (const [canon, syn] of Object.entries(data.record("namedIngredients"))) for (const n of [canon, ...syn]) namesOf.set(n, [canon, ...syn]);
  const mainKindOf = new Map<string, string>();
  for (const [kind, terms] of Object.entries(data.record("mainIngredientKinds"))) for (const t of terms) if (!mainKindOf.has(t)) mainKindOf.set(t, kind);
  const mainFamOf = new Map<string, string>();
  for (const [fam, kinds] of Object.entries(data.record("mainIngredientFamilies"))) for (const k of kinds) mainFamOf.set(k, fam);
  return {
    sugarScan: [...data.list("sugarTerms"), ...sugarNot],
    sugarNot,
    classOf,
    classScan: [...classOf.keys(), ...sugarNot],
    pureCue: new RegExp(alternation(data.list("pureContentCues"), false), "gu"),
    namesOf,
    claimGap: new RegExp(`(?:${alternation(data.list("ingredientClaimGap"))}|[0-9.%‰])*$`, "u"),
    mainKindOf,
    mainFamOf,
    namesScan: [...namesOf.keys()],
    mainScan: [...mainKindOf.keys()],
    sugarDenyScan: [...data.list("sugarTerms"), ...sugarNot, ...data.list("sugarBareTerms")],
  };
});

/** Characters of the clause read before a claimed name (cue, content, fillers) and after a sugar word (its denial). */
const LEAD = 16;

/** The claim words around a 100% (生牛乳100%), for evidence. */
function text100(ctx: AnalysisContext, at: number): string {
  return ctx.text.slice(Math.max(ctx.clauseStart(at), at - 4), at + 4);
}

export const ingredientsRule = kindRule(
  "ingredients",
  "no-sugar, no-additive, pure and 100% claims and ingredient origins checked against the listing's ingredients attribute",
  DATA,
  ({ ctx, data, report }, ingr, attrs) => {
    const value = ingr.map((a) => a.value).join("、");
    const { sugarScan, sugarNot } = tables(data);
    const sugar = occurrences(value, sugarScan).filter((o) => !sugarNot.has(o.term));
    const additives = occurrences(value, data.list("additiveTerms"));
    if (sugar.length) {
      const { sugarDenyScan } = tables(data);
      // Boundaries inside a name that holds a sugar word but is none (糖精).
      const insideNot = new Uint8Array(ctx.text.length + 1);
      for (const o of occurrences(ctx.text, sugarDenyScan)) if (sugarNot.has(o.term)) insideNot.fill(1, o.start + 1, o.end);
      for (const c of occurrences(ctx.text, data.list("noSugarClaims"))) {
        if (!claimOk(ctx, c.start)) continue;
        // 不加糖精: the claim's sugar word begins a name that is no sugar.
        if (insideNot[c.end]) continue;
        reportClaim(report, "ingredients", c, `claims ${c.term}; ingredients list ${sugar.map((s) => s.term).join("、")}`, ingr);
      }
    }
    if (additives.length) {
      for (const c of occurrences(ctx.text, data.list("pureClaims"))) {
        if (!claimOk(ctx, c.start)) continue;
        reportClaim(report, "ingredients", c, `claims ${c.term}; ingredients list ${additives.map((s) => s.term).join("、")}`, ingr);
      }
    }
    checkFreeFrom(ctx, data, value, ingr, report);
    if (sugar.length) checkSugarDenial(ctx, data, value, sugar.map((s) => s.term), ingr, report);
    const listed = ingredientsOf(ctx, data, ingr);
    checkNamedIngredient(ctx, data, value, listed, ingr, report);
    checkMainIngredient(ctx, data, value, ingr, report);
    checkPureIngredient(ctx, data, listed, ingr, report);
    checkIngredientOrigin(ctx, data, attrs, ingr, listed, report);
    checkExclusive(ctx, data, listed, ingr, report);
    // "生牛乳100%" while the list names other ingredients.
    const items = ingr.flatMap((a) => a.raw.split(/[、,，;；\s]+/)).filter(Boolean);
    if (items.length > 1) {
      for (const m of ctx.text.matchAll(/100%/g)) {
        const around = ctx.text.slice(Math.max(0, m.index! - 4), m.index! + 8);
        const ing = items.map((i) => i.slice(0, 3)).find((i) => around.includes(i));
        if (!ing || !claimOk(ctx, m.index!)) continue;
        const at = { start: m.index!, end: m.index! + 4, term: "100%" };
        reportClaim(report, "ingredients", at, `claims 100% ${ing}; ingredients list ${items.length} items`, ingr, { claim: text100(ctx, m.index!) });
      }
    }
  },
);

/**
 * A free-from claim of a class (无谷, 0谷物: grain; 纯植物, 0化学: synthetic dye chemicals; 无麸质: gluten)
 * against an ingredients list that holds a term of that class (玉米, 小麦粉; 对苯二胺). A longer name
 * that holds a term and is none (麦芽糖醇, 荞麦面粉 for gluten: freeFromNotTerms) lists nothing; a class
 * with cues (freeFromClassCues: hair dye) is read only on goods the text names as such.
 */
function checkFreeFrom(ctx: AnalysisContext, data: Data, value: string, ingr: Attr[], report: RuleContext["report"]): void {
  const { classes, denyCues } = freeFromTables(data);
  const seps = data.rawList("listSeparators");
  let notClaims: Array<{ start: number; end: number }> | undefined;
  for (const { claims, need, own, not, scan } of classes) {
    // The title is part of the document text: a cue there is found with the others.
    if (need.length && occurrences(ctx.text, need).length === 0) continue;
    // A term the value itself denies (无硅油配方, 0硅油, 不含玉米小麦: across a run of terms) lists nothing.
    const listed = occurrences(value, scan).filter((o) => !not.has(o.term) && !deniedRun(value, o.start, own, denyCues, seps));
    if (listed.length === 0) continue;
    notClaims ??= occurrences(ctx.text, data.list("freeFromNotClaims"));
    for (const c of occurrences(ctx.text, claims)) {
      // 无谷氨酸钠: a longer word that holds the claim and says another thing.
      if (notClaims.some((n) => n.start <= c.start && c.end <= n.end)) continue;
      // 0谷物 read inside 100谷物: a figure's last digit is no zero claim.
      if (/^[0-9]/u.test(c.term) && c.start > 0 && /[0-9.]/u.test(ctx.text[c.start - 1])) continue;
      if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
      reportClaim(report, "ingredients", c, `claims ${c.term}; ingredients list ${[...new Set(listed.map((s) => s.term))].join("、")}`, ingr);
    }
  }
}

/**
 * The free-from classes, per lexicon: each class's claims, the cues it needs (empty: none), its terms,
 * the longer names that are none of them, and one scan list of both (so its matcher is built once).
 */
const freeFromTables = perLexicon((data: Data) => {
  const terms = data.record("freeFromTerms");
  const notTerms = data.record("freeFromNotTerms");
  const classCues = data.record("freeFromClassCues");
  const classes = Object.entries(data.record("freeFromClaims")).map(([cls, claims]) => {
    const own = terms[cls] ?? [];
    const not = notTerms[cls] ?? [];
    return { claims, need: classCues[cls] ?? [], own, not: new Set(not), scan: [...own, ...not] };
  });
  return { classes, denyCues: [...data.list("denialCues"), ...data.list("freeFromDenyBefore")] };
});

/** Is the term at `start` denied by a cue before it, the cue perhaps heading a run of the class's terms (不含玉米、小麦)? */
function deniedRun(value: string, start: number, terms: string[], cues: string[], seps: string[]): boolean {
  let head = value.slice(0, start);
  for (let step = 0; step < 12 && head.length > 0; step++) {
    if (cues.some((c) => head.endsWith(c))) return true;
    const sep = seps.find((x) => x.length > 0 && head.endsWith(x));
    if (sep) {
      head = head.slice(0, -sep.length);
      continue;
    }
    const term = terms.filter((t) => head.endsWith(t)).sort((x, y) => y.length - x.length)[0];
    if (!term) return false;
    head = head.slice(0, -term.length);
  }
  return false;
}

/** An ingredient as listed: its name, the kind it belongs to (meat, flour …) and the term that says so. */
interface Ingredient {
  name: string;
  cls?: string;
  clsTerm?: string;
  /** The origin written with it in brackets: 红枣（河北沧州）. */
  note: string;
}

function ingredientsOf(ctx: AnalysisContext, data: Data, ingr: Attr[]): Ingredient[] {
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
function checkPureIngredient(ctx: AnalysisContext, data: Data, items: Ingredient[], ingr: Attr[], report: RuleContext["report"]) {
  if (items.length < 2) return;
  const fillers = new Set(data.list("fillerIngredients"));
  const isFiller = (i: Ingredient) => [...fillers].some((f) => i.name.includes(f));
  const text = ctx.text;
  const cue = tables(data).pureCue;
  for (const m of text.matchAll(cue)) {
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
    reportClaim(report, "ingredients", { start: m.index!, end: from + len, term }, `claims ${term}; ingredients list ${I.name} with ${other.name}`, ingr, { trace: false });
  }
}

/** "若羌灰枣" while the ingredients say 红枣（河北沧州）: a place before the ingredient's name, in another province. */
function checkIngredientOrigin(ctx: AnalysisContext, data: Data, attrs: Attr[], ingr: Attr[], items: Ingredient[], report: RuleContext["report"]) {
  const { region, placeNames, placeScan, placeNot } = placeTables(data);
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
    if (shippingNote(ctx, data, c.start, c.end)) continue;
    const note = `claims ${c.term} (${reg}) for ${x.i.name}; ingredients say ${x.i.name}（${x.i.note}）`;
    reportClaim(report, "origin", c, note, ingr);
  }
}

/** The denial of a sugar is claimed from its cue on: 没加糖, 零添加蔗糖, 一点糖都没加. */
function checkSugarDenial(ctx: AnalysisContext, data: Data, value: string, listedSugars: string[], ingr: Attr[], report: RuleContext["report"]) {
  const text = ctx.text;
  const { sugarDenyScan, sugarNot } = tables(data);
  const before = data.list("sugarDenyBefore");
  const fillers = data.list("sugarDenyFillers");
  const afterCues = data.list("sugarDenyAfter");
  const kinds = data.record("sugarKinds");
  const bare = data.list("sugarBareTerms");
  // The spans the no-sugar claim list already reports.
  const known = new Uint8Array(text.length);
  for (const k of occurrences(text, data.list("noSugarClaims"))) known.fill(1, k.start, k.end);
  for (const o of occurrences(text, sugarDenyScan)) {
    if (sugarNot.has(o.term)) continue;
    // 没加白砂糖 with 蜂蜜 listed denies only white sugar: the claimed kind must be listed (蔗糖 covers its kinds; bare 糖 any sugar).
    const members = bare.includes(o.term) ? listedSugars : [o.term, ...(kinds[o.term] ?? [])];
    if (!members.some((m) => value.includes(m))) continue;
    const clause = Math.max(ctx.clauseStart(o.start), o.start - LEAD);
    let lead = text.slice(clause, o.start);
    for (let again = true; again; ) {
      again = false;
      for (const f of fillers) if (f && lead.endsWith(f)) (lead = lead.slice(0, -f.length)), (again = true);
    }
    const cue = before.find((w) => lead.endsWith(w));
    const tail = text.slice(o.end, Math.min(ctx.clauseEnd(o.end - 1), o.end + LEAD));
    const post = cue ? undefined : afterCues.find((w) => tail.startsWith(w));
    if (!cue && !post) continue;
    const start = cue ? clause + lead.length - cue.length : o.start;
    const end = post ? o.end + post.length : o.end;
    if (known.subarray(start, end).includes(1)) continue;
    if (!claimOk(ctx, start)) continue;
    const term = text.slice(start, end);
    reportClaim(report, "ingredients", { start, end, term }, `claims ${term}; ingredients list ${listedSugars.join("、")}`, ingr);
  }
}

/**
 * 含5%烟酰胺, 加了玻尿酸: a named active ingredient claimed that the ingredients
 * list (2+ items) holds under none of its names (玻尿酸 = 透明质酸钠).
 */
function checkNamedIngredient(ctx: AnalysisContext, data: Data, value: string, items: Ingredient[], ingr: Attr[], report: RuleContext["report"]) {
  if (items.length < 2) return;
  const text = ctx.text;
  const { namesOf, namesScan, claimGap: gap } = tables(data);
  const cues = data.list("ingredientClaimBefore");
  const deny = data.list("ingredientDenyBefore");
  for (const o of occurrences(text, namesScan)) {
    const names = namesOf.get(o.term)!;
    if (names.some((n) => value.includes(n))) continue;
    const clause = Math.max(ctx.clauseStart(o.start), o.start - LEAD);
    let lead = text.slice(clause, o.start);
    lead = lead.slice(0, lead.length - (gap.exec(lead)?.[0].length ?? 0));
    const cue = cues.find((w) => lead.endsWith(w));
    if (!cue) continue;
    const start = clause + lead.length - cue.length;
    if (deny.some((d) => text.endsWith(d, start)) || !claimOk(ctx, start) || !claimOk(ctx, o.start)) continue;
    reportClaim(report, "ingredients", o, `claims ${o.term}; ingredients list none of ${names.join("/")}`, ingr);
  }
}

/**
 * 乳清分离蛋白 in the title while the ingredients list 大豆分离蛋白: a main
 * ingredient named in the title or selling points (elsewhere only after an
 * assertion: 用的是, 采用) of which the list holds another kind of its family
 * and not this one.
 */
function checkMainIngredient(ctx: AnalysisContext, data: Data, value: string, ingr: Attr[], report: RuleContext["report"]) {
  const { mainKindOf: kindOf, mainFamOf: famOf, mainScan: terms } = tables(data);
  const listedKinds = new Set(occurrences(value, terms).map((o) => kindOf.get(o.term)!));
  if (listedKinds.size === 0) return;
  const text = ctx.text;
  const asserts = data.list("mainIngredientAssert");
  const notAfter = data.list("mainIngredientNotAfter");
  for (const o of occurrences(text, terms)) {
    const kind = kindOf.get(o.term)!;
    const fam = famOf.get(kind);
    if (!fam || listedKinds.has(kind) || value.includes(o.term)) continue;
    const other = [...listedKinds].find((k) => famOf.get(k) === fam);
    if (!other) continue;
    if (notAfter.some((w) => text.startsWith(w, o.end))) continue;
    const field = ctx.doc.segments[ctx.doc.segAt[o.start]]?.field ?? "";
    const named = field === "listing.title" || field.startsWith("listing.sellingPoints");
    const lead = text.slice(Math.max(ctx.clauseStart(o.start), o.start - 4), o.start);
    if (!named && !asserts.some((w) => lead.endsWith(w))) continue;
    if (!claimOk(ctx, o.start) || splitWord(ctx, o.start, o.end)) continue;
    reportClaim(report, "ingredients", o, `claims ${o.term} (${kind}); ingredients list ${other} of the same ${fam}, not ${kind}`, ingr);
  }
}

/** Is the listed ingredient named in `said`: its whole name, two characters of it, or its last one (盐 of 食用盐, 鱼 of 鲫鱼)? */
function named(said: string, name: string): boolean {
  if (said.includes(name) || said.includes(name.slice(-1))) return true;
  for (let k = 0; k + 2 <= name.length; k++) if (said.includes(name.slice(k, k + 2))) return true;
  return false;
}

/**
 * 就是鲫鱼和盐，别的都不放: the ingredients said to be all there is (a closing
 * phrase: 别的都不加, 再没别的) while the list holds one that none of them names
 * (白砂糖, 山梨酸钾). What is said is the clause before the closing phrase, from
 * a cue (只有, 就是) if there is one; it must name a listed ingredient. Water
 * and the like (`exclusiveImplicit`) go without saying.
 */
function checkExclusive(ctx: AnalysisContext, data: Data, items: Ingredient[], ingr: Attr[], report: RuleContext["report"]) {
  if (items.length < 2) return;
  const text = ctx.text;
  const implicit = data.list("exclusiveImplicit");
  const cues = data.list("exclusiveClaimBefore");
  for (const c of occurrences(text, data.list("exclusiveClaimAfter"))) {
    // The clause the closing phrase stands in, or the one before it (鱼和盐，别的不放).
    let from = ctx.clauseStart(c.start);
    if (from === c.start || text.slice(from, c.start).trim() === "") from = ctx.clauseStart(Math.max(0, from - 2));
    from = Math.max(from, ctx.sentenceStart(c.start), c.start - 24);
    let said = text.slice(from, c.start);
    let at = from;
    const cue = occurrences(said, cues).sort((a, b) => b.end - a.end)[0];
    if (cue) {
      at = from + cue.start;
      said = said.slice(cue.end);
    }
    if (!items.some((i) => named(said, i.name))) continue;
    const missing = items.find((i) => !named(said, i.name) && !implicit.some((w) => i.name === w || i.name.endsWith(w)));
    if (!missing) continue;
    if (!claimOk(ctx, at)) continue;
    const term = text.slice(at, c.end);
    reportClaim(report, "ingredients", { start: at, end: c.end, term }, `claims only ${said.trim()}; ingredients also list ${missing.name}`, ingr);
  }
}
