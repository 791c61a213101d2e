#!/usr/bin/env node
/**
 * Top self-time and total-time functions of a V8 .cpuprofile (node --cpu-prof),
 * as a Markdown table: node bench/cpuprofile-summary.mjs FILE [--top 30] [--focus NAME]
 * (--focus: only samples whose stack passes through a function named NAME, e.g. review)
 */
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const ti = args.indexOf("--top");
const top = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 30;
const fo = args.indexOf("--focus");
const focus = fo >= 0 ? args.splice(fo, 2)[1] : undefined;
const prof = JSON.parse(readFileSync(args[0], "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
const count = new Map();
const parentOf = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const through = (id) => {
  for (let x = id; x !== undefined; x = parentOf.get(x)) if (byId.get(x).callFrame.functionName === focus) return true;
  return false;
};
for (let i = 0; i < prof.samples.length; i++) {
  if (focus && !through(prof.samples[i])) continue;
  count.set(prof.samples[i], (count.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
}
const total = [...count.values()].reduce((a, b) => a + b, 0);
const key = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, "$1/");
  return `${f.functionName || "(anonymous)"} ${url ? `${url}:${f.lineNumber + 1}` : ""}`.trim();
};
for (const [id, us] of count) {
  const k = key(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + us);
}
// Inclusive time: each sample counted once per distinct function on its stack.
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of count) {
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const k = key(byId.get(x));
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}
const pct = (us) => ((100 * us) / total).toFixed(1);
const rows = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`samples: ${prof.samples.length}, ${(total / 1e6).toFixed(2)} s\n`);
console.log("| self % | function |\n|---:|---|");
for (const [k, us] of rows(self)) console.log(`| ${pct(us)} | \`${k}\` |`);
console.log("\n| total % | function |\n|---:|---|");
for (const [k, us] of rows(incl)) console.log(`| ${pct(us)} | \`${k}\` |`);
