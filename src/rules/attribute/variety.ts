/** attribute_mismatch, variety: another variety of the same produce than the listing's variety attribute (丹东九九草莓 with 品种 红颜). */
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import { kindRule, claimOk, has, reportClaim, splitWord } from "./shared.js";

const DATA = { varieties: "record", varietySameAs: "record" } as const;

const tables = perLexicon((data: SharedData<typeof DATA>) => {
  const produceOf = new Map<string, string>();
  for (const [produce, names] of Object.entries(data.record("varieties"))) for (const n of names) if (!produceOf.has(n)) produceOf.set(n, produce);
  /** A name -> the variety it names under another name (洋槐蜜 -> 槐花蜜); a name absent here is its own. */
  const sameAs = new Map<string, string>();
  for (const [variety, names] of Object.entries(data.record("varietySameAs"))) for (const n of names) if (!sameAs.has(n)) sameAs.set(n, variety);
  return { produceOf, sameAs, names: [...produceOf.keys()].filter((n) => n.length > 1) };
});

export const varietyRule = kindRule("variety", "variety claims checked against the listing's variety attribute", DATA, ({ ctx, data, report }, variety) => {
  const { produceOf, sameAs, names } = tables(data);
  const attrProduce = new Set<string>();
  const attrNames = new Set<string>();
  const attrSame = new Set<string>();
  for (const a of variety) {
    for (const o of occurrences(a.value, names)) {
      attrProduce.add(produceOf.get(o.term)!);
      attrNames.add(o.term);
      attrSame.add(sameAs.get(o.term) ?? o.term);
    }
  }
  for (const c of occurrences(ctx.text, names)) {
    if (!claimOk(ctx, c.start) || has(variety, c.term) || splitWord(ctx, c.start, c.end)) continue;
    // One name holding the other is the same variety said more or less exactly (普洱茶 / 普洱生茶).
    if (attrSame.has(sameAs.get(c.term) ?? c.term) || [...attrNames].some((t) => c.term.includes(t) || t.includes(c.term))) continue;
    const produce = produceOf.get(c.term)!;
    if (!attrProduce.has(produce)) continue;
    reportClaim(report, "variety", c, `claims variety ${c.term}; listing variety is ${variety.map((a) => a.raw).join(" / ")}`, variety);
  }
});
