/** missing_disclosure: live plants promoted with no care instructions, or special needs hidden (004 §4.2, §5.2(3), §5.4). */
import { BUY_QUANTITY } from "../context/near.js";
import { CHINESE_NUMBER_CHARS } from "../match/numbers.js";
import { normalize } from "../normalize/normalize.js";
import { alternation, defineRule, occurrences, perLexicon, type SharedData } from "./rule.js";

/** BUY_QUANTITY without the global flag, so `test` keeps no state between items. */
const BUYS_QUANTITY = new RegExp(BUY_QUANTITY.source, "u");

const NUMERAL = `0-9${CHINESE_NUMBER_CHARS}`;
const IS_NUMERAL = new RegExp(`[${NUMERAL}]`, "u");
/** A word of Han characters only (a plant name cut from a title, not 5L or a space). */
const HAN_ONLY = /^\p{Script=Han}+$/u;
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
      giftBefore: "list",
    },
  },
  check({ ctx, data, report }) {
    const ch = ctx.doc.item.channel;
    const text = ctx.text;
    // Every finding rests on a mould-shaped fruit or a live plant: with neither in the text there is nothing to look for.
    const moulds = occurrences(text, data.list("mouldFruits"));
    const livePlants = occurrences(text, data.list("livePlants"));
    const notLiveAfter = data.list("notLiveAfter");
    /** Plant words in `s` not followed by a word that makes them something else (玫瑰花茶, 绿萝图案). */
    const live = (s: string, found: Array<{ start: number; end: number; term: string }>) =>
      found.filter((p) => !notLiveAfter.some((w) => s.startsWith(w, p.end)));
    /** Needs denied in the text (不用浇水不用晒), not negated. */
    const hiddenNeeds = () => occurrences(text, data.list("hiddenNeeds")).filter((h) => !ctx.negatedAt(h.start));
    const reportHidden = (hidden: Array<{ start: number; end: number; term: string }>, whose = "") => {
      for (const h of hidden) {
        report({ start: h.start, end: h.end, term: h.term, steps: [{ step: "care", effect: 0, note: `hides care needs${whose}: "${h.term}"` }] });
      }
    };
    if (moulds.length === 0 && livePlants.length === 0) {
      // A caption whose listing's title names a live plant as the goods (桃美人 多肉), or as a gift
      // (花生油礼盒 赠桂花盆栽) that the caption names itself, loosely (送一盆桂花: the title's plant word,
      // or the two characters before a generic one): its needs denied there are hidden.
      const title = ch === "caption" ? ctx.doc.item.listing?.title : undefined;
      if (typeof title !== "string") return;
      const norm = normalize(title, ctx.lex.variants).text;
      const inTitle = live(norm, occurrences(norm, data.list("livePlants")));
      if (inTitle.length === 0 || occurrences(norm, data.list("artificial")).length || occurrences(text, data.list("artificial")).length) return;
      // A title plant with no gift word before it (桃美人 多肉, not 扫地机器人 赠绿植) is the goods itself.
      const gift = data.list("giftBefore");
      const sold = inTitle.some((p) => !gift.some((g) => norm.slice(Math.max(0, p.start - 4), p.start).includes(g)));
      const named = () =>
        inTitle.some((p) => [p.term, norm.slice(Math.max(0, p.start - 2), p.start)].some((n) => n.length >= 2 && HAN_ONLY.test(n) && text.includes(n)));
      if (sold || named()) reportHidden(hiddenNeeds(), " of the listing's plant");
      return;
    }
    if (occurrences(text, data.list("artificial")).length) return;
    // Shaped fruit that only moulds produce, promoted with its shape and no word of the
    // mould (5.2(3)): on every channel, a caption included, since the hiding is in what is said.
    if (moulds.length && occurrences(text, data.list("mouldWords")).length === 0 && occurrences(text, data.list("mouldShapeCues")).length) {
      const m = moulds[0];
      report({ start: m.start, end: m.end, term: m.term, steps: [{ step: "care", effect: 0, note: `"${m.term}" shape needs moulds, not said` }] });
    }
    const plants = live(text, livePlants).filter((p) => !ctx.negatedAt(p.start));
    if (plants.length === 0) return;
    const hidden = hiddenNeeds();
    // A caption is one moment of a stream: care may be given at another time, but a need
    // denied in what is said (不用浇水不用晒太阳) is hidden there, as the mould check above.
    // A caption that carries the goods' listing and sells (上链接, 三十九块两棵) is read with it: the
    // listing is where the care is given for good (004 §5.4), so neither saying any is care missing.
    const listing = ch === "caption" ? ctx.doc.item.listing : undefined;
    if (ch === "caption" && !listing) return reportHidden(hidden);
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
    if (ch === "caption" && !selling) return reportHidden(hidden);
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
    reportHidden(hidden);
  },
});
