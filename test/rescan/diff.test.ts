/** diffVerdicts: changed, new and gone listings, in any order; error records skipped. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffVerdicts } from "../../src/rescan/diff.js";
import { formatDuration, Progress } from "../../src/rescan/progress.js";
import { readLines, tempDir } from "./helpers.js";

const v = (id: string, decision: string, ...vs: Array<[string, string]>) =>
  JSON.stringify({ id, decision, score: 0, lexiconVersion: "x", violations: vs.map(([category, term]) => ({ category, term, ruleId: `${category}.r` })) });

describe("diffVerdicts", () => {
  it("reports added and removed violations, decision moves, new and gone listings", async () => {
    const dir = tempDir("diff");
    const old = join(dir, "old.jsonl");
    const cur = join(dir, "new.jsonl");
    writeFileSync(
      old,
      [
        v("a", "pass"),
        v("b", "block", ["counterfeit", "高仿"]),
        '{"line":3,"error":"invalid JSON"}',
        v("gone1", "review", ["price_fraud", "出厂价"]),
        v("d", "review", ["absolute_claim", "第一"], ["price_fraud", "出厂价"]),
        v("e", "review", ["absolute_claim", "第一"]),
        v("c", "pass"),
      ].join("\n") + "\n",
    );
    writeFileSync(
      cur,
      [
        v("a", "block", ["private_trade", "加微信"]), // gained, decision moved
        v("b", "block", ["counterfeit", "高仿"]), // same
        v("c", "pass"), // same, out of order relative to old
        v("d", "review", ["absolute_claim", "第一"]), // lost one
        v("e", "block", ["absolute_claim", "第一"]), // decision only
        v("new1", "pass"),
      ].join("\n") + "\n",
    );
    const out = join(dir, "diff.jsonl");
    const counts = await diffVerdicts(old, cur, out);
    const recs = readLines(readFileSync(out, "utf8")).map((l) => JSON.parse(l));
    const by = new Map(recs.map((r) => [r.id, r]));
    expect([...by.keys()].sort()).toEqual(["a", "d", "e", "gone1", "new1"]);
    expect(by.get("a")).toMatchObject({ change: "changed", before: "pass", after: "block", added: [{ category: "private_trade", term: "加微信" }], removed: [] });
    expect(by.get("d")).toMatchObject({ change: "changed", added: [], removed: [{ category: "price_fraud", term: "出厂价" }] });
    expect(by.get("e")).toMatchObject({ change: "changed", before: "review", after: "block", added: [], removed: [] });
    expect(by.get("new1")).toMatchObject({ change: "new", after: "pass" });
    expect(by.get("gone1")).toMatchObject({ change: "gone", before: "review", removed: [{ category: "price_fraud", term: "出厂价" }] });
    expect(counts).toMatchObject({ compared: 5, changed: 3, gained: 1, lost: 1, decisionChanged: 2, new: 1, gone: 1, skippedOld: 1 });
  });
});

describe("progress line", () => {
  it("shows done/total, rate, violations and an ETA; one redrawn line on a TTY", () => {
    const text: string[] = [];
    const p = new Progress({ write: (s) => text.push(s), tty: true }, 0);
    p.update({ done: 0, violations: 0, errors: 0, total: 1000 }, true);
    p.update({ done: 500, violations: 40, errors: 2, total: 1000 }, true);
    p.finish();
    expect(text[1]).toMatch(/^\rrescan: 500\/1,000 listings \(50\.0%\), [\d,]+\/s, 40 with violations, 2 errors(, ETA \S+)?\x1b\[K$/);
    expect(text.at(-1)).toBe("\n");
    const plain: string[] = [];
    const q = new Progress({ write: (s) => plain.push(s), tty: false }, 0, 60_000);
    q.update({ done: 1, violations: 0, errors: 0 }, true);
    q.update({ done: 2, violations: 0, errors: 0 }); // within the interval: not printed
    expect(plain).toHaveLength(1);
    expect(plain[0].endsWith("\n")).toBe(true);
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(75)).toBe("1m15s");
  });
});
