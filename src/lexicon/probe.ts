/**
 * The adversarial probe of `hegui lexicon check`: every pattern runs over text
 * built to make it backtrack the most (its literal parts repeated, the last one
 * left out: `CompiledPattern.probe`), and its time is compared with a baseline
 * pattern's over the same text — one literal and one {gap:20}, the widest slot
 * the language allows, whose cost is linear. No absolute times: a pattern is
 * refused when it is more than `PROBE_FACTOR` times slower than the baseline.
 *
 * The probe runs at about 48 characters, where a pattern that backtracks
 * exponentially is already far over the factor (and still quick to refuse), then
 * at `PROBE_CHARS`, where one whose cost grows faster than the text shows it.
 */
import { compilePattern, runPattern, type CompiledPattern } from "../match/pattern.js";
import type { Lexicon } from "./compile.js";
import type { LexiconProblem } from "./errors.js";

/** Most a pattern may cost over its probe, relative to the baseline pattern over the same text. */
export const PROBE_FACTOR = 1000;
/** Longest probe text. */
export const PROBE_CHARS = 1024;
/** Shortest probe text. */
const START_CHARS = 48;

export interface ProbeResult {
  file: string;
  entry: string;
  index: number;
  source: string;
  /** Pattern time / baseline time over the longest probe tried. */
  ratio: number;
  chars: number;
  slow: boolean;
}

/** Time per run of `fn` (ms), looping until at least `minMs` has passed, best of `rounds`. */
function perRun(fn: () => void, minMs = 0.25, rounds = 2): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      fn();
      n++;
      t = performance.now();
    } while (t - t0 < minMs);
    best = Math.min(best, (t - t0) / n);
  }
  return best;
}

/** The baseline for a probe: its first character, a {gap:20}, then a character the probe lacks. */
function baseline(probe: string): CompiledPattern {
  const first = [...probe][0] ?? "1";
  const absent = "\u{10FFFD}";
  return compilePattern(`${first}{gap:20}${absent}`, (s) => s, () => undefined);
}

/** Probe one compiled pattern. */
export function probePattern(p: CompiledPattern, factor = PROBE_FACTOR, maxChars = PROBE_CHARS): { ratio: number; chars: number; slow: boolean } {
  const base = baseline(p.probe);
  let ratio = 0;
  let chars = 0;
  // A short probe first (a pattern that explodes does so at once), then the long one (one that grows faster than the text).
  for (const size of [START_CHARS, maxChars]) {
    const text = p.probe.repeat(Math.max(1, Math.ceil(size / p.probe.length)));
    chars = text.length;
    const measure = () => perRun(() => runPattern(p, text)) / perRun(() => runPattern(base, text));
    ratio = measure();
    // Over the limit: measured again (a busy machine can stall one measurement), the smallest ratio counts.
    for (let again = 0; again < 3 && ratio > factor; again++) ratio = Math.min(ratio, measure());
    if (ratio > factor) return { ratio, chars, slow: true };
  }
  return { ratio, chars, slow: false };
}

/** Probe every pattern of a lexicon: one result per pattern. */
export function probeLexicon(lex: Lexicon, factor = PROBE_FACTOR): ProbeResult[] {
  const out: ProbeResult[] = [];
  for (const e of lex.entries) {
    e.patterns.forEach((p, index) => {
      const r = probePattern(p, factor);
      out.push({ file: e.file, entry: e.id, index, source: p.source, ...r });
    });
  }
  return out;
}

/** The slow ones, as lexicon problems (file, entry, field, pattern). */
export function slowPatternProblems(results: ProbeResult[], factor = PROBE_FACTOR): LexiconProblem[] {
  return results
    .filter((r) => r.slow)
    .map((r) => ({
      file: r.file,
      entry: r.entry,
      field: `patterns.${r.index}`,
      message: `pattern "${r.source}" backtracks on an adversarial probe (${r.chars} characters): ${r.ratio.toFixed(0)}× the time of a one-slot baseline, over the limit of ${factor}×`,
    }));
}
