/**
 * attribute_mismatch, exclusive kinds of one raw material: a kind said in the
 * text (古树, 纯料, 春茶, 燕盏, 淡干) while an attribute of any key names only
 * other kinds of the same group (原料: 台地茶; 工艺: 拼配; 采摘季节: 秋茶). Data
 * `exclusiveGrades`: "group/kind" -> the words for that kind; a group's kinds
 * exclude each other. A kind the attribute denies (非古树) is not named by it.
 */
import { SEP_WEAK } from "../../normalize/chars.js";
import type { Attr } from "../attributes.js";
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { ABSENCE_DATA, absentAt, aspectRule, claimOk, endsWithAny, has, reportClaim, splitWord } from "./shared.js";

const DATA = {
  exclusiveGrades: "record",
  exclusiveGradeNotClaims: "list",
  kindExplainLinks: "list",
  denialCues: "list",
  compareBefore: "list",
  likenessBefore: "list",
  compareRightBefore: "list",
  ...ABSENCE_DATA,
} as const;

/** Attribute kinds that name no kind of the goods' material (a brand named 古树茶业). */
const NOT_GRADED: ReadonlySet<Attr["kind"]> = new Set(["brand", "color"]);

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const kindOf = new Map<string, { group: string; kind: string }>();
  for (const [key, words] of Object.entries(data.record("exclusiveGrades"))) {
    const cut = key.lastIndexOf("/");
    const group = cut > 0 ? key.slice(0, cut) : key;
    for (const w of words) if (!kindOf.has(w)) kindOf.set(w, { group, kind: key });
  }
  const notClaims = new Set(data.list("exclusiveGradeNotClaims"));
  return { kindOf, notClaims, scan: [...kindOf.keys(), ...notClaims] };
});

export const gradeRule = aspectRule("kinds of a raw material checked against attributes naming another kind of its group", DATA, ({ ctx, data, report }, attrs) => {
  const { kindOf, notClaims, scan } = tables(data);
  const text = ctx.text;
  const claims = occurrences(text, scan).filter((o) => !notClaims.has(o.term));
  if (claims.length === 0) return;
  const denial = data.list("denialCues");
  const explainLinks = data.list("kindExplainLinks");
  // The kinds each group's attributes name (not deny), and the attributes that name them.
  const named = new Map<string, { kinds: Set<string>; attrs: Attr[] }>();
  for (const a of attrs) {
    if (NOT_GRADED.has(a.kind)) continue;
    for (const o of occurrences(a.value, scan)) {
      const k = kindOf.get(o.term);
      if (!k || absentAt(a.value, 0, a.value.length, o.start, o.end, data) || endsWithAny(a.value.slice(0, o.start), denial)) continue;
      const g = named.get(k.group) ?? { kinds: new Set<string>(), attrs: [] };
      g.kinds.add(k.kind);
      if (!g.attrs.includes(a)) g.attrs.push(a);
      named.set(k.group, g);
    }
  }
  if (named.size === 0) return;
  const like = [...data.list("compareBefore"), ...data.list("likenessBefore")];
  const right = data.list("compareRightBefore");
  // The listing's own brand said in the text (古树茶业出品): its name grades nothing.
  // (Each position marked with the end of the furthest brand name covering it: linear in the text.)
  let brandEnd: Int32Array | undefined;
  for (const a of attrs) {
    if (a.kind !== "brand" || a.value.length < 2) continue;
    for (let at = text.indexOf(a.value); at >= 0; at = text.indexOf(a.value, at + 1)) {
      brandEnd ??= new Int32Array(text.length);
      const end = at + a.value.length;
      for (let k = at; k < end && brandEnd[k] < end; k++) brandEnd[k] = end;
    }
  }
  for (const c of claims) {
    if (brandEnd && brandEnd[c.start] >= c.end) continue;
    const k = kindOf.get(c.term)!;
    const g = named.get(k.group);
    if (!g || g.kinds.has(k.kind) || has(g.attrs, c.term)) continue;
    if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
    const lead = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 6), c.start);
    if (endsWithAny(lead, denial) || endsWithAny(lead, right) || like.some((w) => lead.includes(w))) continue;
    // The listing's own kind explained by the other, one phrase (燕条是挑燕盏时断下的条: the own kind, a link
    // word of kindExplainLinks, then the claimed kind, no separator between): the two told apart, not one
    // claimed for the other.
    const from = Math.max(ctx.clauseStart(c.start), c.start - 12);
    const explained = occurrences(text.slice(from, c.start), scan).some((o) => {
      const k2 = kindOf.get(o.term);
      if (!k2 || k2.group !== k.group || !g.kinds.has(k2.kind)) return false;
      const at = from + o.start;
      const after = text.slice(at + o.term.length, c.start);
      return explainLinks.some((w) => after.startsWith(w)) && !ctx.crosses(at, c.end - 1, SEP_WEAK);
    });
    if (explained) continue;
    // Said to be absent, or asked (是不是古树的): no claim of the kind.
    if (absentAt(text, ctx.clauseStart(c.start), ctx.clauseEnd(c.end - 1), c.start, c.end, data) || endsWithAny(lead, data.list("absenceNotBefore"))) continue;
    reportClaim(report, "variety", c, `claims ${c.term} (${k.kind}); listing says ${g.attrs.map((a) => `${a.key}: ${a.raw}`).join(" / ")}`, g.attrs);
  }
});
