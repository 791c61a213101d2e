/**
 * attribute_mismatch, version of electronics: the market version (国行 / 港版 /
 * 美版 …) or lock state (有锁 / 无锁) said in the text against the one the
 * listing states in an attribute (产地: 美版, 版本: 港版), its title or its
 * description (美版有锁需卡贴). Terms of one group exclude each other; names of one
 * version (有锁 / 卡贴机) are one. Not a version negated (不是国行), one the listing
 * itself denies (非国行), nor a text that also says the listing's own version
 * (国行港版都有, a correction). Two clothing cuts (韩版 / 欧版: `versionStyleTerms`)
 * are never compared with each other. Word lists: `versionTerms` (version -> its
 * names), `versionGroups` (group -> versions), `versionStyleTerms`, `denialCues`.
 */
import { defineRule, occurrences, perLexicon, type SharedData } from "../rule.js";
import { ATTRIBUTE_KEYS_DATA, listingAttributes, type Attr } from "../attributes.js";
import { CLAIM_VS_ATTRIBUTES, claimOk, endsWithAny, splitWord, reportClaim } from "./shared.js";
import { normalize } from "../../normalize/normalize.js";

const DATA = {
  versionTerms: "record",
  versionGroups: "record",
  versionStyleTerms: "list",
  denialCues: "list",
} as const;

type Data = SharedData<typeof DATA>;

const tables = perLexicon((data: Data) => {
  const versionOf = new Map<string, string>();
  for (const [v, names] of Object.entries(data.record("versionTerms"))) {
    if (!versionOf.has(v)) versionOf.set(v, v);
    for (const n of names) if (!versionOf.has(n)) versionOf.set(n, v);
  }
  const groupOf = new Map<string, string>();
  for (const [g, vs] of Object.entries(data.record("versionGroups"))) for (const v of vs) if (!groupOf.has(v)) groupOf.set(v, g);
  return { versionOf, groupOf, scan: [...versionOf.keys()], style: new Set(data.list("versionStyleTerms")) };
});

/** The versions a listing text states (not those it denies: 非国行). */
function statedIn(data: Data, s: string): Set<string> {
  const { versionOf, scan } = tables(data);
  const out = new Set<string>();
  const denial = data.list("denialCues");
  for (const o of occurrences(s, scan)) if (!endsWithAny(s.slice(Math.max(0, o.start - 3), o.start), denial)) out.add(versionOf.get(o.term)!);
  return out;
}

/** Run on every item with a listing: the version may be stated in the title or description alone. */
export const versionRule = defineRule({
  meta: { ...CLAIM_VS_ATTRIBUTES, description: "market version and lock state said against the listing's", data: { ...ATTRIBUTE_KEYS_DATA, ...DATA } },
  check({ ctx, data, report }) {
    if (!ctx.doc.item.listing) return;
    const attrs = listingAttributes(ctx, data);
    const { versionOf, groupOf, scan, style } = tables(data);
    const text = ctx.text;
    const hits = occurrences(text, scan).filter((o) => groupOf.has(versionOf.get(o.term)!));
    if (hits.length === 0) return;
    const listing = ctx.doc.item.listing;
    const variants = ctx.lex.variants;
    const own = new Set<string>();
    const sources: Attr[] = [];
    for (const a of attrs) {
      const s = statedIn(data, a.value);
      if (s.size) sources.push(a);
      for (const v of s) own.add(v);
    }
    for (const [key, field] of [
      ["title", listing?.title],
      ["description", listing?.description],
    ] as const) {
      if (typeof field !== "string" || !field) continue;
      const value = normalize(field, variants).text;
      const s = statedIn(data, value);
      if (s.size) sources.push({ key, kind: "other", raw: field, value });
      for (const v of s) own.add(v);
    }
    if (own.size === 0) return;
    // Versions the text says (not negated): a text that says the listing's own version too contradicts nothing.
    const said = hits.filter((h) => claimOk(ctx, h.start) && !splitWord(ctx, h.start, h.end));
    const saidVersions = new Set(said.map((h) => versionOf.get(h.term)!));
    for (const h of said) {
      const v = versionOf.get(h.term)!;
      const g = groupOf.get(v)!;
      if (own.has(v)) continue;
      const rivals = [...own].filter((o) => groupOf.get(o) === g && !(style.has(o) && style.has(v)));
      if (rivals.length === 0 || rivals.some((o) => saidVersions.has(o))) continue;
      reportClaim(report, g === "lock" ? "condition" : "origin", h, `claims ${h.term}; listing says ${rivals.join("/")}`, sources);
    }
  },
});
