/** 真实宝 marks read the attribute finding's typed evidence, never its explanation (which may be left out). */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { occurrencesOf } from "../../src/score/penalties/index.js";
import { ASPECTS, type Item, type Violation } from "../../src/types.js";

const listing = (id: string, title: string, attributes: Record<string, string>): Item => ({
  id,
  channel: "listing",
  listing: { title, description: "", sellingPoints: [], attributes },
});

describe("attribute evidence", () => {
  const engine = createEngine({ explain: false });
  it.each([
    ["material", listing("a1", "纯棉T恤 夏季", { 材质: "涤纶100%" })],
    ["origin", listing("a2", "新疆阿克苏苹果 脆甜", { 产地: "山东烟台" })],
    ["brand", listing("a3", "正品迪奥口红", { 品牌: "花间集" })],
  ] as const)("a %s finding carries its aspect, claim and attributes, and its compensation names it, with no explanation", (aspect, item) => {
    const v = engine.review(item);
    const found = v.violations.find((x) => x.ruleId === "attribute_mismatch.claim-vs-attributes");
    expect(found?.explain).toBeUndefined();
    expect(found?.evidence).toMatchObject({ aspect, claim: expect.any(String), listing: [expect.objectContaining({ key: expect.any(String), value: expect.any(String) })] });
    const comp = (v.penalties ?? []).find((p) => p.kind === "compensable");
    expect(comp?.note).toContain(`a false claim on ${aspect}`);
  });

  it("an occurrence's aspect comes from the evidence, whatever the explanation steps are called", () => {
    const base: Violation = {
      category: "attribute_mismatch",
      ruleId: "attribute_mismatch.claim-vs-attributes",
      term: "x",
      matched: "x",
      field: "text",
      start: 0,
      end: 1,
      spans: [],
      severity: "general",
      confidence: 0.8,
      rule: "r",
      explain: { entryId: "e", variant: "rule", normalized: "x", steps: [{ step: "material", effect: 0, note: "" }] },
    };
    expect(occurrencesOf([base], "category")[0].aspect).toBeUndefined();
    for (const aspect of ASPECTS) expect(occurrencesOf([{ ...base, evidence: { aspect, claim: "x", listing: [] } }], "category")[0].aspect).toBe(aspect);
  });
});
