/**
 * attribute_mismatch, material: a material claim (纯棉, 羊绒, 304不锈钢, 90%白鸭绒)
 * against the listing's material attribute — another family, a pure claim on a
 * blend (纯实木, 全是实木的), another grade or species (小叶紫檀 against 大叶紫檀),
 * a higher content; and a material said to be absent (一块板子都没有, 不含涤纶) while
 * the attribute states it (a word for the whole family: any member; a graded
 * term: its grade; any other: the term).
 */
import { normalize } from "../../normalize/normalize.js";
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { ABSENCE_DATA, absentAt, aspectRule, claimOk, endsWithAny, reportClaim, splitWord } from "./shared.js";

const DATA = {
  materials: "record",
  materialGrades: "record",
  materialNotClaims: "list",
  purePrefixes: "list",
  pureLinks: "list",
  pureContentCues: "list",
  materialGenericNouns: "record",
  ...ABSENCE_DATA,
  compareBefore: "list",
  likenessBefore: "list",
  materialFitBefore: "list",
  compareRightBefore: "list",
  denialCues: "list",
  otherItemAfter: "list",
  otherItemCues: "list",
  materialPartNouns: "list",
  materialPartLinks: "list",
  materialPartBefore: "list",
  materialPartBeforeLinks: "list",
  materialCushionParts: "list",
  materialFillTerms: "list",
  materialPriceNouns: "list",
  materialTradeNames: "list",
} as const;

interface Tables {
  famOf: Map<string, string>;
  famTerms: string[];
  claimTerms: string[];
  materialNot: Set<string>;
  /** All material terms (single characters too) plus compounds that contain a material word but claim none (薅羊毛, 牛皮纸). */
  materialAll: string[];
  /** Graded material terms (304不锈钢, 白鸭绒) and their grade within the family. */
  gradeOf: Map<string, string>;
  /**
   * Words that name a family as a whole, with their families: material terms (真皮, 塑料, 涤纶) and
   * words that are none (板子 for engineered wood, 化纤 for each synthetic fibre), which claim only
   * when said to be absent.
   */
  genericOf: Map<string, string[]>;
  /** The generic words with every material term and compound, scanned together (the longest wins). */
  nounScan: string[];
  /** A pure word and a link after it (全是, 全都是, 纯用的): a pure claim on the material after them. */
  pureLinked: string[];
}

const tables = perLexicon((data: SharedData<typeof DATA>): Tables => {
  const famOf = new Map<string, string>();
  for (const [fam, terms] of Object.entries(data.record("materials"))) for (const x of terms) if (!famOf.has(x)) famOf.set(x, fam);
  const gradeOf = new Map<string, string>();
  for (const [grade, terms] of Object.entries(data.record("materialGrades"))) for (const x of terms) if (famOf.has(x) && !gradeOf.has(x)) gradeOf.set(x, grade);
  const materialNot = new Set(data.list("materialNotClaims"));
  const genericOf = new Map<string, string[]>();
  for (const [fam, nouns] of Object.entries(data.record("materialGenericNouns"))) for (const n of nouns) genericOf.set(n, [...(genericOf.get(n) ?? []), fam]);
  const pureLinked = data.list("purePrefixes").flatMap((p) => data.list("pureLinks").map((l) => p + l));
  return {
    famOf,
    famTerms: [...famOf.keys()],
    claimTerms: [...famOf.keys()].filter((x) => x.length > 1),
    materialNot,
    materialAll: [...famOf.keys(), ...materialNot],
    gradeOf,
    genericOf,
    nounScan: [...genericOf.keys(), ...famOf.keys(), ...materialNot],
    pureLinked,
  };
});

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
 * `joined(a, b)` says whether text[a, b) is one unbroken run. In an attribute value (`inValue`), a term
 * that is both a family term and a no-claim word (b货: it names the listing's grade there, and said
 * aloud is only a contrast) is kept.
 */
function materialHits(text: string, tab: Tables, joined: (a: number, b: number) => boolean, inValue = false): MaterialHit[] {
  const out: MaterialHit[] = [];
  let taken = 0;
  for (const o of occurrences(text, tab.materialAll)) {
    if (tab.materialNot.has(o.term) && !(inValue && tab.famOf.has(o.term))) {
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

/** A part label before its material: a short run of Han characters and a colon (面料：, 填充物:). */
const PART_LABEL = /^\s*\p{Script=Han}{1,6}\s*[:：]/u;

/**
 * The parts of a value written part by part, each part labeled and set off by a semicolon
 * (面料：棉100%；填充：聚酯纤维); none when the value is not written so (one part, or a part with no label).
 */
function labeledParts(raw: string): string[] {
  const out: string[] = [];
  for (const piece of raw.split(/[;；]/u)) {
    if (piece.trim() === "") continue;
    if (!PART_LABEL.test(piece)) return [];
    out.push(piece);
  }
  return out.length > 1 ? out : [];
}

export const materialRule = aspectRule("material claims checked against the listing's material attribute", DATA, ({ ctx, data, report }, attrs) => {
  const tab = tables(data);
  const { famOf, famTerms, claimTerms, gradeOf } = tab;
  const text = ctx.text;
  const joined = (a: number, b: number) => ctx.cutAtSeparator(a, b) === b;
  // Every finding is a material named in the text: with none, the attributes need no reading.
  const claims = materialHits(text, tab, joined);
  const nouns = tab.genericOf.size ? occurrences(text, tab.nounScan).filter((o) => tab.genericOf.has(o.term) && !famOf.has(o.term)) : [];
  if (claims.length === 0 && nouns.length === 0) return;
  // A key of another kind names the material when its value holds a material word (成分: 100%聚酯纤维).
  const material = attrs.filter((a) => a.kind === "material" || ((a.kind === "other" || a.kind === "ingredients") && occurrences(a.value, claimTerms).length > 0));
  if (material.length === 0) return;
  /**
   * The families the values state, not deny (聚酯纤维，不含桑蚕丝 states no silk; 化纤 states each
   * synthetic fibre), and their terms: what a claim, or an absence claim, is checked against.
   */
  const attrFams = new Set<string>();
  const statedTerms: string[] = [];
  /** Families named together in one attribute (a blend). */
  const blendFams = new Set<string>();
  const grades = new Map<string, Set<string>>();
  const pcts = new Map<string, number>();
  /** A material the value denies (化纤，未检出山羊绒; 不含桑蚕丝): the goods are not made of it. */
  const deniedIn = (value: string, o: { start: number; end: number }) =>
    absentAt(value, 0, value.length, o.start, o.end, data) || endsWithAny(value.slice(0, o.start), data.list("denialCues"));
  /** Families a value names by a word for the whole family (化纤: each synthetic fibre), not denied. */
  const genericFams = (value: string) =>
    occurrences(value, tab.nounScan)
      .filter((o) => tab.genericOf.has(o.term) && !famOf.has(o.term) && !deniedIn(value, o))
      .flatMap((o) => tab.genericOf.get(o.term)!);
  /** Families only denied by the values: a claim of one is the denial rule's (attribute_mismatch.claim-vs-denial). */
  const deniedFams = new Set<string>();
  for (const a of material) {
    const fams = new Set<string>();
    // A value written part by part (面料：棉100%；填充：聚酯纤维): each part is its own material, and a
    // blend is two families named in one part, not one family per part.
    const parts = labeledParts(a.raw);
    for (const o of occurrences(a.value, famTerms)) {
      if (deniedIn(a.value, o)) deniedFams.add(famOf.get(o.term)!);
      else {
        fams.add(famOf.get(o.term)!);
        statedTerms.push(o.term);
      }
    }
    for (const f of fams) attrFams.add(f);
    if (parts.length > 1) {
      for (const part of parts) {
        const norm = normalize(part, ctx.lex.variants).text;
        const pf = new Set(occurrences(norm, famTerms).filter((o) => !deniedIn(norm, o)).map((o) => famOf.get(o.term)!));
        if (pf.size > 1) for (const f of pf) blendFams.add(f);
      }
    } else if (fams.size > 1) for (const f of fams) blendFams.add(f);
    // 化纤 names the family of every synthetic fibre, no blend of them; with a named material beside it
    // (棉65% 化纤35%) the value is a blend of that material and a synthetic.
    const generic = genericFams(a.value);
    for (const f of generic) attrFams.add(f);
    if (generic.length > 0 && [...fams].some((f) => !generic.includes(f))) for (const f of [...fams, ...generic]) blendFams.add(f);
    for (const chunk of a.raw.split(/[\s、,，;；/+]+/u)) {
      const norm = normalize(chunk, ctx.lex.variants).text;
      for (const h of materialHits(norm, tab, () => true, true)) {
        const g = gradeOf.get(h.term);
        if (g) grades.set(h.fam, (grades.get(h.fam) ?? new Set()).add(g));
        if (h.pct !== undefined) pcts.set(h.fam, Math.max(pcts.get(h.fam) ?? 0, h.pct));
      }
    }
  }
  if (attrFams.size === 0) return;
  const purePrefixes = data.list("purePrefixes");
  const pureCues = data.list("pureContentCues");
  const compare = data.list("compareBefore");
  const likeness = data.list("likenessBefore");
  const fitBefore = data.list("materialFitBefore");
  const compareRight = data.list("compareRightBefore");
  const denial = data.list("denialCues");
  const otherItem = data.list("otherItemAfter");
  const otherCues = data.list("otherItemCues");
  const where = material.map((a) => a.raw).join(" / ");
  const partNouns = data.list("materialPartNouns");
  const partLinks = data.list("materialPartLinks");
  const title = ctx.doc.segments.find((s) => s.field === "listing.title")?.norm.text ?? "";
  /** The word of `nouns` right after `at`, a link of materialPartLinks between (橡胶[的]轮胎). */
  const nounAfter = (at: number, nouns: string[]): string | undefined => {
    const link = partLinks.find((l) => text.startsWith(l, at)) ?? "";
    return nouns.find((w) => text.startsWith(w, at + link.length));
  };
  const priceNouns = data.list("materialPriceNouns");
  const partNamed = (at: number): boolean => {
    const part = nounAfter(at, partNouns);
    return part !== undefined && !title.includes(part);
  };
  const priceNamed = (at: number): boolean => nounAfter(at, priceNouns) !== undefined;
  const partsBefore = data.list("materialPartBefore");
  const partBeforeLinks = data.list("materialPartBeforeLinks");
  const cushionParts = data.list("materialCushionParts");
  const fillTerms = data.list("materialFillTerms");
  /**
   * A part named right before the material, a link between or none (坐垫海绵, 框架是实木), and not the goods
   * the title names: a title that holds the part only as this part's material (实木餐椅 坐垫海绵) names a part.
   */
  const partNamedBefore = (at: number, term: string): boolean => {
    const lead = text.slice(Math.max(ctx.clauseStart(at), at - 8), at);
    // The longest link that ends the lead (用的是, not 是).
    let link = "";
    for (const l of partBeforeLinks) if (l.length > link.length && lead.endsWith(l)) link = l;
    const rest = lead.slice(0, lead.length - link.length);
    // A cushion's cover is the goods' upholstery (坐垫是头层牛皮 is a claim); its filling is a part (坐垫海绵).
    const part = partsBefore.find((p) => rest.endsWith(p)) ?? (fillTerms.some((f) => term.includes(f)) ? cushionParts.find((p) => rest.endsWith(p)) : undefined);
    return part !== undefined && (!title.includes(part) || title.includes(part + link + term));
  };
  const tradeNames = new Set(data.list("materialTradeNames"));
  /** The listing's own family named, not said absent, within reach of `c` (a claim or a word for a whole family). */
  const fibreNamedNear = (c: { start: number; end: number }): boolean =>
    claims.some((o) => o !== c && o.start >= c.start - 30 && o.start <= c.end + 30 && attrFams.has(o.fam) && !(o.term.length > 1 && absent(o))) ||
    nouns.some((n) => n.start >= c.start - 30 && n.start <= c.end + 30 && tab.genericOf.get(n.term)!.some((f) => attrFams.has(f)) && !absent(n));
  // 一块板子都没有, 不含化纤: a family said to be absent, by a word that names no material of its own, while the attribute states it.
  const absent = (c: { start: number; end: number }) => absentAt(text, ctx.clauseStart(c.start), ctx.clauseEnd(c.end - 1), c.start, c.end, data, ctx);
  for (const n of nouns) {
    const fams = tab.genericOf.get(n.term)!.filter((f) => attrFams.has(f));
    if (fams.length && !splitWord(ctx, n.start, n.end) && absent(n)) reportClaim(report, "material", n, `claims no ${n.term} (${fams.join(", ")}); listing material is ${where}`, material);
  }
  for (const c of claims) {
    if (c.term.length > 1 && absent(c)) {
      // 不是纯羊毛: a pure material denied says the goods are not pure, not that the material is absent.
      const pureTerm = c.pct === 100 || purePrefixes.some((p) => c.term.startsWith(p));
      // A word for the whole family (没有塑料, 不是真皮) denies every member the attribute states; a graded
      // material (不是大叶紫檀, 不是牛皮) only its grade; any other the term itself, written longer or shorter
      // (不掺海绵 against 高密度海绵).
      const grade = gradeOf.get(c.term);
      const whole = tab.genericOf.get(c.term);
      const named = whole
        ? whole.some((f) => attrFams.has(f))
        : grade !== undefined
          ? grades.get(c.fam)?.has(grade) === true
          : statedTerms.some((t) => famOf.get(t) === c.fam && (t.includes(c.term) || c.term.includes(t)));
      if (!pureTerm && named && !splitWord(ctx, c.start, c.end)) reportClaim(report, "material", c, `claims no ${c.term} (${c.fam}); listing material is ${where}`, material);
      continue;
    }
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    const fam = c.fam;
    if (deniedFams.has(fam) && !attrFams.has(fam)) continue;
    const before = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 4), c.start);
    // 全是实木的, 全都是真丝: a pure word linked to the material, itself not negated (不全是实木 claims no purity).
    const lead6 = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 6), c.start);
    // The pure word must start a word of its own: 全 in 安全是实木, 齐全是实木, 完全是, 配件齐全实木 is none.
    const startsWord = (at: number) => ctx.phraseTokens.wordStart(ctx.phraseTokens.word(at)) === at;
    const linked = tab.pureLinked.filter((w) => lead6.endsWith(w) && startsWord(c.start - w.length)).sort((a, b) => b.length - a.length)[0];
    const pure =
      purePrefixes.some((p) => (c.term.startsWith(p) && startsWord(c.start)) || (before.endsWith(p) && startsWord(c.start - p.length))) ||
      c.pct === 100 ||
      (linked !== undefined && claimOk(ctx, c.start - linked.length));
    // A single character (棉, 银) claims a material only with its content (棉100%, 纯棉 is a term of its own).
    if (c.term.length === 1 && !(c.pct !== undefined && c.pct >= 50) && !endsWithAny(before, pureCues)) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 8), c.start);
    // 摸着像真皮, 媲美羊绒: a likeness names the material it is compared with, not its own.
    if (likeness.some((w) => lead.includes(w))) continue;
    // 比碳素竿重: the material right after a comparison word is what the goods are set against.
    if (compareRight.some((w) => lead.endsWith(w))) continue;
    // 不适用于陶瓷刀, 兼容铝合金: right after a fit word, what the goods work on or with.
    if (fitBefore.some((w) => lead.endsWith(w))) continue;
    // 非真皮, 并非纯棉: denied right before (the negation cues hold no 非).
    if (denial.some((w) => lead.endsWith(w))) continue;
    // 想要烫染的去拍真人发那款, 全棉的那件在三号链接: the material of another item on sale, not of this
    // one — a pointer word after it and, in its clause, a word that sends the buyer elsewhere.
    const clauseEnd = ctx.clauseEnd(c.end);
    const tail = text.slice(c.end, Math.min(clauseEnd, c.end + 4));
    if (otherItem.some((w) => tail.startsWith(w))) {
      const clause = text.slice(ctx.clauseStart(c.start), clauseEnd);
      if (otherCues.some((w) => clause.includes(w))) continue;
    }
    const comparison = compare.some((w) => lead.includes(w));
    // 橡胶轮胎, 金属的拉链: another material named for a part (not the goods themselves, which the
    // title names) says nothing of the goods' material; a part of the attribute's family is still checked.
    // 坐垫海绵, 框架是实木: the part named before the material, the same.
    if (!attrFams.has(fam) && (partNamed(c.end) || partNamedBefore(c.start, c.term))) continue;
    // 实木的价钱贵好几倍: a material's price named, in a comparison, claims nothing of the goods.
    if (priceNamed(c.end)) continue;
    // fixO: a fabric trade name (超柔棉, 柔肤棉) with the listing's own fibre named beside it (其实是聚酯纤维,
    // 它是化纤) is the name explained, not a cotton claim.
    if (!attrFams.has(fam) && tradeNames.has(c.term) && fibreNamedNear(c)) continue;
    let why: string | undefined;
    if (!attrFams.has(fam)) why = `claims ${c.term} (${fam}); listing material is ${where}`;
    else if (pure && blendFams.has(fam)) why = `claims pure ${c.term}; listing material is a blend: ${where}`;
    else if (!comparison && gradeOf.has(c.term) && grades.has(fam) && !grades.get(fam)!.has(gradeOf.get(c.term)!))
      why = `claims ${c.term} (${gradeOf.get(c.term)}); listing material is ${where}`;
    else if (!comparison && c.pct !== undefined && pcts.has(fam) && c.pct > pcts.get(fam)!)
      why = `claims ${c.pct}% ${c.term}; listing material is ${where}`;
    if (why) reportClaim(report, "material", c, why, material);
  }
});
