/**
 * attribute_mismatch: an attribute that denies what the text claims. A listing
 * attribute written as a denial (材质: 聚酯纤维，不含桑蚕丝; 产地: 非X当地; 品种:
 * 普通鸡蛋（非散养土鸡蛋）; 认证: 无有机认证) names the very thing the title, the
 * description or the speech then claims. The claim is the longest part (2+
 * characters) of the denied phrase that the text states, that is no generic word,
 * and that the attribute does not also assert (普通鸡蛋 asserts 鸡蛋).
 * Reads `denialCues`, `denialNotCues`, `denialListEnds`, `denialGeneric`, `makerKeys` and the
 * attribute tables of lexicons/attribute_mismatch.yaml.
 */
import type { AnalysisContext } from "../../context/context.js";
import { SEP_STRONG } from "../../normalize/chars.js";
import { normalize } from "../../normalize/normalize.js";
import { ATTRIBUTE_KEYS_DATA, isEmptyValue, listingAttributes, type Attr } from "../attributes.js";
import { endsWithAny } from "./shared.js";
import { defineRule, occurrences, type RuleContext, type SharedData } from "../rule.js";

/** Marks that end a phrase inside an attribute value. */
const PIECE_SPLIT = /[，,。；;：:（）()【】\[\]、\s/|]+/u;
/** Longest denied phrase read (characters). */
const MAX_PHRASE = 16;

interface Denial {
  key: string;
  raw: string;
  /** Normalized denied phrase. */
  phrase: string;
  /** Normalized text the same attribute asserts. */
  asserted: string;
}

const DATA = { ...ATTRIBUTE_KEYS_DATA, denialKeyCues: "rawList", denialKeyNoValues: "list", dyedValueCues: "list", dyedValueDenyBefore: "list", naturalColorClaims: "list", denialCues: "list", denialNotCues: "list", denialListEnds: "list", denialGeneric: "list", makerKeys: "rawList", askedNoAnswers: "list", addressBefore: "list" } as const;

function denials(attrs: Attr[], data: SharedData<typeof DATA>, variants: Parameters<typeof normalize>[1]): Denial[] {
  const out: Denial[] = [];
  const cues = data.list("denialCues");
  const notCues = data.list("denialNotCues");
  const listEnds = data.list("denialListEnds");
  // Attribute keys about who made the goods: a denial there is a counterfeit matter, judged elsewhere.
  const makerKeys = data.rawList("makerKeys").map((k) => k.toLowerCase());
  const byLength = [...cues].sort((a, b) => b.length - a.length);
  for (const a of attrs) {
    const key = a.key.toLowerCase();
    if (makerKeys.some((k) => key.includes(k))) continue;
    const pieces = a.raw.split(PIECE_SPLIT).filter(Boolean);
    const asserted: string[] = [];
    const denied: string[] = [];
    for (const p of pieces) {
      // The first cue (longest first) that stands within the piece's first characters and starts no not-cue.
      let at: readonly [string, number] | undefined;
      for (const c of byLength) {
        const i = p.indexOf(c);
        if (i >= 0 && i <= 4 && !notCues.some((n) => p.startsWith(n, i))) {
          at = [c, i];
          break;
        }
        // famJ: a list closed by a list end then the cue (data `denialListEnds`: 糖浆、色素等非X): the denial starts there.
        const end = listEnds.find((e) => p.includes(e + c));
        const j = end === undefined ? undefined : p.indexOf(end + c) + end.length;
        if (j !== undefined && !notCues.some((n) => p.startsWith(n, j))) {
          at = [c, j];
          break;
        }
      }
      if (!at) {
        asserted.push(p);
        continue;
      }
      const rest = p.slice(at[1] + at[0].length, at[1] + at[0].length + MAX_PHRASE);
      if (at[1] > 0) asserted.push(p.slice(0, at[1]));
      if (rest.length >= 2 && !isEmptyValue(data, p)) denied.push(rest);
    }
    const assertedNorm = normalize(asserted.join("，"), variants).text;
    for (const d of denied) out.push({ key: a.key, raw: a.raw, phrase: normalize(d, variants).text, asserted: assertedNorm });
  }
  return out;
}

/**
 * r25: a yes/no attribute named for what it certifies, answered no (有机认证: 无, 绿色食品认证: 否): the key, its
 * cue word taken off (有机), is denied as a whole; the text stating it whole (有机花菜) claims it.
 */
function reportKeyDenied(ctx: AnalysisContext, attrs: Attr[], data: SharedData<typeof DATA>, report: RuleContext["report"]): void {
  const keyCues = data.rawList("denialKeyCues");
  const noValues = new Set(data.list("denialKeyNoValues"));
  const cues = data.list("denialCues");
  const generic = new Set(data.list("denialGeneric"));
  const text = ctx.text;
  for (const a of attrs) {
    if (!noValues.has(a.value)) continue;
    const cue = keyCues.find((c) => a.key.endsWith(c) && a.key.length > c.length);
    if (!cue) continue;
    const phrase = normalize(a.key.slice(0, -cue.length), ctx.lex.variants).text;
    if (phrase.length < 2 || generic.has(phrase)) continue;
    const start = text.indexOf(phrase);
    if (start < 0 || endsWithAny(text.slice(Math.max(0, start - 2), start), cues)) continue;
    report({
      start,
      end: start + phrase.length,
      term: phrase,
      steps: [{ step: "denial", effect: 0, note: `claims ${phrase}; listing ${a.key} says ${a.raw}` }],
      evidence: { claim: phrase, listing: [{ key: a.key, value: a.raw }] },
    });
  }
}

/**
 * r25: an attribute that says the colour is dyed (品种: 白玫瑰（染色）, 工艺: 药水浸泡染色) against the text calling the
 * colour natural or undyed (纯天然蓝色, 颜色不是染的, 本来就是蓝的).
 */
function reportDyedColour(ctx: AnalysisContext, attrs: Attr[], data: SharedData<typeof DATA>, report: RuleContext["report"]): void {
  const dyeDeny = data.list("dyedValueDenyBefore");
  const dyed = attrs.find((a) => occurrences(a.value, data.list("dyedValueCues")).some((o) => !endsWithAny(a.value.slice(0, o.start), dyeDeny)));
  if (!dyed) return;
  const claim = occurrences(ctx.text, data.list("naturalColorClaims"))[0];
  if (!claim) return;
  report({
    start: claim.start,
    end: claim.end,
    term: claim.term,
    steps: [{ step: "denial", effect: 0, note: `claims a natural colour (${claim.term}); listing ${dyed.key} says ${dyed.raw}` }],
    evidence: { claim: claim.term, listing: [{ key: dyed.key, value: dyed.raw }] },
  });
}

export const attributeDenialRule = defineRule({
  meta: {
    id: "attribute_mismatch.claim-vs-denial",
    category: "attribute_mismatch",
    description: "a claim in the text of what a listing attribute expressly denies (非X, 不含X, 无X)",
    context: ["negation"],
    data: DATA,
  },
  check({ ctx, data, report }) {
    const attrs = listingAttributes(ctx, data);
    if (attrs.length === 0) return;
    const cues = data.list("denialCues");
    const generic = new Set(data.list("denialGeneric"));
    const text = ctx.text;
    reportKeyDenied(ctx, attrs, data, report);
    reportDyedColour(ctx, attrs, data, report);
    for (const d of denials(attrs, data, ctx.lex.variants)) {
      const found = longestStated(d.phrase, text, (s) => !generic.has(s) && !d.asserted.includes(s));
      if (!found) continue;
      const start = found.start;
      const before = text.slice(Math.max(0, start - 2), start);
      if (cues.some((c) => before.endsWith(c))) continue;
      // fixO: the denied thing asked after and answered no (X的有没有？今天没有): the seller says it is not sold.
      if (askedAndRefused(ctx, start + found.part.length, data.list("askedNoAnswers"))) continue;
      // fixO: the place named as an address (公司在X镇上, 仓库在X): where the seller sits, not what the goods are.
      const lead = text.slice(Math.max(0, start - 6), start);
      if (data.list("addressBefore").some((w) => lead.endsWith(w))) continue;
      report({
        start,
        end: start + found.part.length,
        term: found.part,
        steps: [{ step: "denial", effect: 0, note: `claims ${found.part}; listing ${d.key} says ${d.raw}` }],
        // A denial names no one aspect: the claim and the attribute that denies it.
        evidence: { claim: found.part, listing: [{ key: d.key, value: d.raw }] },
      });
    }
  },
});

/** Characters between a word and a question about it (X[的]有没有), and between the question and its answer. */
const ASK_GAP = 4;
const ANSWER_GAP = 10;

/**
 * A question right after `end` (…的有没有, …是不是) answered no within a few characters after it
 * (今天没有, 不是的): the word was asked about and refused, not claimed.
 */
function askedAndRefused(ctx: AnalysisContext, end: number, answers: string[]): boolean {
  const q = ctx.cues("question").find((c) => c.start >= end && c.start - end <= ASK_GAP && !ctx.crosses(end, c.start, SEP_STRONG));
  if (!q) return false;
  const tail = ctx.text.slice(q.end, q.end + ANSWER_GAP + 4);
  const refusals = ctx.cues("refusal").some((r) => r.start >= q.end && r.start - q.end <= ANSWER_GAP);
  if (refusals) return true;
  for (const a of answers) {
    const i = tail.indexOf(a);
    if (i >= 0 && i <= ANSWER_GAP) return true;
  }
  return false;
}

/** The longest substring (2+ characters) of `phrase` that `text` contains and `ok` accepts, with its first place in `text`. */
function longestStated(phrase: string, text: string, ok: (s: string) => boolean): { part: string; start: number } | undefined {
  for (let len = phrase.length; len >= 2; len--) {
    for (let i = 0; i + len <= phrase.length; i++) {
      const part = phrase.slice(i, i + len);
      if (!ok(part)) continue;
      const at = text.indexOf(part);
      if (at >= 0) return { part, start: at };
    }
  }
  return undefined;
}
