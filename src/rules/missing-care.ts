/** missing_disclosure: live plants promoted with no care instructions, or special needs hidden (004 §4.2, §5.2(3), §5.4). */
import { BUY_QUANTITY } from "../context/near.js";
import { CHINESE_NUMBER_CHARS } from "../match/numbers.js";
import { alternation, defineRule, occurrences, perLexicon, type SharedData } from "./rule.js";

/** BUY_QUANTITY without the global flag, so `test` keeps no state between items. */
const BUYS_QUANTITY = new RegExp(BUY_QUANTITY.source, "u");

const NUMERAL = `0-9${CHINESE_NUMBER_CHARS}`;
const IS_NUMERAL = new RegExp(`[${NUMERAL}]`, "u");
/** A numeral right before a price unit (三十九块, 20元), per lexicon. One numeral character is enough to find
 * the price, so the search stays linear on a long run of numerals with no unit (a `+` before the unit re-read
 * the whole run from every start: quadratic). */
const pricePattern = perLexicon((data: SharedData<{ priceUnits: "list" }>) => new RegExp(`[${NUMERAL}](?:${alternation(data.list("priceUnits"), false)})`, "gu"));

/**
 * A price said (三十九块九, 二十元). A lone 一 before 块 with no 钱 or numeral after it is
 * "together" or "a piece" (放一块儿, 一块地), no price.
 */
function saysPrice(text: string, re: RegExp): boolean {
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    const after = text[at + m[0].length] ?? "";
    if (m[0] === "一块" && !IS_NUMERAL.test(text[at - 1] ?? "") && !(after === "钱" || IS_NUMERAL.test(after))) continue;
    return true;
  }
  return false;
}

export const missingCareRule = defineRule({
  meta: {
    id: "missing_disclosure.no-care-instructions",
    category: "missing_disclosure",
    description: "a script or listing promoting live plants that gives no care instructions",
    data: {
      artificial: "list",
      mouldFruits: "list",
      mouldWords: "list",
      mouldShapeCues: "list",
      notLiveAfter: "list",
      livePlants: "list",
      hiddenNeeds: "list",
      careCues: "list",
      priceUnits: "list",
    },
  },
  check({ ctx, data, report }) {
    const ch = ctx.doc.item.channel;
    const text = ctx.text;
    // Every finding rests on a mould-shaped fruit or a live plant: with neither in the text there is nothing to look for.
    const moulds = occurrences(text, data.list("mouldFruits"));
    const livePlants = occurrences(text, data.list("livePlants"));
    // A caption whose listing's title names the live plant (月饼礼盒 赠桂花盆栽) speaks of that plant even
    // when its own words name it loosely (送一盆桂花): its needs denied there are hidden.
    const title = ch === "caption" ? ctx.doc.item.listing?.title : undefined;
    if (moulds.length === 0 && livePlants.length === 0) {
      if (typeof title !== "string" || occurrences(title, data.list("livePlants")).length === 0) return;
      if (occurrences(title, data.list("artificial")).length || occurrences(text, data.list("artificial")).length) return;
      for (const h of occurrences(text, data.list("hiddenNeeds"))) {
        if (ctx.negatedAt(h.start)) continue;
        report({ start: h.start, end: h.end, term: h.term, steps: [{ step: "care", effect: 0, note: `hides care needs of the listing's plant: "${h.term}"` }] });
      }
      return;
    }
    if (occurrences(text, data.list("artificial")).length) return;
    // Shaped fruit that only moulds produce, promoted with its shape and no word of the
    // mould (5.2(3)): on every channel, a caption included, since the hiding is in what is said.
    if (moulds.length && occurrences(text, data.list("mouldWords")).length === 0 && occurrences(text, data.list("mouldShapeCues")).length) {
      const m = moulds[0];
      report({ start: m.start, end: m.end, term: m.term, steps: [{ step: "care", effect: 0, note: `"${m.term}" shape needs moulds, not said` }] });
    }
    const notLiveAfter = data.list("notLiveAfter");
    const plants = livePlants.filter(
      (p) => !notLiveAfter.some((w) => text.startsWith(w, p.end)) && !ctx.negatedAt(p.start),
    );
    if (plants.length === 0) return;
    const hidden = occurrences(text, data.list("hiddenNeeds")).filter((h) => !ctx.negatedAt(h.start));
    const reportHidden = () => {
      for (const h of hidden) {
        report({ start: h.start, end: h.end, term: h.term, steps: [{ step: "care", effect: 0, note: `hides care needs: "${h.term}"` }] });
      }
    };
    // A caption is one moment of a stream: care may be given at another time, but a need
    // denied in what is said (不用浇水不用晒太阳) is hidden there, as the mould check above.
    // A caption that carries the goods' listing and sells (上链接, 三十九块两棵) is read with it: the
    // listing is where the care is given for good (004 §5.4), so neither saying any is care missing.
    const listing = ch === "caption" ? ctx.doc.item.listing : undefined;
    if (ch === "caption" && !listing) return reportHidden();
    let careElsewhere = false;
    if (listing) {
      const fields = [listing.title, listing.description, ...(listing.sellingPoints ?? [])].filter((f): f is string => typeof f === "string");
      careElsewhere = fields.some((f) => occurrences(f, data.list("careCues")).length > 0);
    }
    // A price said (三十九块九, 二十元) sells as surely as a selling word.
    const selling =
      ctx.lex.groups.get("selling")?.some((s) => text.includes(s)) || BUYS_QUANTITY.test(text) || saysPrice(text, pricePattern(data));
    // A script, or a caption read with its listing, promotes the plant only with a selling cue.
    if (ch === "script" && !selling) return;
    if (ch === "caption" && !selling) return reportHidden();
    // 浇水 inside 不用浇水也不会死 is no care instruction.
    const care = occurrences(text, data.list("careCues")).filter((c) => !hidden.some((h) => c.start < h.end && h.start < c.end));
    const first = plants[0];
    if (care.length === 0 && !careElsewhere) {
      report({
        start: first.start,
        end: first.end,
        term: first.term,
        steps: [{ step: "care", effect: 0, note: `live plant "${first.term}" and no care instruction anywhere` }],
      });
    }
    reportHidden();
  },
});
