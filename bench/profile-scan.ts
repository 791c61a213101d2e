/**
 * The per-item path alone, for `node --cpu-prof`: the bench corpus reviewed
 * `--rounds` times in-process (explain off, as the bench's scan figure).
 *
 *     node --cpu-prof --cpu-prof-dir /tmp/prof dist/bench/profile-scan.js [--rounds 3] [--captions]
 *     node bench/cpuprofile-summary.mjs /tmp/prof/*.cpuprofile
 */
import { parseArgs } from "node:util";
import { createEngine } from "../src/engine.js";
import { captionStream, generatedListings, sampleItems } from "./corpus.js";

const { values } = parseArgs({ options: { rounds: { type: "string" }, captions: { type: "boolean" }, quick: { type: "boolean" } } });
const engine = createEngine({ explain: false });
const samples = sampleItems();
const listings = await generatedListings(values.quick ? 1000 : 5000, 1);
const captions = captionStream(samples, values.quick ? 2000 : 10000);
const corpus = values.captions ? captions : [...samples, ...listings, ...captions];
const rounds = Number(values.rounds ?? 3);
const t0 = performance.now();
let v = 0;
for (let r = 0; r < rounds; r++) for (const it of corpus) v += engine.review(it).violations.length;
const ms = performance.now() - t0;
process.stderr.write(`${corpus.length} items × ${rounds} rounds in ${ms.toFixed(0)} ms (${((corpus.length * rounds) / (ms / 1000)).toFixed(0)} items/s), ${v} violations\n`);
