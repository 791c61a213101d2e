/**
 * Labelled sets for the learned model and its evaluation: the development set
 * and real cases (../shared/eval), the hold-outs (samples/holdout*.jsonl) and
 * generated listings (tools/gen). Read at training time only; nothing of them is
 * written into the model file.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { generateListings } from "../../tools/gen/listings.js";
import { parseItem } from "../io/item-schema.js";
import { readJsonlFile } from "../io/jsonl.js";
import { CATEGORIES, type Category, type Item } from "../types.js";

export interface GoldCase {
  item: Item;
  expect: Category[];
  allow: Category[];
}

export interface LabelledSet {
  name: string;
  file: string;
  cases: GoldCase[];
}

function categories(v: unknown, where: string): Category[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${where}: expected an array of categories`);
  for (const c of v) if (!(CATEGORIES as readonly string[]).includes(c as string)) throw new Error(`${where}: unknown category ${JSON.stringify(c)}`);
  return v as Category[];
}

export function readGold(file: string): GoldCase[] {
  return readJsonlFile(file, (value, at) => {
    const raw = value as Record<string, unknown>;
    const p = parseItem(raw);
    if (!p.ok) throw new Error(`${at}: ${p.error}`);
    return { item: p.item, expect: categories(raw.expect, `${at}: field expect`), allow: categories(raw.allow, `${at}: field allow`) };
  });
}

/**
 * The hold-outs in samples/ (holdout.jsonl, holdout2.jsonl, …, in the order of
 * their numbers), then the clean-only sets: blind ones (holdout-clean1.jsonl …)
 * and ordinary sentences written to review new entries (review-clean1.jsonl …).
 */
export function holdoutFiles(root: string): Array<[string, string]> {
  const dir = join(root, "samples");
  if (!existsSync(dir)) return [];
  const num = (n: string) => Number(/^holdout(\d*)\.jsonl$/.exec(n)?.[1] || 1);
  const plain = (n: string) => /^holdout\d*\.jsonl$/.test(n);
  return readdirSync(dir)
    .filter((n) => plain(n) || /^(?:holdout|review)-clean\d+\.jsonl$/.test(n))
    .sort((a, b) => Number(!plain(a)) - Number(!plain(b)) || (plain(a) ? num(a) - num(b) : a.localeCompare(b)))
    .map((n) => [n.replace(/\.jsonl$/, ""), join(dir, n)]);
}

/**
 * The named sets found under the repository root (missing files are skipped):
 * the development set, the real cases, every hold-out in samples/, and `extra`
 * sets given by name and path (labelled sets kept outside the repository).
 */
export function labelledSets(root: string, opts: { generated?: number; seed?: number; extra?: Array<[string, string]> } = {}): LabelledSet[] {
  const files: Array<[string, string]> = [
    ["dev", join(root, "..", "shared", "eval", "dev.jsonl")],
    ["real-dev", join(root, "..", "shared", "eval", "real-dev.jsonl")],
    ...holdoutFiles(root),
  ];
  const sets: LabelledSet[] = files.filter(([, f]) => existsSync(f)).map(([name, file]) => ({ name, file, cases: readGold(file) }));
  for (const [name, file] of opts.extra ?? []) {
    if (!existsSync(file)) throw new Error(`--extra ${name}: no such file ${file}`);
    if (sets.some((s) => s.name === name)) throw new Error(`--extra ${name}: a set of that name is already read`);
    sets.push({ name, file, cases: readGold(file) });
  }
  const n = opts.generated ?? 0;
  if (n > 0) {
    const cases: GoldCase[] = [];
    for (const g of generateListings(n, opts.seed ?? 11)) {
      const raw = g as unknown as Record<string, unknown>;
      const p = parseItem(raw);
      if (p.ok) cases.push({ item: p.item, expect: categories(raw.expect, "generated"), allow: categories(raw.allow, "generated") });
    }
    sets.push({ name: "generated", file: `gen:listings --count ${n} --seed ${opts.seed ?? 11}`, cases });
  }
  return sets;
}
