/**
 * What the attribute_mismatch rules share (one module per aspect in this
 * folder): the rule's meta, the finding helper every aspect reports through,
 * the claim tests (negation, split words) and the place tables.
 */
import type { AnalysisContext } from "../../context/context.js";
import type { Aspect } from "../../types.js";
import { ATTRIBUTE_KEYS_DATA, listingAttributes, type Attr, type AttrKind } from "../attributes.js";
import { defineRule, occurrences, type DataDecl, type Rule, type RuleContext, type RuleMeta, type SharedData, perLexicon } from "../rule.js";

/** The meta every attribute_mismatch.claim-vs-attributes module shares: one rule id (its citation and suggestion: lexicons/attribute_mismatch.yaml `codeRules:`). */
export const CLAIM_VS_ATTRIBUTES = { id: "attribute_mismatch.claim-vs-attributes", category: "attribute_mismatch" } as const satisfies Pick<RuleMeta, "id" | "category">;

/**
 * One aspect's check of claims against the listing's attributes, as a rule:
 * the shared meta, the aspect's description and data keys (plus the keys that
 * group the attributes), run only on items with attributes. An aspect that
 * another rule document governs (colour) gives its own id, whose citation and
 * suggestion are its own `codeRules:` entry.
 */
export function aspectRule<const D extends DataDecl>(
  description: string,
  data: D,
  check: (rc: RuleContext<D & typeof ATTRIBUTE_KEYS_DATA>, attrs: Attr[]) => void,
  meta: Partial<Pick<RuleMeta, "id">> = {},
): Rule {
  return defineRule({
    meta: { ...CLAIM_VS_ATTRIBUTES, ...meta, description, data: { ...ATTRIBUTE_KEYS_DATA, ...data } },
    check(rc) {
      const attrs = listingAttributes(rc.ctx, rc.data);
      if (attrs.length) check(rc, attrs);
    },
  });
}

/**
 * An aspect checked against its own attributes: run only when the listing has
 * attributes of that kind, which the check gets beside all of them.
 */
export function kindRule<const D extends DataDecl>(
  kind: AttrKind,
  description: string,
  data: D,
  check: (rc: RuleContext<D & typeof ATTRIBUTE_KEYS_DATA>, own: Attr[], attrs: Attr[]) => void,
  meta: Partial<Pick<RuleMeta, "id">> = {},
): Rule {
  return aspectRule(
    description,
    data,
    (rc, attrs) => {
      const own = attrs.filter((a) => a.kind === kind);
      if (own.length) check(rc, own, attrs);
    },
    meta,
  );
}

/** Listing attributes as written, for a finding's evidence. */
export function shown(attrs: Attr[]): Array<{ key: string; value: string }> {
  return attrs.map((a) => ({ key: a.key, value: a.raw }));
}

export interface Claim {
  /** Normalized document range of the claim words. */
  start: number;
  end: number;
  term: string;
}

/**
 * The one way an attribute finding is reported: its aspect and the claim
 * checked against the listing attributes, typed on the finding (`evidence`,
 * read by 真实宝 compensation), and an explanation step named after the
 * aspect with the note. `claim` defaults to the claim's term; `trace: false`
 * leaves the evidence out of the explanation step (the note says it).
 */
export function reportClaim(
  report: RuleContext["report"],
  aspect: Aspect,
  at: Claim,
  note: string,
  listing: Attr[],
  o: { claim?: string; trace?: boolean } = {},
): void {
  const evidence = { claim: o.claim ?? at.term, listing: shown(listing) };
  report({
    start: at.start,
    end: at.end,
    term: at.term,
    steps: [o.trace === false ? { step: aspect, effect: 0, note } : { step: aspect, effect: 0, note, evidence }],
    evidence: { aspect, ...evidence },
  });
}

/**
 * A claim stands unless negated; a cue that ends the previous clause or sentence (看不出区别。华为官方正品) negates nothing here.
 * The aspects judge negation here rather than through the negation context step (meta.context): that
 * step would also let a list negation of the previous clause (不含A、B，纯C) cancel the claim.
 */
export function claimOk(ctx: AnalysisContext, start: number): boolean {
  const neg = ctx.negatedAt(start);
  if (!neg) return true;
  return neg.end <= start && ctx.clauseStart(start) >= neg.end;
}

/**
 * Is the match [start, end) cut by a separator that makes it two words (捐1元 江西 -> 元江)?
 * A letter-spaced word (新 疆, 阳.澄.湖) still counts: every gap inside it and one edge are separated.
 */
export function splitWord(ctx: AnalysisContext, start: number, end: number): boolean {
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

/** Is the term at `at` in an attribute value denied right before it (不含食用酒精, 无酒精, 非固体饮料)? */
export function deniedIn(value: string, at: number, cues: string[]): boolean {
  const lead = value.slice(Math.max(0, at - 4), at);
  return cues.some((c) => lead.endsWith(c));
}

/** Does any attribute value hold the term? */
export function has(values: Attr[], term: string): boolean {
  return values.some((a) => a.value.includes(term));
}

/** Do the words of the list end `s` / start `s`? */
export function endsWithAny(s: string, words: string[]): boolean {
  return words.some((w) => s.endsWith(w));
}

/** The longest word of `words` that `s` starts with (ends with, when `atEnd`), or undefined. */
export function longestAffix(s: string, words: string[], atEnd = false): string | undefined {
  let best: string | undefined;
  for (const w of words) if ((best === undefined || w.length > best.length) && (atEnd ? s.endsWith(w) : s.startsWith(w))) best = w;
  return best;
}

/** The data keys of the place tables (origin claims, ingredient origins). */
export const PLACE_DATA = { places: "record", provinces: "list", placeNotClaims: "list", shippingCues: "list" } as const;

export interface PlaceTables {
  /** Place -> its province or country. */
  region: Map<string, string>;
  /** Place names of 2+ characters. */
  placeNames: string[];
  /** Place names and the compounds that hold one but claim none, scanned together (longest wins). */
  placeScan: string[];
  placeNot: Set<string>;
  provinces: Set<string>;
}

export const placeTables = perLexicon((data: SharedData<typeof PLACE_DATA>): PlaceTables => {
  const region = new Map<string, string>();
  for (const [reg, names] of Object.entries(data.record("places"))) {
    region.set(reg, reg);
    for (const n of names) if (!region.has(n)) region.set(n, reg);
  }
  const provinces = new Set(data.list("provinces"));
  for (const p of provinces) if (!region.has(p)) region.set(p, p);
  const placeNames = [...region.keys()].filter((n) => n.length > 1);
  const placeNot = new Set(data.list("placeNotClaims"));
  return { region, placeNames, placeScan: [...placeNames, ...placeNot], placeNot, provinces };
});

/** Is the place at [start, end) in a shipping note (新疆西藏除外, 偏远地区不包邮), not an origin claim? */
export function shippingNote(ctx: AnalysisContext, data: SharedData<typeof PLACE_DATA>, start: number, end: number): boolean {
  // Judged once per clause: a long unpunctuated text full of places stays linear.
  const from = ctx.clauseStart(start);
  const to = ctx.clauseEnd(end - 1);
  const seen = ctx.memo("shippingNoteClauses", () => new Map<string, boolean>());
  const key = `${from}:${to}`;
  let v = seen.get(key);
  if (v === undefined) {
    const clause = ctx.text.slice(from, to);
    v = data.list("shippingCues").some((s) => clause.includes(s));
    seen.set(key, v);
  }
  return v;
}

export { occurrences };

/** The data keys of an absence claim (一块板子都没有, 没有任何磨损, 不含密度板). */
export const ABSENCE_DATA = {
  absenceBefore: "list",
  absenceFillers: "list",
  absenceAfter: "list",
  absenceNotAfter: "list",
  absenceNotBefore: "list",
  absenceUndoneAfter: "list",
  absenceQuestionEnd: "list",
} as const;

/** Marks that end a clause as a question (有没有划痕？). */
const QUESTION_MARKS = /[?？]/u;

/**
 * Does a question mark follow the normalized character at `last` (九五新？没有, 有没有化纤？)?
 * Normalized text keeps no punctuation: read the original between it and the next character.
 */
export function askedAfter(ctx: AnalysisContext, last: number): boolean {
  const doc = ctx.doc;
  if (last < 0 || last >= doc.text.length) return false;
  const seg = doc.segments[doc.segAt[last]];
  const i = last - seg.offset;
  const next = i + 1 < seg.norm.text.length ? seg.norm.src[i + 1] : seg.original.length;
  return QUESTION_MARKS.test(seg.original.slice(seg.norm.srcEnd[i], next));
}

/**
 * Is the word at [start, end) of `text` said to be absent: a cue right before
 * it, a filler between allowed (没有一点磨损, 不含任何板材, 不是那种密度板), or a
 * cue right after it, a filler before it allowed (一块板子都没有, 磨损都没有)?
 * Judged within [from, to) (its clause, or an attribute value); not where the
 * word names a smell or a likeness of the thing (没有板材味); not where the cue
 * is the tail of a question or choice (有没有划痕, 是不是实木, 有无瑕疵, 无论是不是
 * 化纤: `absenceNotBefore`, the text up to the cue's end) or the clause is asked
 * (有没有化纤？, …吗: `absenceQuestionEnd`); not where the absence is itself
 * undone (没有任何使用痕迹是不可能的, 不敢说没有瑕疵: `absenceUndoneAfter` in the
 * rest of the clause, and, given the document's context, a negation of the cue).
 */
export function absentAt(
  text: string,
  from: number,
  to: number,
  start: number,
  end: number,
  data: SharedData<typeof ABSENCE_DATA>,
  ctx?: AnalysisContext,
): boolean {
  const tail = text.slice(end, to);
  if (data.list("absenceNotAfter").some((w) => tail.startsWith(w))) return false;
  // Asked (有没有化纤？, 没有划痕吗): no absence said.
  if ((ctx !== undefined && askedAfter(ctx, to - 1)) || endsWithAny(tail.trimEnd(), data.list("absenceQuestionEnd"))) return false;
  const notBefore = data.list("absenceNotBefore");
  const undone = data.list("absenceUndoneAfter");
  // Does the cue at [cueStart, cueEnd) stand: not the tail of a question or choice word, not negated itself, not undone after?
  const cueStands = (cueStart: number, cueEnd: number, wordLead: string) => {
    const upTo = text.slice(Math.max(0, cueStart - 6), cueEnd);
    const before = text.slice(Math.max(0, cueStart - 6), cueStart);
    if (notBefore.some((w) => (upTo.endsWith(w) && w.length > cueEnd - cueStart) || before.endsWith(w) || wordLead.endsWith(w))) return false;
    const rest = text.slice(Math.max(cueEnd, end), to);
    if (undone.some((w) => rest.includes(w))) return false;
    // 不敢说没有: the cue itself negated, right before it (not a negation of an earlier word: 可不能含糊这不是生铁).
    return ctx === undefined || claimOk(ctx, cueStart) || ctx.negatedAt(cueStart)!.end < cueStart;
  };
  const after = longestAffix(tail, data.list("absenceAfter"));
  const leadFrom = Math.max(from, start - 8);
  let lead = text.slice(leadFrom, start);
  const filler = longestAffix(lead, data.list("absenceFillers"), true);
  if (filler) lead = lead.slice(0, -filler.length);
  if (after) return cueStands(end, end + after.length, lead);
  const cues = data.list("absenceBefore").filter((w) => lead.endsWith(w));
  const cueEnd = leadFrom + lead.length;
  return cues.some((w) => cueStands(cueEnd - w.length, cueEnd, ""));
}

/**
 * The unit tables of the attribute data: a unit's canonical name (`unitAliases`: 克 -> g) and the
 * unit it is compared under with its factor (`unitScales`: 斤 -> g × 500), keyed by canonical name.
 */
export function unitTables(aliases: Record<string, string[]>, scales: Record<string, string[]>): {
  unitOf: Map<string, string>;
  scaleOf: Map<string, { base: string; factor: number }>;
} {
  const unitOf = new Map<string, string>();
  for (const [name, units] of Object.entries(aliases)) for (const u of units) if (!unitOf.has(u)) unitOf.set(u, name);
  const scaleOf = new Map<string, { base: string; factor: number }>();
  for (const [key, units] of Object.entries(scales)) {
    const m = /^(\d+(?:\.\d+)?)(\D+)$/u.exec(key);
    if (!m) continue;
    for (const u of units) if (!scaleOf.has(unitOf.get(u) ?? u)) scaleOf.set(unitOf.get(u) ?? u, { base: m[2], factor: Number(m[1]) });
  }
  return { unitOf, scaleOf };
}
