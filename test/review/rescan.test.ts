/** `hegui rescan --review`: the verdicts decided review of a rescan become tasks, once, beside their listings. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/review/index.js";
import { tasksFromRescan } from "../../src/review/rescan-tasks.js";
import type { Verdict } from "../../src/types.js";

const dir = mkdtempSync(join(tmpdir(), "hegui-rescan-review-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listing = (id: string, title: string) => ({ id, channel: "listing", listing: { title } });
const hit = { category: "absolute_claim", ruleId: "absolute.test", term: "最", matched: "最", field: "listing.title", start: 0, end: 1, spans: [], severity: "general", confidence: 0.6, rule: "t", explain: { entryId: "absolute.test", variant: "exact", normalized: "最", steps: [] } };
const verdict = (id: string, decision: Verdict["decision"]): Verdict => ({ id, decision, score: 0.5, lexiconVersion: "lexv1", violations: decision === "pass" ? [] : [hit as never] });

describe("rescan --review", () => {
  it("makes one task per review verdict, skips error lines, and refuses verdicts of another input", async () => {
    const input = join(dir, "in.jsonl");
    const out = join(dir, "out.jsonl");
    writeFileSync(input, [listing("a", "最好的杯子"), listing("b", "杯子"), "{not json", listing("c", "最棒的碗")].map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n") + "\n");
    writeFileSync(out, [verdict("a", "review"), verdict("b", "pass"), { line: 3, error: "invalid JSON" }, verdict("c", "review")].map((x) => JSON.stringify(x)).join("\n") + "\n");
    const store = await openStore({ url: "", dataDir: "memory" });
    try {
      expect(await tasksFromRescan(input, out, store)).toEqual({ review: 2, created: 2 });
      expect(await tasksFromRescan(input, out, store)).toEqual({ review: 2, created: 0 });
      const tasks = await store.list();
      expect(tasks.map((t) => [t.itemId, t.source, (t.item.listing as { title: string }).title]).sort()).toEqual([
        ["a", "rescan", "最好的杯子"],
        ["c", "rescan", "最棒的碗"],
      ]);
      writeFileSync(out, [verdict("x", "review")].map((x) => JSON.stringify(x)).join("\n") + "\n");
      await expect(tasksFromRescan(input, out, store)).rejects.toThrow(/not this input's verdicts/);
    } finally {
      await store.close();
    }
  });
});
