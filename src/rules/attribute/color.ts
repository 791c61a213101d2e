/**
 * attribute_mismatch, colour: the goods' colour stated in the text (开出来是大红色的,
 * 这个颜色是墨绿色, 开白色的花) that is of another basic colour family than every
 * colour of the listing's colour attribute (《【即时零售】鲜花行业管理规范》5.2(2), 5.3).
 * Conservative: only a colour word right after a statement cue (是, 开, 颜色是 …)
 * and written as a colour (…色, …的, …花); not when the listing's colour is mixed
 * or random (多色, 随机), nor for a colour of another thing in the clause (盆是白色的).
 */
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { kindRule, claimOk, reportClaim, splitWord } from "./shared.js";

const DATA = {
  colorFamilies: "record",
  colorNotClaims: "list",
  colorMixedValues: "list",
  colorClaimBefore: "list",
  colorClaimFillers: "list",
  colorClaimAfter: "list",
  colorOtherObjects: "list",
  colorQuestionAfter: "list",
  colorMeasureAfter: "list",
  colorClaimEnd: "list",
  colorSuffixes: "list",
  colorClaimGoesOn: "list",
  colorNamedGoods: "record",
} as const;

/** Characters of the clause read before a colour word (cue, fillers, another thing) and after it (a question). */
const LEAD = 16;

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const famsOf = new Map<string, Set<string>>();
  for (const [fam, terms] of Object.entries(data.record("colorFamilies"))) for (const t of terms) (famsOf.get(t) ?? famsOf.set(t, new Set()).get(t)!).add(fam);
  const not = new Set(data.list("colorNotClaims"));
  // The word lists of a claim's shape, read once per lexicon (not per item).
  const words = {
    mixed: data.list("colorMixedValues"),
    cues: data.list("colorClaimBefore"),
    fillers: data.list("colorClaimFillers"),
    afters: data.list("colorClaimAfter"),
    others: data.list("colorOtherObjects"),
    questions: data.list("colorQuestionAfter"),
    measure: data.list("colorMeasureAfter"),
    ends: data.list("colorClaimEnd"),
    suffixes: data.list("colorSuffixes"),
    goesOn: data.list("colorClaimGoesOn"),
  };
  // Goods whose name is a colour (蓝色妖姬 → blue; data colorNamedGoods: family -> names), the first family listed for a name.
  const namedFam = new Map<string, string>();
  for (const [fam, names] of Object.entries(data.record("colorNamedGoods"))) for (const n of names) if (!namedFam.has(n)) namedFam.set(n, fam);
  return { famsOf, scan: [...famsOf.keys(), ...not], not, words, namedFam, namedScan: [...namedFam.keys()] };
});

export const colorRule = kindRule(
  "color",
  "colour claims checked against the listing's colour attribute",
  DATA,
  ({ ctx, data, report }, color) => {
    const { famsOf, scan, not, words, namedFam, namedScan } = tables(data);
    const { mixed, cues, fillers, afters, others, questions, measure, ends, suffixes, goesOn } = words;
    if (color.some((a) => mixed.some((m) => a.value.includes(m)))) return;
    const listed = new Set<string>();
    for (const a of color) for (const o of occurrences(a.value, scan)) if (!not.has(o.term)) for (const f of famsOf.get(o.term)!) listed.add(f);
    if (listed.size === 0) return;
    const text = ctx.text;
    const where = color.map((a) => a.raw).join(" / ");
    // r25: on a listing, goods whose name is a colour (蓝色妖姬, 红玫瑰) against a colour attribute of only other
    // families; one named good of a listed colour makes it a mix, nothing is read.
    if (ctx.doc.item.channel === "listing") {
      const named = occurrences(text, namedScan).filter((o) => claimOk(ctx, o.start) && !splitWord(ctx, o.start, o.end));
      if (named.length && !named.some((o) => listed.has(namedFam.get(o.term)!))) {
        const c = named[0];
        reportClaim(report, "color", c, `names goods of colour ${namedFam.get(c.term)} (${c.term}); listing colour is ${where}`, color);
        return;
      }
    }
    /** After the colour: end words (的, 花, 款, 哦 …) and then the clause's end, a break, or a word that goes on about it (很, 特别). */
    const statementEnds = (from: number): boolean => {
      const end = ctx.clauseEnd(from - 1);
      let k = from;
      for (let e = ends.find((w) => text.startsWith(w, k)); e && k < end; e = ends.find((w) => text.startsWith(w, k))) k += e.length;
      return k >= end || ctx.doc.sep[k] > 0 || goesOn.some((w) => text.startsWith(w, k));
    };
    for (const c of occurrences(text, scan)) {
      if (not.has(c.term) || splitWord(ctx, c.start, c.end)) continue;
      const fams = famsOf.get(c.term)!;
      if ([...fams].some((f) => listed.has(f))) continue;
      // Written as a colour: with its 色 (大红色, 香芋紫 + 色), or a bare word with 的 / 花 after it
      // (红的, 开红花); and ending the statement (是红色的, 开蓝色的花, 是红色款), not a word
      // of its own (是绿色食品, 是绿色健康的).
      const suffix = suffixes.find((w) => text.startsWith(w, c.end));
      const stop = c.end + (suffix?.length ?? 0);
      if (!suffix && !suffixes.some((w) => c.term.endsWith(w)) && !afters.some((w) => text.startsWith(w, stop))) continue;
      if (!statementEnds(stop)) continue;
      // Right after a statement cue, a filler (纯, 那种) between allowed.
      // The clause before it, at most LEAD characters (a long unpunctuated text stays linear).
      const clause = Math.max(ctx.clauseStart(c.start), c.start - LEAD);
      let lead = text.slice(clause, c.start);
      for (let again = true; again; ) {
        again = false;
        for (const f of fillers) if (lead.endsWith(f)) (lead = lead.slice(0, -f.length)), (again = true);
      }
      const cue = cues.find((w) => lead.endsWith(w));
      if (!cue) continue;
      const from = clause + lead.length - cue.length;
      if (!claimOk(ctx, from) || !claimOk(ctx, c.start)) continue;
      // 盆是白色的, 叶子是绿色的: the colour of another thing in the clause.
      // 这盆月季, 三枝玫瑰: after a demonstrative or a numeral the word is a measure, not another thing.
      if (occurrences(lead, others).some((o) => !measure.some((m) => lead.endsWith(m, o.start)))) continue;
      // 是红色的吗: a question states nothing.
      const rest = text.slice(c.end, Math.min(ctx.clauseEnd(c.end - 1), c.end + LEAD));
      if (questions.some((q) => rest.includes(q))) continue;
      reportClaim(report, "color", c, `claims colour ${c.term} (${[...fams].join("/")}); listing colour is ${where}`, color);
    }
  },
  // Cited from its own codeRules: entry (鲜花行业管理规范 5.2(2), 5.3), not 真实宝 2.1.
  { id: "attribute_mismatch.color-vs-attributes" },
);
