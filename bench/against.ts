/**
 * `npm run bench:against [-- --ref REF] [--rounds N] [--quick]`: scan throughput of
 * this checkout side by side with an earlier commit, in one run.
 *
 * The earlier commit is exported (`git archive`) into a temporary folder, built
 * with this checkout's TypeScript against this checkout's node_modules, and both
 * builds then scan the same corpus (the bench corpus, written once to a temporary
 * JSONL file) in alternating child processes: old, new, old, new, … Each child
 * loads its own engine with its own lexicons (start-up is not timed), warms up,
 * and times `engine.review` over every item. The figure is the ratio of medians;
 * the machine's speed cancels out because both sides run in the same minutes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { itemFields } from "../src/doc/document.js";
import { captionStream, generatedListings, sampleItems } from "./corpus.js";
import { machine } from "./machine.js";

/** The state of the code when the detection issue (#12) was filed: its "today's" throughput. */
export const DEFAULT_REF = "e938acf";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

export interface AgainstResult {
  ref: string;
  rounds: number;
  items: number;
  chars: number;
  old: number[];
  current: number[];
  oldMedian: number;
  currentMedian: number;
  ratio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Exports REF and builds it; returns the built engine module's path. */
function buildRef(ref: string, log: (s: string) => void): { engine: string; dir: string } {
  const sha = execFileSync("git", ["-C", root, "rev-parse", "--verify", `${ref}^{commit}`], { encoding: "utf8" }).trim();
  const dir = join(tmpdir(), `hegui-against-${sha.slice(0, 12)}`);
  const engine = join(dir, "dist", "src", "engine.js");
  if (existsSync(engine)) return { engine, dir };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`exporting ${ref} (${sha.slice(0, 12)}) to ${dir}`);
  const tar = spawnSync("sh", ["-c", `git -C "${root}" archive ${sha} | tar -x -C "${dir}"`], { stdio: "inherit" });
  if (tar.status !== 0) throw new Error(`git archive ${ref} failed`);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  log(`building ${ref}`);
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")], {
    stdio: "inherit",
  });
  if (tsc.status !== 0 || !existsSync(engine)) throw new Error(`building ${ref} failed`);
  return { engine, dir };
}

function probe(engine: string, corpus: string): { seconds: number; items: number } {
  const r = spawnSync(process.execPath, [join(here, "against-probe.js"), engine, corpus], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`probe of ${engine} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

export async function benchAgainst(opts: { ref?: string; rounds?: number; quick?: boolean; log?: (s: string) => void }): Promise<AgainstResult> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + "\n"));
  const ref = opts.ref ?? DEFAULT_REF;
  const rounds = opts.rounds ?? 5;
  const built = buildRef(ref, log);
  const samples = sampleItems();
  const listings = await generatedListings(opts.quick ? 1000 : 3000, 1);
  const items = [...samples, ...listings, ...captionStream(samples, opts.quick ? 2000 : 6000)];
  const tmp = mkdtempSync(join(tmpdir(), "hegui-against-corpus-"));
  const corpus = join(tmp, "corpus.jsonl");
  writeFileSync(corpus, items.map((i) => JSON.stringify(i)).join("\n") + "\n");
  const current = join(root, "dist", "src", "engine.js");
  // Characters counted once, by this build's field reader, for both sides.
  const chars = items.reduce((n, i) => n + itemFields(i).reduce((m, f) => m + f.text.length, 0), 0);
  const old: number[] = [];
  const cur: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const a = chars / probe(built.engine, corpus).seconds;
      const b = chars / probe(current, corpus).seconds;
      old.push(a);
      cur.push(b);
      log(`round ${r + 1}/${rounds}: ${ref} ${Math.round(a).toLocaleString("en-US")} chars/s, current ${Math.round(b).toLocaleString("en-US")} chars/s`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const oldMedian = median(old);
  const currentMedian = median(cur);
  return { ref, rounds, items: items.length, chars, old, current: cur, oldMedian, currentMedian, ratio: currentMedian / oldMedian };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { ref: { type: "string" }, rounds: { type: "string" }, quick: { type: "boolean" }, out: { type: "string" } } });
  const rounds = values.rounds ? Number(values.rounds) : undefined;
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) {
    process.stderr.write(`--rounds must be a positive integer, got ${values.rounds}\n`);
    process.exit(2);
  }
  const res = await benchAgainst({ ref: values.ref, rounds, quick: values.quick });
  const out = { date: new Date().toISOString(), machine: machine(), ...res, ratio: Math.round(res.ratio * 1000) / 1000 };
  if (values.out) writeFileSync(values.out, JSON.stringify(out, null, 2) + "\n");
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  process.stderr.write(
    `current / ${res.ref}: ${out.ratio} (median ${Math.round(res.currentMedian).toLocaleString("en-US")} vs ${Math.round(res.oldMedian).toLocaleString("en-US")} chars/s over ${res.rounds} alternating rounds)\n`,
  );
}
