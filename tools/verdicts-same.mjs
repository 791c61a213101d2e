#!/usr/bin/env node
/**
 * `node tools/verdicts-same.mjs BEFORE.jsonl AFTER.jsonl [--ignore FIELD]...`
 *
 * Compares two verdict files line by line, byte for byte, after dropping the
 * top-level fields named by --ignore from both (a field a change adds on
 * purpose, e.g. decisionReason). Prints the first differing lines and exits 1
 * when they differ, 0 when they are the same, 2 on bad arguments.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const args = process.argv.slice(2);
const ignore = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--ignore") ignore.push(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 2 || ignore.includes(undefined)) {
  process.stderr.write("usage: node tools/verdicts-same.mjs BEFORE.jsonl AFTER.jsonl [--ignore FIELD]...\n");
  process.exit(2);
}

function canon(line) {
  if (!ignore.length || !line.trim()) return line;
  const v = JSON.parse(line);
  for (const f of ignore) delete v[f];
  return JSON.stringify(v);
}

const [a, b] = files.map((f) => createInterface({ input: createReadStream(f), crlfDelay: Infinity })[Symbol.asyncIterator]());
let n = 0;
let diffs = 0;
for (;;) {
  const [x, y] = await Promise.all([a.next(), b.next()]);
  if (x.done && y.done) break;
  n++;
  const l = x.done ? "<end of file>" : canon(x.value);
  const r = y.done ? "<end of file>" : canon(y.value);
  if (l !== r) {
    if (++diffs <= 3) process.stdout.write(`line ${n} differs:\n- ${l.slice(0, 400)}\n+ ${r.slice(0, 400)}\n`);
  }
}
process.stdout.write(`${n} line(s), ${diffs} differing${ignore.length ? ` (ignoring ${ignore.join(", ")})` : ""}\n`);
process.exit(diffs ? 1 : 0);
