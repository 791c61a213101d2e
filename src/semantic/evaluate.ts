/** Scoring verdicts against labelled cases, as ../shared/eval/score.mjs does (macro F1 over categories, clean-pass, micro P/R). */
import type { Category, Decision } from "../types.js";
import type { GoldCase } from "./data.js";

export interface SetScore {
  cases: number;
  macroF1: number;
  microPrecision: number;
  microRecall: number;
  cleanPass: number | null;
  clean: number;
  cleanPassed: number;
}

export function scoreSet(gold: GoldCase[], verdicts: Array<{ decision: Decision; categories: Category[] }>): SetScore {
  const stats = new Map<string, { tp: number; fp: number; fn: number }>();
  const stat = (c: string) => stats.get(c) ?? stats.set(c, { tp: 0, fp: 0, fn: 0 }).get(c)!;
  let clean = 0;
  let cleanPassed = 0;
  gold.forEach((g, i) => {
    const v = verdicts[i];
    const expect = new Set<string>(g.expect);
    const allow = new Set<string>(g.allow);
    for (const c of expect) stat(c);
    const reported = new Set<string>(v.categories);
    const fp = [...reported].filter((c) => !expect.has(c) && !allow.has(c));
    for (const c of expect) if (reported.has(c)) stat(c).tp++;
    else stat(c).fn++;
    for (const c of fp) stat(c).fp++;
    if (expect.size === 0) {
      clean++;
      if (fp.length === 0 && v.decision === "pass") cleanPassed++;
    }
  });
  let f1sum = 0;
  let rows = 0;
  let tp = 0, fp = 0, fn = 0;
  for (const s of stats.values()) {
    tp += s.tp; fp += s.fp; fn += s.fn;
    if (s.tp + s.fp + s.fn === 0) continue;
    const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : null;
    const r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : null;
    f1sum += p === null || r === null || p + r === 0 ? 0 : (2 * p * r) / (p + r);
    rows++;
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    cases: gold.length,
    macroF1: r3(rows ? f1sum / rows : 0),
    microPrecision: r3(tp + fp ? tp / (tp + fp) : 0),
    microRecall: r3(tp + fn ? tp / (tp + fn) : 0),
    cleanPass: clean ? r3(cleanPassed / clean) : null,
    clean,
    cleanPassed,
  };
}
