/**
 * `npm run gen:listings -- --count N [--seed S] [--violation-rate R] [--gzip] > listings.jsonl`
 *
 * Writes N generated listings as JSONL to stdout, streaming: lines are
 * written in blocks and the writer waits for 'drain' when stdout is slow, so
 * memory stays flat for any N. Exit 2 on bad arguments.
 */
import { once } from "node:events";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import type { Writable } from "node:stream";
import { generateListing } from "./listings.js";

function fail(msg: string): never {
  process.stderr.write(`gen:listings: ${msg}\nusage: npm run gen:listings -- --count N [--seed S] [--violation-rate 0..1] [--gzip] > listings.jsonl\n`);
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
    options: { count: { type: "string" }, seed: { type: "string" }, "violation-rate": { type: "string" }, gzip: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) fail("writes generated listings as JSONL to stdout");
const count = int(values.count as string | undefined, "--count", 1000);
const seed = int(values.seed as string | undefined, "--seed", 1);
const rateRaw = values["violation-rate"] as string | undefined;
const violationRate = rateRaw === undefined ? undefined : Number(rateRaw);
if (violationRate !== undefined && !(violationRate >= 0 && violationRate <= 1)) fail(`--violation-rate must be between 0 and 1, not ${rateRaw}`);

let out: Writable = process.stdout;
let gzip: ReturnType<typeof createGzip> | undefined;
if (values.gzip) {
  gzip = createGzip();
  gzip.pipe(process.stdout);
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
if (gzip) {
  gzip.end();
  await once(process.stdout, "finish").catch(() => undefined);
}
