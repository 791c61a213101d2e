/**
 * Two readings of one entry over the same original span (a pinyin 加微 ending inside the disguise
 * 薇信, and 加微信 over all of it): the verdict keeps the reading that covers what it shows, so the
 * original slice normalizes to the reading in its explanation (the fuzz test's property, pinned).
 */
import { describe, expect, it } from "vitest";
import { normalize } from "../src/normalize/normalize.js";
import { fixtureEngine } from "./support/engine.js";

const engine = fixtureEngine();

describe("dedupe: one candidate per original span", () => {
  it.each(["原价六百八月季a薇信", "季a薇信"])("keeps the fuller reading in %s", (text) => {
    const v = engine.review({ id: "d", channel: "script", text });
    const hit = v.violations.find((x) => x.ruleId === "fx.add-wechat");
    expect(hit, JSON.stringify(v.violations.map((x) => x.term))).toBeDefined();
    expect(hit!.term).toBe("加微信");
    expect(normalize(text.slice(hit!.start, hit!.end), engine.lexicon.variants).text).toBe(hit!.explain.normalized);
  });
});
