/** Property-based fuzzing of normalize + match + context: no exception, every offset in range. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize } from "../src/normalize/normalize.js";
import type { Item } from "../src/types.js";
import { fixtureEngine } from "./support/engine.js";

const engine = fixtureEngine();
const pieces = fc.constantFrom(
  "包", "成", "活", "包成活", "保成活", "第一", "次", "全网最低价", "公益", "下单", "加微信", "薇信", "vx", "不能说", "高仿", "原单",
  "原价六百八", "今天九块九", "配送范围三十公里", "月季", "纯棉", " ", "　", "，", "。", "！", "\n", "🌸", "👍🏽", "\u200b", "\ufeff", "１００％",
  "國家級", "a", "Z", "9", ".", ":", "𠮷", "\u0301", "\ud800", "\udc00", "\u0000",
);
const text = fc.oneof(fc.array(pieces, { maxLength: 50 }).map((a) => a.join("")), fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));

function checkOffsets(item: Item) {
  const v = engine.review(item);
  const fields = new Map<string, string>();
  if (item.text !== undefined) fields.set("text", item.text);
  item.fragments?.forEach((f, i) => fields.set(`fragments[${i}].text`, f.text));
  for (const x of v.violations) {
    for (const s of x.spans) {
      const t = fields.get(s.field);
      expect(t, s.field).toBeDefined();
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end).toBeLessThanOrEqual(t!.length);
    }
    expect(x.confidence).toBeGreaterThanOrEqual(0);
    expect(x.confidence).toBeLessThanOrEqual(1);
  }
  expect(["pass", "review", "block"]).toContain(v.decision);
}

describe("fuzzing", () => {
  it("normalize never throws and maps into the original", () => {
    fc.assert(
      fc.property(text, (t) => {
        const n = normalize(t, engine.lexicon.variants);
        for (let i = 0; i < n.text.length; i++) expect(n.srcEnd[i]).toBeLessThanOrEqual(t.length);
      }),
      { numRuns: 500 },
    );
  });
  it("review never throws and every offset is in range (text)", () => {
    fc.assert(fc.property(text, (t) => checkOffsets({ id: "f", channel: "caption", text: t })), { numRuns: 400 });
  });
  it("review never throws and every offset is in range (fragments)", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (ts) =>
        checkOffsets({ id: "f", channel: "caption", fragments: ts.map((t, i) => ({ seq: i, text: t })) }),
      ),
      { numRuns: 200 },
    );
  });
  it("the original slice of a violation normalizes to what was matched", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const t = parts.join("");
        const v = engine.review({ id: "f", channel: "script", text: t });
        for (const x of v.violations) {
          if (x.spans.length !== 1 || x.explain.variant === "rule" || x.explain.variant === "pattern") continue;
          const slice = t.slice(x.start, x.end);
          expect(slice).toBe(x.matched);
          expect(normalize(slice, engine.lexicon.variants).text).toBe(x.explain.normalized);
        }
      }),
      { numRuns: 400 },
    );
  });
});
