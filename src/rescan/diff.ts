/**
 * `--since OLD_VERDICTS.jsonl`: which listings changed between an earlier
 * rescan and this one. A violation is identified by category and term
 * (rule ids may be renamed between lexicon versions; what was caught is what
 * matters). One line per changed listing:
 *
 *     {"id":"…","change":"changed","before":"pass","after":"block",
 *      "added":[{"category":"absolute_claim","term":"全网最低价","ruleId":"…"}],"removed":[]}
 *
 * `change` is "changed" (violations added or removed, or the decision moved),
 * "new" (not in the old file) or "gone" (in the old file only; written last).
 * Both files are read as streams side by side; listings in the same order
 * (the usual case: the same input) cost no memory, others are held in a map
 * until their partner comes.
 */
import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import { tempPathFor } from "../io/out-paths.js";
import { once } from "node:events";
import { createInterface } from "node:readline";

interface Sig {
  decision: string;
  /** key -> {category, term, ruleId} */
  violations: Map<string, ViolationRef>;
}

export interface ViolationRef {
  category: string;
  term: string;
  ruleId?: string;
}

export interface DiffCounts {
  since: string;
  file: string;
  compared: number;
  changed: number;
  /** Listings that gained at least one violation. */
  gained: number;
  /** Listings that lost at least one violation. */
  lost: number;
  decisionChanged: number;
  new: number;
  gone: number;
  /** Old lines that are not verdicts (error records, bad JSON): skipped. */
  skippedOld: number;
}

function sigOf(v: { decision?: string; violations?: ViolationRef[] }): Sig {
  const violations = new Map<string, ViolationRef>();
  for (const x of v.violations ?? []) {
    const key = `${x.category}\u0000${x.term}`;
    if (!violations.has(key)) violations.set(key, { category: x.category, term: x.term, ruleId: x.ruleId });
  }
  return { decision: v.decision ?? "?", violations };
}

type Entry = { id: string; sig: Sig };

async function* verdicts(path: string, onSkip: () => void): AsyncGenerator<Entry> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let v: { id?: unknown; decision?: string; violations?: ViolationRef[]; error?: string };
    try {
      v = JSON.parse(line);
    } catch {
      onSkip();
      continue;
    }
    if (typeof v?.id !== "string" || typeof v.decision !== "string") {
      onSkip();
      continue;
    }
    yield { id: v.id, sig: sigOf(v) };
  }
}

export async function diffVerdicts(oldPath: string, newPath: string, outPath: string): Promise<DiffCounts> {
  const counts: DiffCounts = { since: oldPath, file: outPath, compared: 0, changed: 0, gained: 0, lost: 0, decisionChanged: 0, new: 0, gone: 0, skippedOld: 0 };
  // Written under a temporary name in the same directory and renamed into place at the end:
  // an interrupted diff never leaves a partial file under outPath (or clobbers one being read).
  const tmp = tempPathFor(outPath);
  const out = createWriteStream(tmp);
  try {
    await writeDiff(oldPath, newPath, out, counts);
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, outPath);
  return counts;
}

async function writeDiff(oldPath: string, newPath: string, out: ReturnType<typeof createWriteStream>, counts: DiffCounts): Promise<void> {
  const write = async (rec: unknown) => {
    if (!out.write(JSON.stringify(rec) + "\n")) await once(out, "drain");
  };
  const old = verdicts(oldPath, () => counts.skippedOld++);
  const stash = new Map<string, Sig>();
  let oldDone = false;
  const findOld = async (id: string): Promise<Sig | undefined> => {
    const s = stash.get(id);
    if (s) {
      stash.delete(id);
      return s;
    }
    while (!oldDone) {
      const n = await old.next();
      if (n.done) {
        oldDone = true;
        break;
      }
      if (n.value.id === id) return n.value.sig;
      stash.set(n.value.id, n.value.sig);
    }
    return undefined;
  };
  for await (const cur of verdicts(newPath, () => {})) {
    const before = await findOld(cur.id);
    if (!before) {
      counts.new++;
      await write({ id: cur.id, change: "new", after: cur.sig.decision, added: [...cur.sig.violations.values()], removed: [] });
      continue;
    }
    counts.compared++;
    const added = [...cur.sig.violations].filter(([k]) => !before.violations.has(k)).map(([, v]) => v);
    const removed = [...before.violations].filter(([k]) => !cur.sig.violations.has(k)).map(([, v]) => v);
    const decisionMoved = before.decision !== cur.sig.decision;
    if (!added.length && !removed.length && !decisionMoved) continue;
    counts.changed++;
    if (added.length) counts.gained++;
    if (removed.length) counts.lost++;
    if (decisionMoved) counts.decisionChanged++;
    await write({ id: cur.id, change: "changed", before: before.decision, after: cur.sig.decision, added, removed });
  }
  for (const [id, sig] of stash) {
    counts.gone++;
    await write({ id, change: "gone", before: sig.decision, added: [], removed: [...sig.violations.values()] });
  }
  for (;;) {
    const n = await old.next();
    if (n.done) break;
    counts.gone++;
    await write({ id: n.value.id, change: "gone", before: n.value.sig.decision, added: [], removed: [...n.value.sig.violations.values()] });
  }
  out.end();
  await once(out, "close");
}
