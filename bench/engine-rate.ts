/**
 * The single-thread in-process engine rate on a listings file: the same
 * engine and chunk code a rescan worker runs (reviewChunkSync, explain
 * stripped), no queue, one thread. The rescan bench's parallel efficiency is
 * the 2-worker rescan rate over this one, on the same listings, in the same run.
 * With `--warm WARM_FILE` the engine first reviews those (other) listings, as the
 * rescan bench's workers do before its clock starts; without, the first 200 of FILE.
 *
 *     node dist/bench/engine-rate.js FILE [--limit N] [--warm WARM_FILE]
 *
 * JSON on stdout: { listingsPerSec, listings, seconds, rssMb, listingsPerCpuSec }.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createEngine } from "../src/engine.js";
import { reviewChunkSync } from "../src/rescan/review-chunk.js";
import type { Item } from "../src/types.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: "string" }, lexicons: { type: "string" }, warm: { type: "string" } } });
const file = positionals[0];
if (!file) {
  process.stderr.write("usage: engine-rate.js FILE [--limit N] [--lexicons DIR] [--warm WARM_FILE]\n");
  process.exit(2);
}
const limit = values.limit ? Number(values.limit) : Infinity;
const readItems = (path: string): Item[] => {
  const out: Item[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (out.length >= limit) break;
    if (line.trim()) out.push(JSON.parse(line) as Item);
  }
  return out;
};
const items = readItems(file);
const engine = createEngine({ lexiconDir: values.lexicons });
const CHUNK = 100;
// Warm-up, not timed.
const warm = values.warm ? readItems(values.warm) : items.slice(0, 200);
for (let i = 0; i < warm.length; i += CHUNK) reviewChunkSync(engine, warm.slice(i, i + CHUNK), { explain: false });
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < items.length; i += CHUNK) reviewChunkSync(engine, items.slice(i, i + CHUNK), { explain: false });
const seconds = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpuSec = (cu.user + cu.system) / 1e6;
process.stdout.write(
  JSON.stringify({ listingsPerSec: Math.round(items.length / seconds), listings: items.length, seconds: Math.round(seconds * 10) / 10, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), listingsPerCpuSec: Math.round(items.length / cpuSec) }) + "\n",
);
