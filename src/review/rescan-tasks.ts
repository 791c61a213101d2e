/**
 * `hegui rescan --review`: after a rescan, every verdict decided `review`
 * becomes a review task with its listing. The verdicts file has one line per
 * input line, in input order (src/rescan/output.ts), so the two files are read
 * side by side; an id that differs between them stops the step.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { readRecords } from "../io/jsonl.js";
import type { Item, Verdict } from "../types.js";
import type { ReviewOps } from "./open.js";

export async function tasksFromRescan(input: string, verdicts: string, ops: Pick<ReviewOps, "createTask">): Promise<{ review: number; created: number }> {
  const lines = createInterface({ input: createReadStream(verdicts, "utf8"), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let review = 0;
  let created = 0;
  let n = 0;
  for await (const rec of readRecords(input)) {
    let next = await lines.next();
    while (!next.done && next.value.trim() === "") next = await lines.next();
    n++;
    if (next.done) throw new Error(`${verdicts}: ends before input record ${n} (line ${rec.line} of ${input}); run the rescan to the end first`);
    if ("error" in rec) continue;
    let v: Verdict;
    try {
      v = JSON.parse(next.value) as Verdict;
    } catch (e) {
      throw new Error(`${verdicts}: record ${n} is not JSON: ${(e as Error).message}`);
    }
    if ((v as { error?: unknown }).error !== undefined) continue;
    if (v.id !== rec.item.id) throw new Error(`${verdicts}: record ${n} is for ${JSON.stringify(v.id)}, line ${rec.line} of ${input} is ${JSON.stringify(rec.item.id)}: not this input's verdicts`);
    if (v.decision !== "review") continue;
    review++;
    const r = await ops.createTask(rec.item as Item, v, "rescan");
    if (r?.created) created++;
  }
  return { review, created };
}
