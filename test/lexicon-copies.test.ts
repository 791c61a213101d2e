/**
 * Lexicon examples are written fresh: none may carry a sentence of an evaluation
 * case (the development set and the published real cases, when present, and the
 * hold-out sets in samples/), and neither may the comments that explain entries.
 * A shared run of 8+ characters (within a stretch between punctuation marks) counts
 * as a copy, a part of a longer sentence as much as a whole one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { devSetPath } from "./support/dev-set.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SPLIT = /[，。！？\s、；：,.!?]+/u;
const MIN = 8;

interface Case {
  id: string;
  text?: string;
  fragments?: Array<{ text?: string }>;
  listing?: { title?: string; description?: string; sellingPoints?: string[] };
}

/** Every run of MIN characters inside a stretch between punctuation marks of a case, with the case's id. */
function caseRuns(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as Case;
    const texts = [c.text, c.listing?.title, c.listing?.description, ...(c.listing?.sellingPoints ?? []), ...(c.fragments ?? []).map((f) => f.text)];
    for (const t of texts) for (const run of runsOf(t ?? "")) if (!out.has(run)) out.set(run, c.id);
  }
  return out;
}

/** The runs of MIN characters of a text, none across a punctuation mark or a space. */
function runsOf(text: string): string[] {
  const out: string[] = [];
  for (const seg of text.split(SPLIT)) {
    const ch = [...seg];
    // a run of Latin letters alone (a romanized term such as baochenghuo) quotes no sentence
    for (let i = 0; i + MIN <= ch.length; i++) if (ch.slice(i, i + MIN).filter((c) => /\p{Script=Han}/u.test(c)).length >= 2) out.push(ch.slice(i, i + MIN).join(""));
  }
  return out;
}

/** The case runs among a text's runs (`runsOf`), as "run" (case id). */
function copiesIn(textRuns: string[], runs: Map<string, string>): string[] {
  return [...new Set(textRuns.filter((r) => runs.has(r)).map((r) => `"${r}" (case ${runs.get(r)})`))];
}

/** Each set's runs, read once for the examples and the comments. */
const runsBySet = new Map<string, Map<string, string>>();
function setRuns(file: string): Map<string, string> {
  let runs = runsBySet.get(file);
  if (!runs) runsBySet.set(file, (runs = caseRuns(file)));
  return runs;
}

function examples(): Array<{ file: string; entry: string; text: string }> {
  const dir = join(ROOT, "lexicons");
  const out: Array<{ file: string; entry: string; text: string }> = [];
  type WithExamples = Array<{ id: string; examples?: { hit?: Array<string | { text: string }>; miss?: Array<string | { text: string }> } }>;
  // Entries of the category files and the concept rules of _concepts.yaml.
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".yaml") && (!n.startsWith("_") || n === "_concepts.yaml"))) {
    const doc = parse(readFileSync(join(dir, f), "utf8")) as { entries?: WithExamples; rules?: WithExamples };
    for (const e of [...(doc.entries ?? []), ...(doc.rules ?? [])]) {
      for (const t of [...(e.examples?.hit ?? []), ...(e.examples?.miss ?? [])]) out.push({ file: f, entry: e.id, text: typeof t === "string" ? t : t.text });
    }
  }
  return out;
}

/** The comments of every lexicon file (a YAML comment starts at a # after a space or the line's start), with their places. */
function comments(): Array<{ place: string; text: string }> {
  const dir = join(ROOT, "lexicons");
  const out: Array<{ place: string; text: string }> = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".yaml"))) {
    readFileSync(join(dir, f), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const m = /(?:^|\s)#(.*)$/u.exec(line);
        if (m) out.push({ place: `${f}:${i + 1}`, text: m[1] });
      });
  }
  return out;
}

/** The published real cases beside the dev set (../shared/eval/real-dev.jsonl), when present. */
function realDevPath(): string | undefined {
  const p = fileURLToPath(new URL("../../shared/eval/real-dev.jsonl", import.meta.url));
  return existsSync(p) ? p : undefined;
}

const sets = [devSetPath(), realDevPath(), ...readdirSync(join(ROOT, "samples")).filter((n) => /^holdout[-\w]*\.jsonl$/.test(n)).sort().map((n) => join(ROOT, "samples", n))].filter((p): p is string => !!p);

describe("lexicon examples", () => {
  // Read once for every set (not once per set).
  const all = examples().map((ex) => ({ ...ex, runs: runsOf(ex.text) }));
  it("a copied part of a longer sentence is found, not only a whole one", () => {
    const runs = new Map(runsOf("主播说今天的橙子特别甜而且汁水很多").map((r) => [r, "x"]));
    expect(copiesIn(runsOf("例句：今天的橙子特别甜"), runs)).toHaveLength(1);
    expect(copiesIn(runsOf("今天的橙子，特别甜"), runs)).toEqual([]);
  });

  it.each(sets)("share no sentence with the cases of %s", (file) => {
    const runs = setRuns(file);
    const copies: string[] = [];
    for (const ex of all) for (const c of copiesIn(ex.runs, runs)) copies.push(`${ex.file} ${ex.entry}: ${c}`);
    expect(copies).toEqual([]);
  });
});

describe("lexicon comments", () => {
  const all = comments().map((c) => ({ ...c, runs: runsOf(c.text) }));
  it("the files have comments to check", () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it.each(sets)("quote no sentence of the cases of %s", (file) => {
    const runs = setRuns(file);
    const copies: string[] = [];
    for (const c of all) for (const x of copiesIn(c.runs, runs)) copies.push(`${c.place}: ${x}`);
    expect(copies).toEqual([]);
  });
});
