#!/usr/bin/env node
/**
 * Verdicts of one build, saved and compared byte for byte with another's.
 *
 *     node scripts/verdict-diff.mjs save DIR [--root REPO]   # run `hegui scan` of REPO (default: this checkout) over the sets
 *     node scripts/verdict-diff.mjs compare DIR_A DIR_B      # exit 1 on any difference, naming file and line
 *
 * The sets: ../shared/eval/dev.jsonl, ../shared/eval/real-dev.jsonl (when present),
 * samples/holdout*.jsonl, the sample captions, scripts and listings, and 20,000 generated listings (`listings-cli --count 20000 --seed 3`,
 * written once into DIR as listings-20000.jsonl by the first `save`, reused from DIR_A's copy).
 * Verdicts are written with explanations (the trace shows every context step), no
 * item deadline (HEGUI_ITEM_DEADLINE_MS=Infinity, so load cannot change a verdict), and
 * no timing fields (none are in a verdict; keys named *Ms / elapsed* are dropped if any appear).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [cmd, ...rest] = process.argv.slice(2);

function arg(name, fallback) {
  const i = rest.indexOf(name);
  if (i < 0) return fallback;
  const v = rest[i + 1];
  rest.splice(i, 2);
  return v;
}

const TIMING = /(Ms|Sec|elapsed|duration)$/i;
function stripTiming(v) {
  if (Array.isArray(v)) return v.map(stripTiming);
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (!TIMING.test(k)) o[k] = stripTiming(x);
    return o;
  }
  return v;
}

function sets(root, dir) {
  const files = [];
  for (const f of ["dev.jsonl", "real-dev.jsonl"]) {
    const p = resolve(root, "..", "shared", "eval", f);
    if (existsSync(p)) files.push(p);
  }
  const samples = join(root, "samples");
  for (const f of readdirSync(samples).sort()) if (/^(holdout.*|captions|scripts|listings)\.jsonl$/.test(f)) files.push(join(samples, f));
  const gen = join(dir, "listings-20000.jsonl");
  if (!existsSync(gen)) {
    const out = execFileSync(process.execPath, [join(root, "dist", "src", "gen", "listings-cli.js"), "--count", "20000", "--seed", "3"], {
      maxBuffer: 1 << 30,
    });
    writeFileSync(gen, out);
  }
  files.push(gen);
  return files;
}

if (cmd === "save") {
  const root = resolve(arg("--root", here));
  const dir = resolve(rest[0] ?? "");
  if (!rest[0]) throw new Error("usage: verdict-diff.mjs save DIR [--root REPO]");
  mkdirSync(dir, { recursive: true });
  for (const f of sets(root, dir)) {
    const r = spawnSync(process.execPath, [join(root, "bin", "hegui.js"), "scan", f, "--format", "jsonl"], {
      env: { ...process.env, HEGUI_ITEM_DEADLINE_MS: "600000", NO_COLOR: "1" },
      maxBuffer: 1 << 30,
      encoding: "utf8",
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${f}: hegui scan exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const lines = r.stdout.split("\n").filter((l) => l.trim());
    const out = lines.map((l) => JSON.stringify(stripTiming(JSON.parse(l)))).join("\n") + "\n";
    writeFileSync(join(dir, `verdicts-${basename(f)}`), out);
    process.stderr.write(`${basename(f)}: ${lines.length} verdicts\n`);
  }
} else if (cmd === "compare") {
  const [a, b] = rest.map((d) => resolve(d));
  if (!a || !b) throw new Error("usage: verdict-diff.mjs compare DIR_A DIR_B");
  const names = readdirSync(a).filter((f) => f.startsWith("verdicts-")).sort();
  let bad = 0;
  for (const n of names) {
    const pb = join(b, n);
    if (!existsSync(pb)) {
      console.log(`${n}: missing in ${b}`);
      bad++;
      continue;
    }
    const la = readFileSync(join(a, n), "utf8").split("\n");
    const lb = readFileSync(pb, "utf8").split("\n");
    let diffs = 0;
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      if (la[i] === lb[i]) continue;
      if (diffs++ < 3) console.log(`${n}:${i + 1}\n  A ${String(la[i]).slice(0, 400)}\n  B ${String(lb[i]).slice(0, 400)}`);
    }
    console.log(`${n}: ${la.length - 1} verdicts, ${diffs ? `${diffs} DIFFER` : "identical"}`);
    bad += diffs;
  }
  process.exit(bad ? 1 : 0);
} else {
  console.error("usage: verdict-diff.mjs save DIR [--root REPO] | compare DIR_A DIR_B");
  process.exit(2);
}
