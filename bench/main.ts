/**
 * `npm run bench [-- --quick]`: figures side by side with baselines measured in
 * the same run; prints a table and writes bench/results.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createEngine } from "../src/engine.js";
import { captionStream, generatedListings, sampleItems } from "./corpus.js";
import { machine } from "./machine.js";
import { benchScan, CAPTION_MAX_CHARS } from "./scan.js";
import { benchStartup } from "./startup.js";
import { extraBenches } from "./extra.js";
import { benchApi } from "./api.js";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, out: { type: "string" }, "scan-only": { type: "boolean" } } });
const quick = Boolean(values.quick);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = values.out ?? join(root, "bench", "results.json");

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const log = (s: string) => process.stderr.write(s + "\n");

log(`hegui bench${quick ? " (quick)" : ""}`);
const engine = createEngine({ explain: false });
const samples = sampleItems();
const listings = await generatedListings(quick ? 300 : 5000, 1);
const captions = captionStream(samples, quick ? 1000 : 10000);
const corpus = [...samples, ...listings, ...captions];
log(`corpus: ${samples.length} samples, ${listings.length} generated listings, ${captions.length} captions`);

const load0 = loadavg();
const scan = benchScan(engine, corpus, 3, log);
const scanOnly = Boolean(values["scan-only"]);
const startup = scanOnly ? { ms: 0, rssMb: 0, runs: [] as number[] } : benchStartup(quick ? 1 : 3);
const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
const extra = scanOnly ? {} as Awaited<ReturnType<typeof extraBenches>> : await extraBenches({ quick, root, log });
const api = scanOnly ? undefined : await benchApi({ quick, root, log }).catch((e: Error) => ({ error: e.message }));

const results = {
  date: new Date().toISOString(),
  quick,
  machine: machine(),
  lexiconVersion: engine.lexiconVersion,
  /** 1-minute load average before the scan and after everything (2 cores: above 2 means others were running). */
  load: { beforeScan: load0.map((x) => Math.round(x * 100) / 100), atEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  scan: {
    items: scan.all.items,
    chars: scan.all.chars,
    terms: scan.terms,
    charsPerSec: scan.all.pipeline.charsPerSec,
    itemsPerSec: scan.all.pipeline.itemsPerSec,
    baselines: {
      monyone: { library: "@monyone/aho-corasick/fast", ...scan.all.baselines.monyone },
      regex: { library: "V8 RegExp alternation", ...scan.all.baselines.regex },
      modernAhoCorasick: { library: "modern-ahocorasick", ...scan.all.baselines.modernAhoCorasick },
      regexChunked: { library: "V8 RegExp alternations of at most 2,000 terms each (informational)", ...scan.all.baselines.regexChunked },
    },
    fastestBaseline: scan.all.fastestBaseline,
    ratioToFastest: scan.all.ratioToFastest.median,
    ratioToFastestRuns: scan.all.ratioToFastest,
    ratioToFastestCpu: scan.all.ratioToFastestCpu,
    ratioToRegexChunked: scan.all.ratioToRegexChunked.median,
    ratioToModernAhoCorasick: scan.all.ratioToModernAhoCorasick.median,
    captions: {
      maxChars: CAPTION_MAX_CHARS,
      items: scan.captions.items,
      chars: scan.captions.chars,
      charsPerSec: scan.captions.pipeline.charsPerSec,
      itemsPerSec: scan.captions.pipeline.itemsPerSec,
      baselines: scan.captions.baselines,
      fastestBaseline: scan.captions.fastestBaseline,
      ratioToFastest: scan.captions.ratioToFastest.median,
      ratioToFastestRuns: scan.captions.ratioToFastest,
      ratioToFastestCpu: scan.captions.ratioToFastestCpu,
    },
    stages: scan.stages,
  },
  captions: extra.captions,
  rescan: extra.rescan,
  api,
  ...(extra.errors ? { errors: extra.errors } : {}),
  startup: { ms: startup.ms, runs: startup.runs },
  // Per worker: the rescan workers' peak (VmHWM, heap capped) — or, without the queue benches, an engine process's after work.
  // In-process: this bench process, which also holds the corpus and the baselines.
  memory: { rssMbPerWorker: extra.workerRssMb ?? startup.rssMb, rssMbInProcess: rssMb, rssMbAfterStartup: startup.rssMb, heapCapMb: extra.rescan?.heapCapMb },
};

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + "\n");

const sp = (x: { min: number; median: number; max: number }, d = 0) => `${fmt(x.min, d)} / ${fmt(x.median, d)} / ${fmt(x.max, d)}`;
const rows: Array<[string, string, string, string]> = [
  ["scan, full pipeline", `${sp(results.scan.charsPerSec)} chars/s`, `${fmt(results.scan.itemsPerSec.median)} items/s`, "min / median / max"],
  ["scan, @monyone/aho-corasick", `${sp(results.scan.baselines.monyone.charsPerSec)} chars/s`, "", ""],
  ["scan, RegExp alternation", `${sp(results.scan.baselines.regex.charsPerSec)} chars/s`, "", ""],
  ["scan, RegExp, 2,000-term chunks", `${sp(results.scan.baselines.regexChunked.charsPerSec)} chars/s`, "", `ratio ${fmt(results.scan.ratioToRegexChunked, 3)}`],
  ["scan, modern-ahocorasick", `${sp(results.scan.baselines.modernAhoCorasick.charsPerSec)} chars/s`, "", `ratio ${fmt(results.scan.ratioToModernAhoCorasick, 3)}`],
  ["scan, ratio to fastest", sp(results.scan.ratioToFastestRuns, 3), `(${results.scan.fastestBaseline})`, "target ≥ 0.12"],
  ["  same, by CPU time", sp(results.scan.ratioToFastestCpu, 3), "", ""],
  [`captions ≤ ${CAPTION_MAX_CHARS} chars, pipeline`, `${sp(results.scan.captions.charsPerSec)} chars/s`, `${fmt(results.scan.captions.itemsPerSec.median)} items/s`, ""],
  ["captions, ratio to fastest", sp(results.scan.captions.ratioToFastestRuns, 3), `(${results.scan.captions.fastestBaseline})`, ""],
  ["  same, by CPU time", sp(results.scan.captions.ratioToFastestCpu, 3), "", ""],
];
for (const [k, c] of Object.entries(results.scan.stages.all)) {
  const cc = results.scan.stages.captions[k];
  rows.push([`  stage ${k}`, `${fmt(c.usPer1000Chars, 1)} µs/1,000 chars`, `${fmt(c.usPerItem, 1)} µs/item`, `captions: ${fmt(cc.usPerItem, 1)} µs/item (${fmt(cc.share * 100)}%)`]);
}
if (results.captions) {
  const c = results.captions;
  const steps = (xs: typeof c.ramp) => xs.map((r) => `${r.rate}: ${r.p99Ms === null || !Number.isFinite(r.p99Ms) ? "∞" : fmt(r.p99Ms)}`).join(", ");
  rows.push(["captions ramp, pipeline p99 ms", steps(c.ramp), `capacity ${fmt(c.capacity)}/s`, ""]);
  rows.push(["captions ramp, no-op p99 ms", steps(c.noopRamp), `capacity ${fmt(c.noopCapacity)}/s`, `ratio ${c.capacityRatio === null ? "n/a" : fmt(c.capacityRatio, 3)} (target ≥ 0.5)`]);
  rows.push([`captions p99 at ${fmt(c.halfRate)}/s`, c.p99MsAtHalfCapacity.map((x) => (Number.isFinite(x) ? fmt(x) : "∞")).join(", ") + " ms", "5 runs", "target ≤ 10 ms"]);
}
if (results.rescan) {
  const r = results.rescan;
  rows.push(["rescan, engine in-process", `${fmt(r.listingsPerSecInProcess)} listings/s`, "1 thread, no queue", ""]);
  rows.push(["rescan, 1 worker", `${fmt(r.listingsPerSec1Worker)} listings/s`, "", ""]);
  rows.push(["rescan, 2 workers", `${fmt(r.listingsPerSec2Workers)} listings/s`, `efficiency ${fmt(r.parallelEfficiency, 2)}`, `target ≥ 1.6 (by CPU time: ${fmt(r.parallelEfficiencyCpu, 2)})`]);
  if (r.warmUp) {
    rows.push([`  warm-up, fresh workers (${fmt(r.warmUp.listings)})`, `${fmt(r.warmUp.listingsPerSec1Worker)} / ${fmt(r.warmUp.listingsPerSec2Workers)} listings/s`, "1 / 2 workers, before the clock", ""]);
  }
}
rows.push(["start-up (lexicons + jieba)", `${fmt(results.startup.ms)} ms`, "", ""]);
rows.push(["RSS per worker", `${fmt(results.memory.rssMbPerWorker)} MB`, results.memory.heapCapMb ? `heap cap ${results.memory.heapCapMb} MB` : "", "target ≤ 300 MB"]);
rows.push(["load average (1 min)", `${results.load.beforeScan[0]} before, ${results.load.atEnd[0]} at the end`, "", `${results.machine.cores} cores`]);
const w = [30, 34, 22];
console.log(rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(w[i]) : c)).join(" ")).join("\n"));
console.log(`\nmachine: ${results.machine.cores} cores, ${results.machine.memoryGb} GiB, ${results.machine.cpu}, Node ${results.machine.node}`);
console.log(`written: ${out}`);
