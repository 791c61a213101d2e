/**
 * Child process of bench/against.ts: loads the engine module given as argv[2]
 * (this build's or an earlier commit's), scans the JSONL corpus argv[3] and
 * prints {seconds, items, violations}: the time of one pass over every item after
 * a warm-up. Only `createEngine({explain:false})` and `engine.review(item)` are
 * used, which every version since the first has.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

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
  .map((l) => JSON.parse(l) as unknown);
for (let i = 0; i < Math.min(300, items.length); i++) engine.review(items[i]);
const t0 = process.hrtime.bigint();
let v = 0;
for (const it of items) v += engine.review(it).violations.length;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ seconds, items: items.length, violations: v }) + "\n");
