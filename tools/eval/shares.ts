/**
 * Decision shares on a labelled set: the share of positive cases (non-empty
 * `expect`) decided review or block, and of clean cases decided pass.
 *
 *   node dist/tools/eval/shares.js GOLD.jsonl VERDICTS.jsonl
 */
import { pathToFileURL } from "node:url";
import { readJsonlFile } from "../../src/io/jsonl.js";

interface Gold {
  id: string | number;
  expect?: string[];
}
interface V {
  id: string | number;
  decision?: string;
}

function readJsonl<T>(path: string): T[] {
  return readJsonlFile(path, (v) => v as T);
}

export interface Shares {
  positive: number;
  positiveFlagged: number;
  clean: number;
  cleanPassed: number;
  /** Ids of positive cases decided pass, and clean cases not decided pass. */
  missed: string[];
  flaggedClean: string[];
}

export function decisionShares(gold: Gold[], verdicts: V[]): Shares {
  const byId = new Map(verdicts.map((v) => [String(v.id), v]));
  const s: Shares = { positive: 0, positiveFlagged: 0, clean: 0, cleanPassed: 0, missed: [], flaggedClean: [] };
  for (const g of gold) {
    const d = byId.get(String(g.id))?.decision;
    if ((g.expect ?? []).length > 0) {
      s.positive++;
      if (d === "review" || d === "block") s.positiveFlagged++;
      else s.missed.push(String(g.id));
    } else {
      s.clean++;
      if (d === "pass") s.cleanPassed++;
      else s.flaggedClean.push(String(g.id));
    }
  }
  return s;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "-");

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [goldPath, vPath] = process.argv.slice(2);
  if (!goldPath || !vPath) {
    process.stderr.write("usage: node dist/tools/eval/shares.js GOLD.jsonl VERDICTS.jsonl\n");
    process.exit(2);
  }
  const s = decisionShares(readJsonl<Gold>(goldPath), readJsonl<V>(vPath));
  console.log(`positive cases decided review/block: ${s.positiveFlagged}/${s.positive} (${pct(s.positiveFlagged, s.positive)})${s.missed.length ? ` — passed: ${s.missed.join(", ")}` : ""}`);
  console.log(`clean cases decided pass: ${s.cleanPassed}/${s.clean} (${pct(s.cleanPassed, s.clean)})${s.flaggedClean.length ? ` — flagged: ${s.flaggedClean.join(", ")}` : ""}`);
}
