/**
 * The single-thread in-process engine rate on a listings file: the same
 * engine and chunk code a rescan worker runs (reviewChunkSync, explain
 * stripped), no queue, one thread. The rescan bench's parallel efficiency is
 * the 2-worker rescan rate over this one, on the same listings, in the same run.
 *
 *     node dist/bench/engine-rate.js FILE [--limit N]
 *
 * JSON on stdout: { listingsPerSec, listings, seconds, rssMb, listingsPerCpuSec }.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createEngine } from "../src/engine.js";
import { reviewChunkSync } from "../src/rescan/review-chunk.js";
import type { Item } from "../src/types.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: "string" }, lexicons: { type: "string" } } });
const file = positionals[0];
if (!file) {
  process.stderr.write("usage: engine-rate.js FILE [--limit N] [--lexicons DIR]\n");
  process.exit(2);
}
const limit = values.limit ? Number(values.limit) : Infinity;
const items: Item[] = [];
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (items.length >= limit) break;
  if (line.trim()) items.push(JSON.parse(line) as Item);
}
const engine = createEngine({ lexiconDir: values.lexicons });
reviewChunkSync(engine, items.slice(0, 200), { explain: false }); // warm-up
const CHUNK = 100;
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < items.length; i += CHUNK) reviewChunkSync(engine, items.slice(i, i + CHUNK), { explain: false });
const seconds = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpuSec = (cu.user + cu.system) / 1e6;
process.stdout.write(
  JSON.stringify({ listingsPerSec: Math.round(items.length / seconds), listings: items.length, seconds: Math.round(seconds * 10) / 10, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), listingsPerCpuSec: Math.round(items.length / cpuSec) }) + "\n",
);
