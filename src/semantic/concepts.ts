/**
 * Concept classes combined within a window (lexicons/_concepts.yaml): a claim
 * that uses no listed phrase is often two ordinary cues close together —
 * hardship + a buying plea (sob story), a disaster + a selling cue (hot-event
 * marketing), an official identity + a selling cue (impersonation), a disease +
 * a cure verb (efficacy). Each rule cites its clause; each hit reports which
 * class matched which span in `explain`.
 */
import { spansOf, type Document } from "../doc/document.js";
import type { LexiconProblem } from "../lexicon/errors.js";
import type { ConceptRule, ConceptsFile } from "../lexicon/schema.js";
import { AhoCorasick } from "../match/aho-corasick.js";
import { commonWordAcross } from "../tokenize/jieba.js";
import type { Candidate, Category, Channel, Severity } from "../types.js";

export const CONCEPTS_FILE = "_concepts.yaml";

export interface CompiledConceptRule {
  id: string;
  file: string;
  category: Category;
  classes: string[];
  window: number;
  rule: string;
  severity: Severity;
  confidence: number;
  unless: string[];
  channels?: Channel[];
  examples: ConceptRule["examples"];
}

export interface CompiledConcepts {
  rules: CompiledConceptRule[];
  matcher: AhoCorasick<string>;
  /** Normalized negation cues: a class word right after one does not count (不是官方, 没有疫情). */
  negation: string[];
}

/** Validate and compile the concepts file; problems name the file, rule and field. */
export function compileConcepts(file: ConceptsFile | undefined, fold: (s: string) => string, negation: string[], problems: LexiconProblem[]): CompiledConcepts {
  const matcher = new AhoCorasick<string>();
  const rules: CompiledConceptRule[] = [];
  if (!file) return { rules, matcher, negation };
  for (const [name, terms] of Object.entries(file.classes)) {
    terms.forEach((t, i) => {
      const n = fold(t);
      if (!n) problems.push({ file: CONCEPTS_FILE, field: `classes.${name}.${i}`, message: `"${t}" is empty after normalization` });
      else matcher.add(n, name);
    });
  }
  const seen = new Set<string>();
  file.rules.forEach((r, k) => {
    const where = { file: CONCEPTS_FILE, entry: r.id };
    if (seen.has(r.id)) problems.push({ ...where, field: "id", message: "duplicate id" });
    seen.add(r.id);
    r.classes.forEach((c, i) => {
      if (!file.classes[c]) problems.push({ ...where, field: `classes.${i}`, message: `unknown class "${c}" (rule #${k})` });
    });
    rules.push({
      id: r.id,
      file: CONCEPTS_FILE,
      category: r.category,
      classes: r.classes,
      window: r.window,
      rule: r.rule,
      severity: r.severity,
      confidence: r.confidence,
      unless: r.unless.map(fold).filter(Boolean),
      channels: r.channels,
      examples: r.examples,
    });
  });
  matcher.build();
  return { rules, matcher, negation };
}

const SENTENCE_END = /[。！？!?；;\n\r]/;

interface Occ {
  cls: string;
  start: number;
  end: number;
}

/**
 * A two-character class word whose ends fall inside two other common words is no occurrence of it: 台风 in
 * 平台|风控, 疫情 in 防疫|情况 — the text says the two words (as the term matcher's boundary step
 * reads a term across the segmentation).
 */
function straddles(text: string, start: number, end: number): boolean {
  // A longer class phrase (死了好几个 in 烧死|了好几个|人) is read as written.
  if (end - start !== 2) return false;
  return commonWordAcross(text, start, Math.max(0, start - 3), end - 1) !== undefined && commonWordAcross(text, end, start + 1, end + 3) !== undefined;
}

/** Class occurrences in normalized text, without those right after a negation cue or across two words. */
function occurrences(c: CompiledConcepts, text: string): Map<string, Occ[]> {
  const by = new Map<string, Occ[]>();
  const m = c.matcher;
  const n = m.collect(text);
  for (let k = 0; k < n; k++) {
    const start = m.hitStart[k];
    // A cue ending right before it, within the three characters before it.
    if (c.negation.some((w) => w.length <= Math.min(start, 3) && text.startsWith(w, start - w.length))) continue;
    if (straddles(text, start, m.hitEnd[k])) continue;
    const cls = m.hitValue[k];
    const list = by.get(cls) ?? by.set(cls, []).get(cls)!;
    list.push({ cls, start, end: m.hitEnd[k] });
  }
  return by;
}

/** The tightest set of one occurrence per class around each anchor occurrence, within the window. */
function combine(rule: CompiledConceptRule, by: Map<string, Occ[]>): Occ[] | null {
  // A class with no occurrence: no combination (checked before any list is made; most rules stop here).
  for (let i = 0; i < rule.classes.length; i++) if (by.get(rule.classes[i]) === undefined) return null;
  const lists = rule.classes.map((c) => by.get(c) ?? []);
  if (lists.some((l) => l.length === 0)) return null;
  let best: Occ[] | null = null;
  let bestWidth = Infinity;
  for (const anchor of lists[0]) {
    const pick: Occ[] = [anchor];
    for (const l of lists.slice(1)) {
      // The occurrence nearest the anchor that is not the anchor's own span.
      let near: Occ | null = null;
      let d = Infinity;
      for (const o of l) {
        if (o.start < anchor.end && anchor.start < o.end) continue;
        const dist = o.start >= anchor.end ? o.start - anchor.end : anchor.start - o.end;
        if (dist < d) (d = dist), (near = o);
      }
      if (!near) break;
      pick.push(near);
    }
    if (pick.length !== lists.length) continue;
    const width = Math.max(...pick.map((o) => o.end)) - Math.min(...pick.map((o) => o.start));
    if (width <= rule.window && width < bestWidth) (best = pick), (bestWidth = width);
  }
  return best;
}

/** The candidates of every concept rule that fires on the document. */
export function conceptCandidates(c: CompiledConcepts, doc: Document): Candidate[] {
  if (!c.rules.length || !doc.text) return [];
  const text = doc.text;
  const by = occurrences(c, text);
  const out: Candidate[] = [];
  if (by.size === 0) return out;
  for (const rule of c.rules) {
    if (rule.channels && !rule.channels.includes(doc.item.channel)) continue;
    const pick = combine(rule, by);
    if (!pick) continue;
    const s = Math.min(...pick.map((o) => o.start));
    const e = Math.max(...pick.map((o) => o.end));
    // The sentence(s) of the evidence.
    let a = s;
    while (a > 0 && !SENTENCE_END.test(text[a - 1])) a--;
    let b = e;
    while (b < text.length && !SENTENCE_END.test(text[b])) b++;
    const around = text.slice(a, b);
    const stop = rule.unless.find((u) => around.includes(u));
    if (stop) continue;
    const spans = spansOf(doc, s, e);
    if (!spans.length) continue;
    const original = (a: number, b: number) =>
      spansOf(doc, a, b)
        .map((sp) => doc.segments.find((g) => g.field === sp.field)!.original.slice(sp.start, sp.end))
        .join("");
    out.push({
      category: rule.category,
      ruleId: rule.id,
      term: pick.map((o) => text.slice(o.start, o.end)).join("+"),
      matched: original(s, e),
      field: spans[0].field,
      start: spans[0].start,
      end: spans[0].end,
      spans,
      severity: rule.severity,
      confidence: rule.confidence,
      rule: rule.rule,
      explain: {
        entryId: rule.id,
        variant: "concept",
        normalized: text.slice(s, e),
        steps: pick.map((o) => ({
          step: "concept",
          effect: 0,
          note: `class ${o.cls}: "${original(o.start, o.end)}" at ${o.start}–${o.end}`,
        })),
      },
    });
  }
  return out;
}
