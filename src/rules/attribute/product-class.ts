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
import { aspectRule, claimOk, deniedIn, reportClaim, splitWord } from "./shared.js";

const CLASS_DATA = {
  productClassKeys: "rawList",
  productClassValues: "record",
  productClassClaims: "record",
  productClassNotClaims: "list",
  denialCues: "list",
} as const;

/**
 * Per lexicon: the class keys (lower case), each class with its value words, and each class's claims
 * scanned together with the words that hold one but claim nothing.
 */
const tables = perLexicon((data: SharedData<typeof CLASS_DATA>) => {
  const not = data.list("productClassNotClaims");
  const claims = data.record("productClassClaims");
  return {
    keys: data.rawList("productClassKeys").map((k) => k.toLowerCase()),
    classes: Object.entries(data.record("productClassValues")),
    scans: new Map(Object.keys(claims).map((cls) => [cls, [...claims[cls], ...not]])),
    notClaims: new Set(not),
  };
});

export const productClassRule = aspectRule(
  "what the goods are called checked against the listing's own class attribute",
  CLASS_DATA,
  ({ ctx, data, report }, attrs) => {
    const { keys, classes, scans, notClaims } = tables(data);
    const cues = data.list("denialCues");
    const classed: { cls: string; attr: Attr; word: string }[] = [];
    for (const a of attrs) {
      const key = a.key.toLowerCase();
      if (!keys.some((k) => key.includes(k))) continue;
      for (const [cls, words] of classes) {
        const hit = occurrences(a.value, words).find((o) => !deniedIn(a.value, o.start, cues));
        if (hit) classed.push({ cls, attr: a, word: hit.term });
      }
    }
    if (classed.length === 0) return;
    const text = ctx.text;
    const reported = new Set<number>();
    for (const { cls, attr, word } of classed) {
      for (const c of occurrences(text, scans.get(cls) ?? [])) {
        if (notClaims.has(c.term) || reported.has(c.start)) continue;
        // A claim negated or denied right before it (不是奶粉, 非保健品) claims nothing.
        if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
        if (cues.some((w) => text.endsWith(w, c.start))) continue;
        reported.add(c.start);
        reportClaim(report, "variety", c, `called ${c.term}; the listing's ${attr.key} says ${word}`, [attr]);
      }
    }
  },
);
