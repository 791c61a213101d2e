/**
 * Child process of bench/against.ts: loads the engine module given as argv[2]
 * (this build's or an earlier commit's), scans the JSONL corpus argv[3] and
 * prints {charsPerSec, items, chars}. Only `createEngine({explain:false})` and
 * `engine.review(item)` are used, which every version since the first has.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface ProbeItem {
  text?: string;
  fragments?: { text: string }[];
  listing?: { title?: string; description?: string; sellingPoints?: string[] };
}

const [enginePath, corpusPath] = process.argv.slice(2);
if (!enginePath || !corpusPath) {
  process.stderr.write("usage: against-probe ENGINE_MODULE CORPUS_JSONL\n");
  process.exit(2);
}
const mod = (await import(pathToFileURL(enginePath).href)) as {
  createEngine: (o: { explain: boolean }) => { review: (item: unknown) => { violations: unknown[] } };
};
const engine = mod.createEngine({ explain: false });
const items = readFileSync(corpusPath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as ProbeItem);
const charsOf = (i: ProbeItem) =>
  (i.text?.length ?? 0) +
  (i.fragments ?? []).reduce((n, f) => n + f.text.length, 0) +
  (i.listing ? (i.listing.title?.length ?? 0) + (i.listing.description?.length ?? 0) + (i.listing.sellingPoints ?? []).join("").length : 0);
const chars = items.reduce((n, i) => n + charsOf(i), 0);
for (let i = 0; i < Math.min(300, items.length); i++) engine.review(items[i]);
const t0 = process.hrtime.bigint();
let v = 0;
for (const it of items) v += engine.review(it).violations.length;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ charsPerSec: chars / seconds, items: items.length, chars, violations: v }) + "\n");
