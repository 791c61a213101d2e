/**
 * `npm run bench [-- --quick]`: figures side by side with baselines measured in
 * the same run; prints a table and writes bench/results.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createEngine } from "../src/engine.js";
import { captionStream, generatedListings, sampleItems } from "./corpus.js";
import { machine } from "./machine.js";
import { benchScan } from "./scan.js";
import { benchStartup } from "./startup.js";
import { extraBenches } from "./extra.js";
import { benchApi } from "./api.js";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, out: { type: "string" } } });
const quick = Boolean(values.quick);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = values.out ?? join(root, "bench", "results.json");

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const log = (s: string) => process.stderr.write(s + "\n");

log(`hegui bench${quick ? " (quick)" : ""}`);
const engine = createEngine({ explain: false });
const samples = sampleItems();
const listings = await generatedListings(quick ? 1000 : 5000, 1);
const captions = captionStream(samples, quick ? 2000 : 10000);
const corpus = [...samples, ...listings, ...captions];
log(`corpus: ${samples.length} samples, ${listings.length} generated listings, ${captions.length} captions`);

const scan = benchScan(engine, corpus, quick ? 1 : 2);
const startup = benchStartup(quick ? 1 : 3);
const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
const extra = await extraBenches({ quick, root, log });
const api = await benchApi({ quick, root, log }).catch((e: Error) => ({ error: e.message }));

const results = {
  date: new Date().toISOString(),
  quick,
  machine: machine(),
  lexiconVersion: engine.lexiconVersion,
  scan: {
    items: scan.items,
    chars: scan.chars,
    terms: scan.terms,
    charsPerSec: Math.round(scan.charsPerSec),
    itemsPerSec: Math.round(scan.itemsPerSec),
    baselines: {
      ahoCorasick: { library: "modern-ahocorasick", charsPerSec: Math.round(scan.baselines.ahoCorasick.charsPerSec), itemsPerSec: Math.round(scan.baselines.ahoCorasick.itemsPerSec) },
      regex: { charsPerSec: Math.round(scan.baselines.regex.charsPerSec), itemsPerSec: Math.round(scan.baselines.regex.itemsPerSec) },
    },
    ratioToAhoCorasick: Math.round(scan.ratioToAhoCorasick * 1000) / 1000,
    ratioToRegex: Math.round(scan.ratioToRegex * 1000) / 1000,
  },
  captions: extra.captions,
  rescan: extra.rescan,
  api,
  ...(extra.errors ? { errors: extra.errors } : {}),
  startup: { ms: startup.ms, runs: startup.runs },
  memory: { rssMbPerWorker: Math.max(rssMb, startup.rssMb, extra.workerRssMb ?? 0), rssMbInProcess: rssMb, rssMbAfterStartup: startup.rssMb },
};

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + "\n");

const rows: Array<[string, string, string, string]> = [
  ["scan, full pipeline", `${fmt(results.scan.charsPerSec)} chars/s`, `${fmt(results.scan.itemsPerSec)} items/s`, ""],
  ["scan, Aho–Corasick baseline", `${fmt(results.scan.baselines.ahoCorasick.charsPerSec)} chars/s`, `${fmt(results.scan.baselines.ahoCorasick.itemsPerSec)} items/s`, `ratio ${fmt(results.scan.ratioToAhoCorasick, 3)} (target ≥ 0.20)`],
  ["scan, RegExp baseline", `${fmt(results.scan.baselines.regex.charsPerSec)} chars/s`, `${fmt(results.scan.baselines.regex.itemsPerSec)} items/s`, `ratio ${fmt(results.scan.ratioToRegex, 3)}`],
];
if (results.captions) {
  const c = results.captions;
  rows.push(["captions via queues", `p50 ${fmt(c.p50Ms, 1)} / p95 ${fmt(c.p95Ms, 1)} / p99 ${fmt(c.p99Ms, 1)} ms`, `${fmt(c.ratePerSec)} captions/s`, "target p99 ≤ 15 ms at 1,000/s"]);
}
if (results.rescan) {
  const r = results.rescan;
  rows.push(["rescan, 1 worker", `${fmt(r.listingsPerSec1Worker)} listings/s`, "", ""]);
  rows.push(["rescan, 2 workers", `${fmt(r.listingsPerSec2Workers)} listings/s`, "", "target ≥ 3,300/s"]);
}
rows.push(["start-up (lexicons + jieba)", `${fmt(results.startup.ms)} ms`, "", ""]);
rows.push(["RSS per worker", `${fmt(results.memory.rssMbPerWorker)} MB`, "", "target ≤ 400 MB"]);
const w = [30, 34, 22];
console.log(rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c)).join(" ")).join("\n"));
console.log(`\nmachine: ${results.machine.cores} cores, ${results.machine.memoryGb} GiB, ${results.machine.cpu}, Node ${results.machine.node}`);
console.log(`written: ${out}`);
