/**
 * The prefilters of the match stage skip only work that cannot find anything
 * (src/match/hits.ts, fuzzy.ts, pinyin.ts): each is held here to what it stands for.
 */
import fc from "fast-check";
import levenshtein from "fast-levenshtein";
import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../src/match/aho-corasick.js";
import { charIndex, fuzzyFind, LazyCharIndex } from "../src/match/fuzzy.js";
import { runPattern } from "../src/match/pattern.js";
import { pinyinEdges, pinyinIndex, pinyinText, pinyinView } from "../src/match/pinyin.js";
import { loadLexicon } from "../src/lexicon/index.js";
import { normalize } from "../src/normalize/normalize.js";

const PIECES = [..."包成活保城活加微信嘉威薇好评返现全网最低价国家级ab cxyz的了1２", "baochenghuo", "jia wei xin", "𠮷", "全网最底价", "好平返现"];

describe("match prefilters", () => {
  it("pinyinText is the pinyin view's text, and the view's parts are the view's", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }), (parts) => {
        const text = parts.join("");
        const view = pinyinView(text);
        expect(pinyinText(text)).toBe(view.text);
        const index = pinyinIndex(text, view.text);
        expect([...index.at]).toEqual([...view.at]);
        expect([...index.starts]).toEqual([...view.starts]);
        expect([...index.latin]).toEqual([...view.latin]);
        expect([...pinyinEdges(view.text, index)]).toEqual([...view.edge]);
      }),
      { numRuns: 500, seed: 21 },
    );
  });

  it("fuzzyFind finds every window one edit from the term that keeps its first or last character, with either index", () => {
    const term = "好评返现";
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        const expected: string[] = [];
        for (let s = 0; s < text.length; s++) {
          for (const len of [3, 4, 5]) {
            if (s + len > text.length) continue;
            const w = text.slice(s, s + len);
            if (w === term || (w[0] !== term[0] && w[len - 1] !== term[3])) continue;
            // A window is only looked at near an occurrence of the term's first or second character.
            const near = [-1, 0, 1].some((d) => text[s - d] === term[0] || text[s + 1 - d] === term[1]);
            if (near && levenshtein.get(w, term) === 1) expected.push(`${s}:${s + len}`);
          }
        }
        const got = (index: Parameters<typeof fuzzyFind>[2]) => fuzzyFind(text, term, index).map((h) => `${h.start}:${h.end}`).sort();
        expect(got(charIndex(text))).toEqual(expected.sort());
        expect(got(new LazyCharIndex(text))).toEqual(expected.sort());
      }),
      { numRuns: 500, seed: 22 },
    );
  });

  it("a scan stops where its callback returns true", () => {
    const ac = new AhoCorasick<string>();
    for (const w of ["ab", "b", "bc"]) ac.add(w, w);
    ac.build();
    const seen: string[] = [];
    ac.scan("abcbc", (_s, _e, v) => {
      seen.push(v);
      return v === "bc";
    });
    expect(seen).toEqual(["ab", "b", "bc"]);
    expect(ac.occursIn("xxbxx")).toBe(true);
    expect(ac.occursIn("xxxx")).toBe(false);
  });

  it("every match of a shipped pattern holds an option of each of its literal sets (what the pattern prefilter assumes)", () => {
    const lex = loadLexicon();
    const texts: string[] = [];
    for (const e of lex.entries) for (const ex of [...(e.examples?.hit ?? []), ...(e.examples?.miss ?? [])]) texts.push(normalize(typeof ex === "string" ? ex : String((ex as { text?: string }).text ?? ""), lex.variants).text);
    let matched = 0;
    for (const e of lex.entries) {
      for (const p of e.patterns) {
        for (const text of texts) {
          if (runPattern(p, text).length === 0) continue;
          matched++;
          for (const set of p.requires) expect(set.some((o) => text.includes(o)), `${p.source} on ${text}`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });
});
