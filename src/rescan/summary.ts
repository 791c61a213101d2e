/**
 * What a rescan found: counts by decision and category, the most frequent
 * terms, errors, elapsed time and throughput. Built from the output lines, so
 * a resumed run rebuilds it exactly from the part already written.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { CATEGORIES, type Decision } from "../types.js";

export interface CategoryCounts {
  /** Listings with at least one violation of this category. */
  listings: number;
  /** Violations of this category. */
  violations: number;
  /** Listings with this category, by their decision. */
  review: number;
  block: number;
}

export interface SummaryJSON {
  input: string;
  output: string;
  mode: "queue" | "local";
  lexiconVersion: string;
  records: number;
  listings: number;
  errors: number;
  withViolations: number;
  decisions: Record<Decision, number>;
  categories: Record<string, CategoryCounts>;
  topTerms: Array<{ category: string; term: string; count: number }>;
  /** Records judged in this session (after a resume: the rest only). */
  processedThisRun: number;
  resumedAtRecord: number;
  elapsedSec: number;
  listingsPerSec: number;
  diff?: unknown;
}

interface VerdictLike {
  id?: string;
  decision?: Decision;
  error?: string;
  violations?: Array<{ category: string; term: string; ruleId?: string }>;
}

/** Pattern entries report their pattern source as `term`: name them by rule id instead. */
const PATTERN_SYNTAX = /[{}()|]/;
export function termLabel(v: { term: string; ruleId?: string }): string {
  return PATTERN_SYNTAX.test(v.term) && v.ruleId ? `${v.ruleId} (pattern)` : v.term;
}

export class Summary {
  records = 0;
  listings = 0;
  errors = 0;
  withViolations = 0;
  decisions: Record<Decision, number> = { pass: 0, review: 0, block: 0 };
  categories = new Map<string, CategoryCounts>();
  terms = new Map<string, number>();

  add(v: VerdictLike): void {
    this.records++;
    if (typeof v.error === "string" || !v.decision) {
      this.errors++;
      return;
    }
    this.listings++;
    this.decisions[v.decision] = (this.decisions[v.decision] ?? 0) + 1;
    const vs = v.violations ?? [];
    if (vs.length === 0) return;
    this.withViolations++;
    const seen = new Set<string>();
    for (const x of vs) {
      let c = this.categories.get(x.category);
      if (!c) this.categories.set(x.category, (c = { listings: 0, violations: 0, review: 0, block: 0 }));
      c.violations++;
      if (!seen.has(x.category)) {
        seen.add(x.category);
        c.listings++;
        if (v.decision === "review") c.review++;
        else if (v.decision === "block") c.block++;
      }
      const key = `${x.category}\u0000${termLabel(x)}`;
      this.terms.set(key, (this.terms.get(key) ?? 0) + 1);
    }
  }

  /** Rebuild from the first `bytes` bytes of an output file. */
  static async fromOutput(path: string, bytes: number): Promise<Summary> {
    const s = new Summary();
    if (bytes <= 0) return s;
    const rl = createInterface({ input: createReadStream(path, { start: 0, end: bytes - 1 }), crlfDelay: Infinity });
    for await (const line of rl) if (line) s.add(JSON.parse(line) as VerdictLike);
    return s;
  }

  topTerms(n = 20): SummaryJSON["topTerms"] {
    return [...this.terms.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([k, count]) => {
        const [category, term] = k.split("\u0000");
        return { category, term, count };
      });
  }

  /** Categories in the contract's order, then any others. */
  orderedCategories(): Array<[string, CategoryCounts]> {
    const known = CATEGORIES.filter((c) => this.categories.has(c)).map((c) => [c, this.categories.get(c)!] as [string, CategoryCounts]);
    const other = [...this.categories.entries()].filter(([c]) => !(CATEGORIES as readonly string[]).includes(c));
    return [...known, ...other];
  }
}

const num = (n: number) => n.toLocaleString("en-US");

/** The summary as a table for stderr. */
export function formatSummary(s: SummaryJSON): string {
  const lines: string[] = [];
  const pct = (n: number) => (s.listings ? ` (${((100 * n) / s.listings).toFixed(1)}%)` : "");
  lines.push(`rescan of ${s.input} → ${s.output} (${s.mode}, lexicon ${s.lexiconVersion})`);
  lines.push(
    `${num(s.listings)} listings, ${num(s.errors)} error records; ${num(s.withViolations)} with violations${pct(s.withViolations)}: ` +
      `pass ${num(s.decisions.pass)}, review ${num(s.decisions.review)}, block ${num(s.decisions.block)}`,
  );
  const cats = Object.entries(s.categories);
  if (cats.length) {
    lines.push("");
    lines.push(`${"category".padEnd(22)}${"listings".padStart(10)}${"violations".padStart(12)}${"review".padStart(9)}${"block".padStart(9)}`);
    for (const [c, v] of cats) {
      lines.push(`${c.padEnd(22)}${num(v.listings).padStart(10)}${num(v.violations).padStart(12)}${num(v.review).padStart(9)}${num(v.block).padStart(9)}`);
    }
  }
  if (s.topTerms.length) {
    lines.push("");
    lines.push("top terms: " + s.topTerms.slice(0, 10).map((t) => `${t.term} ${num(t.count)}`).join(", "));
  }
  lines.push("");
  const resumed = s.resumedAtRecord ? `, resumed at record ${num(s.resumedAtRecord)}` : "";
  lines.push(`${num(s.processedThisRun)} judged in ${s.elapsedSec.toFixed(1)} s: ${num(Math.round(s.listingsPerSec))} listings/s${resumed}`);
  return lines.join("\n");
}
