/** retail_rule facts stated in the text instead of structured fields (issue #12 item 5). */
import { describe, expect, it } from "vitest";
import { caption, script, shippedEngine } from "./support/engine.js";

describe("retail_rule.agency-chain-claim from the text", () => {
  const engine = shippedEngine();
  const find = (text: string, item = script) => engine.review(item(text)).violations.filter((v) => v.ruleId === "retail_rule.agency-chain-claim");

  it("reads an agency model the shop states about itself", () => {
    const text = "咱家这个店是代运营的 不过大家放心 我们是全国连锁品牌";
    const hits = find(text, caption);
    expect(hits).toHaveLength(1);
    expect(text.slice(hits[0].start, hits[0].end)).toBe("全国连锁");
  });
  it("ignores a denied agency model and one not said of the shop itself", () => {
    expect(find("我们不是代运营，是品牌连锁直营店")).toEqual([]);
    expect(find("代运营公司帮很多连锁品牌做直播")).toEqual([]);
  });
});
