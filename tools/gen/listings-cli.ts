/**
 * `npm run -s gen:listings -- --count N [--seed S] [--violation-rate R] [--gzip] [--out FILE]`
 *
 * Writes N generated listings as JSONL to FILE (gzipped with --gzip or a name
 * ending in .gz), or to stdout without --out, streaming: lines are
 * written in blocks and the writer waits for 'drain' when stdout is slow, so
 * memory stays flat for any N. Exit 2 on bad arguments.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import type { Writable } from "node:stream";
import { generateListing } from "./listings.js";

function fail(msg: string): never {
  process.stderr.write(`gen:listings: ${msg}\nusage: npm run -s gen:listings -- --count N [--seed S] [--violation-rate 0..1] [--gzip] [--out FILE]\n`);
  process.exit(2);
}

function int(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) fail(`${name} must be a non-negative integer, not ${JSON.stringify(v)}`);
  return n;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: { count: { type: "string" }, seed: { type: "string" }, "violation-rate": { type: "string" }, gzip: { type: "boolean" }, out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) fail("writes generated listings as JSONL to FILE, or to stdout without --out");
const count = int(values.count as string | undefined, "--count", 1000);
const seed = int(values.seed as string | undefined, "--seed", 1);
const rateRaw = values["violation-rate"] as string | undefined;
const violationRate = rateRaw === undefined ? undefined : Number(rateRaw);
if (violationRate !== undefined && !(violationRate >= 0 && violationRate <= 1)) fail(`--violation-rate must be between 0 and 1, not ${rateRaw}`);

const outFile = values.out as string | undefined;
if (outFile === "") fail("--out needs a file name");
// The sink: the --out file (written by this process, so npm's banner cannot get into it) or stdout.
let sink: Writable = process.stdout;
if (outFile) {
  sink = createWriteStream(outFile);
  sink.on("error", (e: NodeJS.ErrnoException) => {
    const why = e.code === "ENOENT" ? "no such directory" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    process.stderr.write(`gen:listings: cannot write ${outFile}: ${why}\n`);
    process.exit(2);
  });
}
let out: Writable = sink;
let gzip: ReturnType<typeof createGzip> | undefined;
if (values.gzip || outFile?.endsWith(".gz")) {
  gzip = createGzip();
  gzip.pipe(sink);
  out = gzip;
}
let closed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") {
    closed = true; // the reader went away (e.g. `| head`): stop quietly
    process.exit(0);
  }
  process.stderr.write(`gen:listings: ${e.message}\n`);
  process.exit(2);
});

const BLOCK = 256;
let buf = "";
for (let i = 0; i < count && !closed; i++) {
  buf += JSON.stringify(generateListing(i, seed, { violationRate })) + "\n";
  if ((i + 1) % BLOCK === 0) {
    if (!out.write(buf)) await once(out, "drain");
    buf = "";
  }
}
if (buf) out.write(buf);
if (gzip) gzip.end();
if (outFile) {
  if (!gzip) sink.end();
  await once(sink, "finish");
  process.stderr.write(`gen:listings: ${count} listings written to ${outFile}\n`);
} else if (gzip) {
  await once(process.stdout, "finish").catch(() => undefined);
}
