import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../src/match/aho-corasick.js";
import { TermLists } from "../src/match/term-lists.js";

/** What one list's own automaton finds: start, end, word. */
function alone(text: string, list: string[]): string[] {
  const ac = new AhoCorasick<string>();
  for (const t of new Set(list)) if (t) ac.add(t, t);
  return ac.search(text).map((h) => `${h.start}-${h.end}:${h.value}`);
}

function together(m: TermLists, text: string, list: string[]): string[] {
  const raw = m.hits(text, list);
  const out: string[] = [];
  for (let k = 0; k < raw.length; k += 3) out.push(`${raw[k]}-${raw[k + 1]}:${m.word(raw[k + 2])}`);
  return out;
}

describe("TermLists", () => {
  const lists = [
    ["纯棉", "棉", "羊绒", "棉花"],
    ["棉", "真丝", "丝", "纯"],
    ["abc", "b", "bc", ""],
    ["花", "棉花糖", "棉", "棉"],
    [],
  ];
  const alphabet = ["纯", "棉", "花", "糖", "羊", "绒", "真", "丝", "a", "b", "c", "，"];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const texts = Array.from({ length: 200 }, () => Array.from({ length: rand(24) }, () => alphabet[rand(alphabet.length)]).join(""));

  it("gives each list what its own automaton finds, before and after the lists join the union", () => {
    const m = new TermLists();
    // Enough calls that the lists outside the union join it, with texts visited again in between.
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        for (const list of lists) expect(together(m, text, list)).toEqual(alone(text, list));
        expect(together(m, texts[0], lists[0])).toEqual(alone(texts[0], lists[0]));
      }
    }
  });

  it("takes a new list after the union is built", () => {
    const m = new TermLists();
    for (let k = 0; k < 600; k++) together(m, texts[k % texts.length], lists[k % 2]);
    const late = ["糖", "羊绒", "绒"];
    for (const text of texts.slice(0, 50)) expect(together(m, text, late)).toEqual(alone(text, late));
    for (let k = 0; k < 600; k++) expect(together(m, texts[k % texts.length], late)).toEqual(alone(texts[k % texts.length], late));
  });
});
