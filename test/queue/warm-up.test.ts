/** A worker's warm-up (src/queue/warm-up.ts): the lexicon's examples through the jobs' engine code, nothing written, verdicts unchanged. */
import { describe, expect, it } from "vitest";
import { loadQueueConfig } from "../../src/queue/config.js";
import { DEFAULT_WARM_UP_MS, warmUp, warmUpBudgetMs } from "../../src/queue/warm-up.js";
import { createEngine } from "../../src/engine.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";
import type { Item } from "../../src/types.js";

describe("warm-up", () => {
  const config = loadQueueConfig();

  it("judges the lexicon's example sentences (each once) within its budget, and leaves the verdicts as they were", async () => {
    // An engine of its own: the warm-up must not change what it says.
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: null });
    const items: Item[] = [
      { id: "w1", channel: "caption", text: "这批包是高仿的 加微信私聊" },
      { id: "w2", channel: "script", text: "全网最低价 国家级认证" },
      { id: "w3", channel: "listing", listing: { title: "月季苗 包成活", description: "假一赔十" } },
    ];
    const before = items.map((i) => JSON.stringify(engine.review(i)));
    const texts = new Set<string>();
    for (const e of engine.lexicon.entries) {
      for (const h of e.examples.hit) texts.add((typeof h === "string" ? h : h.text).replace(/^listing:/, ""));
      for (const m of e.examples.miss) texts.add(m.replace(/^listing:/, ""));
    }
    const r = await warmUp(engine, config, 60_000);
    expect(r.items).toBe(texts.size);
    expect(items.map((i) => JSON.stringify(engine.review(i)))).toEqual(before);
  });

  it("a budget of 0 is no warm-up", async () => {
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: null });
    expect(await warmUp(engine, config, 0)).toEqual({ items: 0, ms: 0 });
  });

  it("takes its budget from HEGUI_WARM_UP_MS", () => {
    expect(warmUpBudgetMs({})).toBe(DEFAULT_WARM_UP_MS);
    expect(warmUpBudgetMs({ HEGUI_WARM_UP_MS: "0" })).toBe(0);
    expect(warmUpBudgetMs({ HEGUI_WARM_UP_MS: "250" })).toBe(250);
    expect(() => warmUpBudgetMs({ HEGUI_WARM_UP_MS: "soon" })).toThrow(/HEGUI_WARM_UP_MS/);
  });
});
