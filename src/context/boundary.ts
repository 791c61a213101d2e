import { isCommonWord } from "../tokenize/jieba.js";
import { adjust, cancel, type Step } from "./step.js";

/**
 * Word boundaries from jieba: a hit that starts or ends inside a word is an
 * ordinary sense (最 in 最近, 第一 in 第一次). Short terms (<= 2 characters) are
 * cancelled, and so are homophone and fuzzy hits; longer exact ones lose
 * confidence. Pattern hits are exempt.
 */
export const boundaryStep: Step = {
  name: "boundary",
  apply(hit, ctx) {
    if (hit.variant === "pattern") return undefined;
    const { words, wordAt, wordStart } = ctx.tokens;
    const n = ctx.text.length;
    const crossing: string[] = [];
    const w0 = wordAt[hit.start];
    if (wordStart[w0] < hit.start) crossing.push(words[w0]);
    if (hit.end < n) {
      const w1 = wordAt[hit.end];
      if (wordStart[w1] < hit.end && w1 !== w0) crossing.push(words[w1]);
      else if (w1 === w0 && wordStart[w1] < hit.end && !crossing.includes(words[w1])) crossing.push(words[w1]);
    }
    if (crossing.length === 0) return undefined;
    // A crossing word that is itself a lexicon term is no ordinary sense.
    const ordinary = crossing.filter((w) => !ctx.lex.terms.search(w).some((h) => h.start === 0 && h.end === w.length));
    if (ordinary.length === 0) return undefined;
    const len = hit.end - hit.start;
    const common = ordinary.filter(isCommonWord);
    if (common.length === 0 && hit.variant !== "pinyin" && hit.variant !== "fuzzy") {
      // A rare or HMM-made word (终极版) says little about the sense.
      return adjust("boundary", -0.1, `inside the uncommon word "${ordinary.join("/")}"`);
    }
    if (len <= 2) return cancel("boundary", `part of the common word "${ordinary.join("/")}"`);
    // A homophone or near-miss that does not even align with words is an accident (宝成|火锅).
    if (hit.variant === "pinyin" || hit.variant === "fuzzy") {
      return cancel("boundary", `${hit.variant} match cuts the word "${ordinary.join("/")}"`);
    }
    return adjust("boundary", -0.15, `word boundary falls inside "${ordinary.join("/")}"`);
  },
};
