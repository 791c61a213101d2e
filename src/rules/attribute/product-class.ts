/**
 * attribute_mismatch, what kind of goods they are: the listing's own class attribute
 * (类别: 固体饮料, 压片糖果, 普通食品) rules out what the title, a selling point or the
 * host calls them (奶粉, 保健食品, 药): a solid drink sold as milk powder, an ordinary
 * food sold as a health food. Word lists in lexicons/attribute_mismatch.yaml:
 * `productClassKeys` (the keys that hold the class; as written, any case),
 * `productClassValues` (class → the words of such a value that put the goods in it),
 * `productClassClaims` (class → what goods of that class may not be called) and
 * `productClassNotClaims` (words that hold a claim word and claim nothing: 奶粉勺).
 */
import { occurrences, perLexicon, type SharedData } from "../rule.js";
import type { Attr } from "../attributes.js";
import { aspectRule, claimOk, reportClaim, splitWord } from "./shared.js";

const CLASS_DATA = {
  productClassKeys: "rawList",
  productClassValues: "record",
  productClassClaims: "record",
  productClassNotClaims: "list",
  denialCues: "list",
} as const;

/** Each class's claims and the words that hold one but claim nothing, scanned together (one array per class and lexicon). */
const claimScan = perLexicon((data: SharedData<typeof CLASS_DATA>) => {
  const not = data.list("productClassNotClaims");
  return new Map(Object.entries(data.record("productClassClaims")).map(([cls, claims]) => [cls, [...claims, ...not]]));
});

export const productClassRule = aspectRule(
  "what the goods are called checked against the listing's own class attribute",
  CLASS_DATA,
  ({ ctx, data, report }, attrs) => {
    const keys = data.rawList("productClassKeys").map((k) => k.toLowerCase());
    const cues = data.list("denialCues");
    const classed: { cls: string; attr: Attr; word: string }[] = [];
    for (const a of attrs) {
      const key = a.key.toLowerCase();
      if (!keys.some((k) => key.includes(k))) continue;
      for (const [cls, words] of Object.entries(data.record("productClassValues"))) {
        const hit = occurrences(a.value, words).find((o) => !cues.some((c) => a.value.endsWith(c, o.start)));
        if (hit) classed.push({ cls, attr: a, word: hit.term });
      }
    }
    if (classed.length === 0) return;
    const notClaims = new Set(data.list("productClassNotClaims"));
    const text = ctx.text;
    const reported = new Set<number>();
    for (const { cls, attr, word } of classed) {
      for (const c of occurrences(text, claimScan(data).get(cls) ?? [])) {
        if (notClaims.has(c.term) || reported.has(c.start)) continue;
        // The class word itself in the text (固体饮料 said aloud) or a denial before the claim (不是奶粉) claims nothing.
        if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
        if (cues.some((w) => text.endsWith(w, c.start))) continue;
        reported.add(c.start);
        reportClaim(report, "variety", c, `called ${c.term}; the listing's ${attr.key} says ${word}`, [attr]);
      }
    }
  },
);
