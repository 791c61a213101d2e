/**
 * Scan throughput in-process: the full pipeline against two baselines run on the
 * same texts with the same lexicon terms — a plain Aho–Corasick library
 * (modern-ahocorasick, no normalization or context) and a naive RegExp alternation.
 */
import AhoCorasick from "modern-ahocorasick";
import type { Engine } from "../src/engine.js";
import { itemFields } from "../src/doc/document.js";
import type { Item } from "../src/types.js";

export interface ScanResult {
  items: number;
  chars: number;
  seconds: number;
  charsPerSec: number;
  itemsPerSec: number;
  violations: number;
}

function texts(items: Item[]): string[][] {
  return items.map((it) => itemFields(it).map((f) => f.text));
}

function measure(items: Item[], rounds: number, fn: (i: number) => number): ScanResult {
  const fields = texts(items);
  const chars = fields.reduce((n, fs) => n + fs.reduce((m, t) => m + t.length, 0), 0);
  // Warm up once, then time.
  for (let i = 0; i < Math.min(items.length, 200); i++) fn(i);
  let violations = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < items.length; i++) violations += fn(i);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    items: items.length * rounds,
    chars: chars * rounds,
    seconds,
    charsPerSec: (chars * rounds) / seconds,
    itemsPerSec: (items.length * rounds) / seconds,
    violations,
  };
}

export function benchScan(engine: Engine, items: Item[], rounds = 1) {
  const terms = [...new Set(engine.lexicon.entries.flatMap((e) => [...e.terms.values()]))];
  const fields = texts(items);
  const full = measure(items, rounds, (i) => engine.review(items[i]).violations.length);
  const ac = new AhoCorasick(terms);
  const ahoCorasick = measure(items, rounds, (i) => fields[i].reduce((n, t) => n + ac.search(t).length, 0));
  const re = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).sort((a, b) => b.length - a.length).join("|"), "g");
  const regex = measure(items, rounds, (i) => fields[i].reduce((n, t) => n + (t.match(re)?.length ?? 0), 0));
  return {
    terms: terms.length,
    ...full,
    baselines: { ahoCorasick, regex },
    ratioToAhoCorasick: full.charsPerSec / ahoCorasick.charsPerSec,
    ratioToRegex: full.charsPerSec / regex.charsPerSec,
  };
}
