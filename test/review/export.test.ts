/**
 * `hegui review export --rejected`: rejected hits as lines of the classifier's
 * training data (the fields train.ts reads, label ordinary, a window inside the
 * sentence) and, with --format exceptions, candidate `exceptions` per lexicon
 * entry (the phrase around each hit within its clause, most frequent first).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { candidateExceptions, trainingLine } from "../../src/cli/cmd-review.js";
import type { RejectedHit, TaskViolation } from "../../src/review/store.js";

let n = 0;
function hit(text: string, term: string, ruleId = "absolute.zui-hao", field = "text"): RejectedHit {
  const start = text.indexOf(term);
  const violation = {
    id: `v${++n}`,
    ruleId,
    category: "absolute_claim",
    severity: "general",
    matched: term,
    field,
    start,
    end: start + term.length,
    lexiconVersion: "lex-1",
    decision: "rejected",
    newCategory: null,
    decidedBy: "alice",
    appealedBy: null,
  } as TaskViolation;
  return { taskId: n, itemId: `it-${n}`, channel: "script", item: { id: `it-${n}`, channel: "script", text }, violation, reason: "不是宣传" };
}

describe("review export --rejected", () => {
  it("writes a rejected hit in the classifier's training format, its window inside the sentence", () => {
    const line = trainingLine(hit("上一句说完了。你是我最好的朋友，这点不用说。下一句", "最好的"))!;
    // The keys samples/context-training.jsonl has, in its shape.
    const sample = JSON.parse(readFileSync(new URL("../../samples/context-training.jsonl", import.meta.url), "utf8").split("\n")[0]);
    for (const k of Object.keys(sample)) expect(typeof line[k], k).toBe(typeof sample[k]);
    expect(line).toMatchObject({ term: "最好的", label: "ordinary", category: "absolute_claim", ruleId: "absolute.zui-hao", lexiconVersion: "lex-1", source: "review", reason: "不是宣传" });
    expect(line.text).toBe("你是我最好的朋友，这点不用说");
    expect(String(line.text)).toContain(String(line.term));
    // A field the item does not have: no line.
    expect(trainingLine(hit("这个是最好的", "最好的", "absolute.zui-hao", "listing.title"))).toBeUndefined();
  });

  it("proposes candidate exceptions per entry, within the clause, most frequent first", () => {
    const out = candidateExceptions([
      hit("你是我最好的朋友，谢谢", "最好的"),
      hit("他说你是我最好的朋友", "最好的"),
      hit("今天最好的安排，是休息", "最好的"),
      hit("国家级", "国家级", "absolute.national-level"),
    ]);
    expect(out).toEqual([
      // The hit alone is no exception (it would cancel the entry everywhere): counted, not proposed.
      { entry: "absolute.national-level", category: "absolute_claim", exceptions: [], rejected: 1 },
      { entry: "absolute.zui-hao", category: "absolute_claim", exceptions: ["你是我最好的朋友", "今天最好的安排"], rejected: 3 },
    ]);
  });
});
