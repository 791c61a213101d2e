/**
 * Labelled sets for the learned model and its evaluation: the development set
 * and real cases (../shared/eval), the hold-outs (samples/holdout*.jsonl) and
 * generated listings (tools/gen). Read at training time only; nothing of them is
 * written into the model file.
 */
import { existsSync } from "node:fs";
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

/** The named sets found under the repository root (missing files are skipped). */
export function labelledSets(root: string, opts: { generated?: number; seed?: number } = {}): LabelledSet[] {
  const files: Array<[string, string]> = [
    ["dev", join(root, "..", "shared", "eval", "dev.jsonl")],
    ["real-dev", join(root, "..", "shared", "eval", "real-dev.jsonl")],
    ["holdout", join(root, "samples", "holdout.jsonl")],
    ["holdout2", join(root, "samples", "holdout2.jsonl")],
    ["holdout3", join(root, "samples", "holdout3.jsonl")],
    ["holdout4", join(root, "samples", "holdout4.jsonl")],
  ];
  const sets: LabelledSet[] = files.filter(([, f]) => existsSync(f)).map(([name, file]) => ({ name, file, cases: readGold(file) }));
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
