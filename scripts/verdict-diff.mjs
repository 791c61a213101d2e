#!/usr/bin/env node
/**
 * Verdicts before and after a change, line by line.
 *
 *   node scripts/verdict-diff.mjs save DIR [--gen N] [--seed S]
 *     scans the evaluation sets (../shared/eval/dev.jsonl, real-dev.jsonl,
 *     samples/holdout*.jsonl) and N generated listings (default 40000, seed 5)
 *     with the current build (bin/hegui.js scan) into DIR/<set>.verdicts.jsonl.
 *   node scripts/verdict-diff.mjs compare BEFORE AFTER [--ignore KEY,...]
 *     compares the two directories' verdict files byte for byte. --ignore drops
 *     named keys before comparing (`lexiconVersion`: the hash of the lexicon
 *     files, changed by any edit of them; `violations.evidence`: a key added to
 *     each violation); each is reported. Exit 1 when any line differs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [cmd, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : dflt;
};

function sets() {
  const out = [];
  for (const f of ["../shared/eval/dev.jsonl", "../shared/eval/real-dev.jsonl"]) if (existsSync(join(root, f))) out.push(join(root, f));
  for (const f of readdirSync(join(root, "samples")).filter((n) => /^holdout.*\.jsonl$/.test(n)).sort()) out.push(join(root, "samples", f));
  return out;
}

function generator() {
  for (const p of ["dist/tools/gen/listings-cli.js", "dist/src/gen/listings-cli.js"]) if (existsSync(join(root, p))) return join(root, p);
  throw new Error("no built listings generator (dist/tools/gen, or dist/src/gen in an older build)");
}

function save(dir) {
  mkdirSync(dir, { recursive: true });
  const count = opt("--gen", "40000");
  const seed = opt("--seed", "5");
  const genFile = join(dir, `gen${count}-seed${seed}.items.jsonl`);
  if (!existsSync(genFile)) writeFileSync(genFile, execFileSync("node", [generator(), "--count", count, "--seed", seed], { maxBuffer: 1 << 30 }));
  for (const f of [...sets(), genFile]) {
    const name = basename(f).replace(/(\.items)?\.jsonl$/, "");
    const items = readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).length;
    // A scan that dies (a signal, no memory on a busy machine) is run again, once.
    let out;
    for (let attempt = 1; out === undefined; attempt++) {
      // No item deadline: a loaded machine must not change a verdict.
      const r = spawnSync("node", [join(root, "bin/hegui.js"), "scan", "--format", "jsonl", f], { maxBuffer: 1 << 30, encoding: "utf8", env: { ...process.env, HEGUI_ITEM_DEADLINE_MS: "86400000" } });
      const lines = (r.stdout ?? "").split("\n").filter(Boolean).length;
      if ((r.status === 0 || r.status === 1) && lines === items) out = r.stdout;
      else if (attempt >= 2) throw new Error(`${f}: scan exit ${r.status ?? r.signal ?? r.error}, ${lines} verdicts for ${items} items: ${(r.stderr ?? "").slice(0, 500)}`);
    }
    writeFileSync(join(dir, `${name}.verdicts.jsonl`), out);
    console.log(`${name}: ${items} verdicts`);
  }
}

function drop(line, keys) {
  const v = JSON.parse(line);
  for (const k of keys) {
    const [a, b] = k.split(".");
    if (b === undefined) delete v[a];
    else if (Array.isArray(v[a])) for (const x of v[a]) delete x[b];
  }
  return JSON.stringify(v);
}

function compare(a, b) {
  const ignore = (opt("--ignore", "") || "").split(",").filter(Boolean);
  let bad = 0;
  for (const f of readdirSync(a).filter((n) => n.endsWith(".verdicts.jsonl")).sort()) {
    const x = readFileSync(join(a, f), "utf8").split("\n").filter(Boolean);
    const yPath = join(b, f);
    if (!existsSync(yPath)) {
      console.log(`${f}: missing in ${b}`);
      bad++;
      continue;
    }
    const y = readFileSync(yPath, "utf8").split("\n").filter(Boolean);
    let raw = 0;
    let same = 0;
    const diffs = [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === y[i]) {
        raw++;
        same++;
      } else if (x[i] !== undefined && y[i] !== undefined && ignore.length && drop(x[i], ignore) === drop(y[i], ignore)) same++;
      else diffs.push(i + 1);
    }
    const n = Math.max(x.length, y.length);
    console.log(`${f}: ${n} lines, ${raw} byte-identical, ${same} identical${ignore.length ? ` without ${ignore.join(", ")}` : ""}${diffs.length ? `, DIFFERENT at lines ${diffs.slice(0, 10).join(", ")}${diffs.length > 10 ? "…" : ""}` : ""}`);
    if (diffs.length) {
      bad += diffs.length;
      const i = diffs[0] - 1;
      console.log(`  before: ${(x[i] ?? "").slice(0, 600)}\n  after:  ${(y[i] ?? "").slice(0, 600)}`);
    }
  }
  console.log(bad ? `${bad} line(s) differ` : "verdicts identical");
  process.exit(bad ? 1 : 0);
}

if (cmd === "save" && rest[0]) save(resolve(rest[0]));
else if (cmd === "compare" && rest[0] && rest[1]) compare(resolve(rest[0]), resolve(rest[1]));
else {
  console.error("usage: verdict-diff.mjs save DIR [--gen N] [--seed S] | compare BEFORE AFTER [--ignore KEY,...]");
  process.exit(2);
}
