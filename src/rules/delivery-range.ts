/** retail_rule: a delivery range over the 20 km cap (004 §7.1). */
import { lowerBound } from "../context/context.js";
import { NUMBER_CHARS, parseNumber } from "../match/numbers.js";
import { normalize } from "../normalize/normalize.js";
import { alternation, defineRule, occurrences, perLexicon, type SharedData } from "./rule.js";

export const MAX_DELIVERY_KM = 20;

const byEnd = (c: { end: number }) => c.end;
const byStart = (c: { start: number }) => c.start;

const DATA = { deliveryCues: "list", distanceUnits: "record", limitBefore: "list", notDeliveryWords: "list", noDeliveryNote: "list" } as const;

interface Units {
  /** A unit, sticky: tried right after a number run. */
  unit: RegExp;
  /** A whole value: a number and an optional unit. */
  value: RegExp;
  /** Unit -> km per unit (data `distanceUnits`: km per unit -> units). */
  km: Map<string, number>;
}

const units = perLexicon((data: SharedData<typeof DATA>): Units => {
  const km = new Map<string, number>();
  for (const [factor, names] of Object.entries(data.record("distanceUnits"))) for (const n of names) if (!km.has(n)) km.set(n, Number(factor));
  const alt = alternation([...km.keys()]);
  return { unit: new RegExp(alt, "y"), value: new RegExp(`^([${NUMBER_CHARS}]+)(${alt})?`, "u"), km };
});

/**
 * A run of number characters, then (sticky, right after the run) a unit. The
 * run is matched once as a whole and the unit checked after it: a regex like
 * `([…]+)(公里|…)` retries the run from each of its characters when no unit
 * follows, which is quadratic in a long run of digits.
 */
const NUMBER_RUN = new RegExp(`[${NUMBER_CHARS}]+`, "gu");

/** Every number run followed by a unit: [index, number, unit], in text order. */
function distances(text: string, unit: RegExp): Array<{ index: number; num: string; unit: string }> {
  const out: Array<{ index: number; num: string; unit: string }> = [];
  for (const m of text.matchAll(NUMBER_RUN)) {
    unit.lastIndex = m.index! + m[0].length;
    const u = unit.exec(text);
    if (u) out.push({ index: m.index!, num: m[0], unit: u[0] });
  }
  return out;
}

export const deliveryRangeRule = defineRule({
  meta: {
    id: "retail_rule.delivery-range",
    category: "retail_rule",
    description: `a stated delivery range over ${MAX_DELIVERY_KM} km`,
    values: { MAX_DELIVERY_KM },
    context: ["negation"],
    data: DATA,
  },
  check({ ctx, data, report }) {
    const text = ctx.text;
    const u = units(data);
    const km = (value: number, unit: string | undefined) => value * (unit === undefined ? 1 : (u.km.get(unit) ?? 1));
    const cues = occurrences(text, data.list("deliveryCues"));
    const limits = data.list("limitBefore");
    const notDelivery = cues.length ? occurrences(text, data.list("notDeliveryWords")).sort((a, b) => a.start - b.start) : [];
    // A distance in the text is a finding only beside a delivery cue: without one, none is read.
    for (const m of cues.length ? distances(text, u.unit) : []) {
      // The number next to the unit, not run together with digits across a separator.
      let start = m.index;
      const numEnd = start + m.num.length;
      for (let k = numEnd - 1; k > start; k--) if (ctx.doc.sep[k] > 0) { start = k; break; }
      const value = km(parseNumber(text.slice(start, numEnd)), m.unit);
      if (!Number.isFinite(value) || value <= MAX_DELIVERY_KM) continue;
      const end = start + m.num.length + m.unit.length;
      // A limit statement (超出30公里不送) is not a range claim.
      const before = text.slice(Math.max(0, start - 2), start);
      if (limits.some((w) => before.endsWith(w))) continue;
      const s0 = ctx.sentenceStart(start);
      const s1 = ctx.sentenceEnd(end - 1);
      // The first cue (in text order) within reach: those ending more than 12 before the number cannot be
      // (cues do not overlap, so their ends rise with their starts), nor any starting more than 8 after it.
      let cue: (typeof cues)[number] | undefined;
      for (let k = lowerBound(cues, start - 12, byEnd); k < cues.length && cues[k].start <= end + 8; k++) {
        const c = cues[k];
        if (c.end <= start ? start - c.end <= 12 && c.start >= s0 : c.start - end <= 8 && c.end <= s1) {
          cue = c;
          break;
        }
      }
      if (!cue) continue;
      // 免费拖车五十公里以内, 续航八十公里: the distance of a service or a vehicle, not of a delivery
      // (found once per item, looked up by index: a long unpunctuated text is one sentence).
      const k = lowerBound(notDelivery, s0, byStart);
      if (k < notDelivery.length && notDelivery[k].start <= s1) continue;
      report({
        start: Math.min(start, cue.start),
        end: Math.max(end, cue.end),
        claimAt: cue.start,
        term: text.slice(start, end),
        steps: [{ step: "delivery-range", effect: 0, note: `${value} km with "${text.slice(cue.start, cue.end)}"` }],
      });
    }
    const shopRange = ctx.doc.item.listing?.shop?.deliveryRange;
    if (shopRange !== undefined && shopRange !== null) {
      const raw = String(shopRange);
      const norm = normalize(raw, ctx.lex.variants).text;
      const m = u.value.exec(norm);
      let value = m ? km(parseNumber(m[1]), m[2]) : NaN;
      // famJ: a range written in words around the number (全市配送约45公里): the largest distance
      // with a unit in the field, a limit statement (超出30公里) aside.
      if (!(value > MAX_DELIVERY_KM)) {
        // fixO: a bracketed note that refuses delivery (（门店距机场约40公里，机场不送）) measures a place
        // left out, not the range: its distances are not read.
        const refuse = data.list("noDeliveryNote");
        const kept = raw.replace(/[（(【][^）)】]*[）)】]/gu, (note) => (refuse.some((w) => normalize(note, ctx.lex.variants).text.includes(w)) ? "，" : note));
        const scan = kept === raw ? norm : normalize(kept, ctx.lex.variants).text;
        for (const d of distances(scan, u.unit)) {
          if (limits.some((w) => scan.slice(Math.max(0, d.index - 2), d.index).endsWith(w))) continue;
          const v = km(parseNumber(d.num), d.unit);
          if (Number.isFinite(v) && !(v <= value)) value = v;
        }
      }
      if (Number.isFinite(value) && value > MAX_DELIVERY_KM) {
        report({
          start: 0,
          end: 0,
          term: raw,
          span: { field: "listing.shop.deliveryRange", start: 0, end: raw.length, text: raw },
          steps: [{ step: "delivery-range", effect: 0, note: `shop delivery range ${value} km` }],
        });
      }
    }
  },
});
