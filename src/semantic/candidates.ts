/**
 * The learned model's findings as candidates: only categories the lexicons and
 * rules did not already report for the item, at a confidence capped below the
 * block line (policy `semantic.confidence`), so that what the model alone finds
 * goes to review, never to block (src/score/decide.ts leaves `model` readings
 * out of the block decision too). The evidence — probability, threshold, the
 * n-grams of the item that pushed the class up most — is in `explain`.
 */
import { spansOf, type Document } from "../doc/document.js";
import type { Lexicon } from "../lexicon/compile.js";
import type { Candidate, Category } from "../types.js";
import type { SemanticModel } from "./model.js";

export interface SemanticOptions {
  /** Confidence of a model finding (below the channels' block lines). */
  confidence: number;
}

/** Clause ends: a model finding's span is the clause around its strongest n-gram. */
const CLAUSE_END = /[。！？!?；;，,\n\r]/;
const MAX_SPAN = 40;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function semanticCandidates(model: SemanticModel, doc: Document, lex: Lexicon, existing: Candidate[], o: SemanticOptions): Candidate[] {
  if (!doc.text) return [];
  const have = new Set<Category>(existing.map((c) => c.category));
  const out: Candidate[] = [];
  for (const p of model.predict(doc.text, 5, have)) {
    const top = p.evidence[0];
    let s = top ? top.pos : 0;
    let e = top ? top.pos + top.gram.length : Math.min(doc.text.length, MAX_SPAN);
    while (s > 0 && e - s < MAX_SPAN && !CLAUSE_END.test(doc.text[s - 1])) s--;
    while (e < doc.text.length && e - s < MAX_SPAN && !CLAUSE_END.test(doc.text[e])) e++;
    const spans = spansOf(doc, s, e);
    if (!spans.length) continue;
    const matched = spans.map((sp) => doc.segments.find((g) => g.field === sp.field)!.original.slice(sp.start, sp.end)).join("");
    const title = lex.titles.get(p.category);
    const grams = p.evidence.map((x) => `${x.gram}(+${x.weight})`).join(" ");
    out.push({
      category: p.category,
      ruleId: `semantic.${p.category}`,
      term: top?.gram ?? "",
      matched,
      field: spans[0].field,
      start: spans[0].start,
      end: spans[0].end,
      spans,
      severity: "general",
      confidence: o.confidence,
      rule: title?.rule ?? p.category,
      explain: {
        entryId: `semantic.${p.category}`,
        variant: "model",
        normalized: doc.text.slice(s, e),
        steps: [
          {
            step: "model",
            effect: o.confidence,
            note: `learned model: P(${p.category})=${r3(p.p)} ≥ threshold ${r3(p.threshold)}; top n-grams ${grams || "(none)"}; no lexicon entry or rule reported this category; review only`,
          },
        ],
      },
    });
  }
  return out;
}
