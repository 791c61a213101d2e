/**
 * Penalties from rules 001–003, one table row per clause, each citing its
 * rule file and section. Pure: fixed times, no Redis.
 */
import { describe, expect, it } from "vitest";
import { assess, FRESH_HISTORY, findSanwu, type AccountHistory } from "../../src/score/penalties/index.js";
import { loadPolicy } from "../../src/score/policy.js";
import type { Account, Category, Item, Penalty, PenaltyKind, Severity } from "../../src/types.js";
import { occ } from "./helpers.js";

const policy = loadPolicy();
const P = policy.penalties;
const AT = new Date("2024-06-10T12:00:00+08:00");
const merchant: Account = { id: "m1", role: "merchant" };
const newCreator: Account = { id: "c1", role: "creator", firstSellingAt: "2024-06-01T10:00:00+08:00", liveHours: 12, previewVideos: 4 };

function run(category: Category, severity: Severity, o: { account?: Account; history?: Partial<AccountHistory>; aspect?: string } = {}) {
  return assess(
    {
      channel: "script",
      account: o.account ?? merchant,
      occurrences: [occ(category, severity, o.aspect ? { aspect: o.aspect as never } : {})],
      sanwu: null,
      at: AT,
      history: { ...FRESH_HISTORY, ...o.history },
    },
    P,
  );
}
const kinds = (ps: Penalty[], standing = true) => ps.filter((p) => !standing || !p.superseded).map((p) => p.kind);
const sum = (ps: Penalty[], kind: PenaltyKind, f: "amount" | "points") => ps.filter((p) => p.kind === kind && !p.superseded).reduce((s, p) => s + (p[f] ?? 0), 0);

describe("merchant false advertising: deposit per occurrence by severity", () => {
  const FA = ["absolute_claim", "false_efficacy", "price_fraud", "fake_promotion", "sob_story", "attribute_mismatch"] as const;
  const rows: Array<{ severity: Severity; deposit: number; ban: boolean; rule: string }> = [
    { severity: "minor", deposit: 100, ban: true, rule: "001 虚假宣传·处理 情节轻微：商品封禁，每次扣保证金100元" },
    { severity: "general", deposit: 200, ban: false, rule: "001 虚假宣传·处理 情节一般：每次扣保证金200元" },
    { severity: "severe", deposit: 2000, ban: false, rule: "001 虚假宣传·处理 情节严重：每次扣保证金2000元" },
  ];
  for (const cat of FA) {
    it.each(rows)(`${cat} $severity → $deposit yuan ($rule)`, ({ severity, deposit, ban }) => {
      const a = run(cat, severity);
      expect(sum(a.penalties, "deposit", "amount")).toBe(deposit);
      expect(kinds(a.penalties).includes("product_ban")).toBe(ban);
      expect(a.penalties.find((p) => p.kind === "deposit")!.rule).toMatch(/^001 .*虚假宣传/);
    });
  }
  it("two occurrences in one item are two deductions (001 虚假宣传·处理 每出现一次)", () => {
    const a = assess({ channel: "script", account: merchant, occurrences: [occ("absolute_claim", "general"), occ("price_fraud", "general")], sanwu: null, at: AT }, P);
    expect(sum(a.penalties, "deposit", "amount")).toBe(400);
  });
});

describe("counterfeit (001 发布假冒伪劣商品·处理)", () => {
  const rows = [
    { severity: "minor" as const, points: 3, measures: ["product_ban", "suspension"], whole: false, proceeds: false, rule: "情节轻微：扣3分，停业整顿" },
    { severity: "severe" as const, points: 12, measures: ["product_ban", "clearance"], whole: true, proceeds: false, rule: "情节严重：清退，扣12分，扣全部保证金" },
    { severity: "extreme" as const, points: 12, measures: ["product_ban", "clearance"], whole: true, proceeds: true, rule: "情节特别严重：另扣违规所得货款" },
  ];
  it.each(rows)("$severity: $rule", ({ severity, points, measures, whole, proceeds }) => {
    const a = run("counterfeit", severity);
    expect(sum(a.penalties, "credit_points", "points")).toBe(points);
    for (const m of measures) expect(kinds(a.penalties)).toContain(m);
    expect(kinds(a.penalties).includes("whole_deposit")).toBe(whole);
    expect(kinds(a.penalties).includes("proceeds")).toBe(proceeds);
    expect(a.penalties.every((p) => p.rule.startsWith("001 "))).toBe(true);
  });
  it("general is treated as minor (policy counterfeit.generalAs)", () => {
    const a = run("counterfeit", "general");
    expect(sum(a.penalties, "credit_points", "points")).toBe(3);
    expect(a.measure).toBe("suspension");
  });
});

describe("三无 products (001 出售三无产品·处理)", () => {
  const listing = (attributes: Record<string, unknown>): Item => ({ id: "l1", channel: "listing", listing: { title: "保温杯", attributes } });
  it.each([
    { attrs: { manufacturer: "无" }, missing: ["manufacturer"], why: "declared empty manufacturer" },
    { attrs: { 生产日期: "", 合格证: "暂无", 生产厂家: "无" }, missing: ["productionDate", "certificate", "manufacturer"], why: "all three declared empty (Chinese keys)" },
    { attrs: { productionDate: null, certificate: "有", manufacturer: "某某厂" }, missing: ["productionDate"], why: "null production date" },
  ])("found from listing attributes: $why", ({ attrs, missing }) => {
    expect(findSanwu(listing(attrs), P.sanwu)?.missing).toEqual(missing);
  });
  it.each([
    { attrs: {}, why: "no attributes about them: not judged" },
    { attrs: { certificate: "NGTC", material: "翡翠" }, why: "a certificate given, others not declared" },
    { attrs: { productionDate: "2024-05-01", certificate: "合格", manufacturer: "某某厂" }, why: "all present" },
  ])("not found: $why", ({ attrs }) => {
    expect(findSanwu(listing(attrs), P.sanwu)).toBeNull();
  });
  it("not judged on captions", () => {
    expect(findSanwu({ id: "c", channel: "caption", text: "x", listing: { attributes: { manufacturer: "无" } } }, P.sanwu)).toBeNull();
  });
  const sanwu = findSanwu(listing({ manufacturer: "无" }), P.sanwu)!;
  it.each([
    { prior: 0, ordinal: 1, clearance: false },
    { prior: 2, ordinal: 3, clearance: false },
    { prior: 3, ordinal: 4, clearance: true },
    { prior: 7, ordinal: 8, clearance: true },
  ])("violation no. $ordinal: 三次以内扣5000元并提供整改报告；四次及以上清退扣全部保证金", ({ prior, ordinal, clearance }) => {
    const a = assess({ channel: "listing", account: merchant, occurrences: [], sanwu, at: AT, history: { ...FRESH_HISTORY, sanwuCount: prior } }, P);
    expect(a.sanwuOrdinal).toBe(ordinal);
    expect(kinds(a.penalties)).toContain("product_ban");
    if (clearance) {
      expect(kinds(a.penalties)).toEqual(expect.arrayContaining(["clearance", "whole_deposit"]));
      expect(kinds(a.penalties)).not.toContain("correction_report");
    } else {
      expect(sum(a.penalties, "deposit", "amount")).toBe(5000);
      expect(kinds(a.penalties)).toContain("correction_report");
    }
    expect(a.penalties.every((p) => p.violationIds?.[0] === sanwu.id && p.rule.includes("三无"))).toBe(true);
  });
});

describe("credit points (001 商家信用积分·具体规则)", () => {
  it.each([
    { severity: "minor" as const, points: 0, rule: "7–9: only general, severe and extreme deduct" },
    { severity: "general" as const, points: 3, rule: "7: 情节一般每次扣3分" },
    { severity: "severe" as const, points: 6, rule: "8: 情节严重每次扣6分" },
    { severity: "extreme" as const, points: 12, rule: "9: 情节特别严重每次扣12分" },
  ])("$severity → $points points ($rule)", ({ severity, points }) => {
    const a = run("private_trade", severity);
    expect(sum(a.penalties, "credit_points", "points")).toBe(points);
    expect(a.points).toBe(points);
  });
  it("1: the account starts at 12 and 12 deducted is clearance (node 12)", () => {
    expect(P.credit.start).toBe(12);
    const below = run("absolute_claim", "general", { history: { pointsDeducted: 6 } });
    expect(kinds(below.penalties)).not.toContain("clearance");
    const at12 = run("absolute_claim", "severe", { history: { pointsDeducted: 6 } });
    const node = at12.penalties.find((p) => p.kind === "clearance")!;
    expect(node.node).toBe(12);
    expect(node.rule).toMatch(/^001 .*信用积分/);
    expect(at12.measure).toBe("clearance");
  });
  it("a node already passed earlier in the year is not triggered again", () => {
    const a = run("absolute_claim", "general", { history: { pointsDeducted: 12 } });
    expect(kinds(a.penalties)).not.toContain("clearance");
  });
  it("2: several measures → the most severe wins (suspension and the deposit deductions superseded by clearance)", () => {
    const a = assess(
      { channel: "listing", account: merchant, occurrences: [occ("counterfeit", "minor"), occ("counterfeit", "severe"), occ("absolute_claim", "general")], sanwu: null, at: AT },
      P,
    );
    const susp = a.penalties.find((p) => p.kind === "suspension")!;
    expect(susp.superseded).toBe(true);
    expect(susp.note).toContain(P.credit.mostSevereRule);
    expect(a.penalties.find((p) => p.kind === "deposit")!.superseded).toBe(true);
    expect(a.measure).toBe("clearance");
    expect(a.penalties.filter((p) => p.kind === "product_ban").every((p) => !p.superseded)).toBe(true);
  });
  it("serious violations outside false advertising take 001 具体规则4–6 deposits", () => {
    expect(sum(run("private_trade", "general").penalties, "deposit", "amount")).toBe(2000);
    expect(sum(run("impersonation", "severe").penalties, "deposit", "amount")).toBe(5000);
    expect(kinds(run("bad_values", "extreme").penalties)).toEqual(expect.arrayContaining(["clearance", "whole_deposit", "proceeds"]));
  });
});

describe("new-creator protection (002)", () => {
  it.each([
    { account: newCreator, eligible: true, why: "9 days after the first selling live, 12 h, 4 videos (002 §2)" },
    { account: { ...newCreator, firstSellingAt: "2024-05-20T10:00:00+08:00" }, eligible: false, why: "21 days after (002 §2: 15天内)" },
    { account: { ...newCreator, liveHours: 20.5 }, eligible: false, why: "20.5 h live (002 §2: ≤20小时)" },
    { account: { ...newCreator, previewVideos: 11 }, eligible: false, why: "11 preview videos (002 §2: ≤10个)" },
    { account: { ...newCreator, role: "merchant" as const }, eligible: false, why: "a merchant, not a creator (002 §1)" },
    { account: { ...newCreator, firstSellingAt: undefined }, eligible: false, why: "no first selling date" },
  ])("eligibility: $why", ({ account, eligible }) => {
    expect(run("absolute_claim", "general", { account }).protection.eligible).toBe(eligible);
  });
  it("002 §3.2(1): the first penalty for a covered violation is reversible by an exam", () => {
    const a = run("absolute_claim", "general", { account: newCreator });
    const e = a.penalties.find((p) => p.kind === "exam_reversible")!;
    expect(e.rule).toMatch(/^002 .*3\.2\(1\)/);
    expect(e.note).toContain(`${P.protection.examDays} days`);
    expect(a.examFor).toBeDefined();
  });
  it("002 §3.2(1): only the first — no exam once one was offered, none for an ineligible account, none for an uncovered category", () => {
    expect(run("absolute_claim", "general", { account: newCreator, history: { examUsed: true } }).examFor).toBeUndefined();
    expect(run("absolute_claim", "general", { account: merchant }).examFor).toBeUndefined();
    expect(run("counterfeit", "minor", { account: newCreator }).examFor).toBeUndefined();
  });
  it("002 §3.2(2): the first credit node reached is waived up to 6 points", () => {
    const a = run("counterfeit", "severe", { account: newCreator });
    expect(a.waived).toBe(6);
    expect(a.points).toBe(6);
    expect(a.penalties.find((p) => p.kind === "points_waived")!.rule).toMatch(/^002 .*3\.2\(2\)/);
    expect(a.penalties.some((p) => p.node !== undefined)).toBe(false);
    expect(a.nodeWaiverUsed).toBe(true);
  });
  it("002 §3.2(2): waived once only, and not when no node is reached", () => {
    const again = run("counterfeit", "severe", { account: newCreator, history: { nodeWaiverUsed: true } });
    expect(again.waived).toBe(0);
    expect(again.penalties.some((p) => p.kind === "clearance" && p.node === 12)).toBe(true);
    expect(run("absolute_claim", "general", { account: newCreator }).waived).toBe(0);
  });
});

describe("真实宝 compensation (003 §2.1, §2.2, §2.4)", () => {
  it.each(["material", "brand", "quantity", "variety", "origin", "ingredients"])("a false claim on %s is compensable: 100%, ≤1000 yuan, within 30 days of shipment", (aspect) => {
    const a = run("attribute_mismatch", "general", { aspect });
    const c = a.penalties.find((p) => p.kind === "compensable")!;
    expect(c.amount).toBe(1000);
    expect(c.note).toMatch(/100%.*1000 yuan.*30 days of shipment/);
    expect(c.rule).toMatch(/^003 .*2\.1/);
  });
  it("other categories are not compensable", () => {
    expect(kinds(run("absolute_claim", "general").penalties)).not.toContain("compensable");
    expect(kinds(run("false_efficacy", "severe").penalties)).not.toContain("compensable");
  });
});

describe("every penalty cites a rule file and section", () => {
  it("for every category and severity", () => {
    const cats = Object.keys(policy.penalties.protection.coveredCategories.concat("counterfeit", "prohibited_goods").reduce((m, c) => ({ ...m, [c]: 1 }), {}));
    for (const c of cats) for (const s of ["minor", "general", "severe", "extreme"] as const) {
      for (const p of run(c as Category, s, { account: newCreator }).penalties) expect(p.rule).toMatch(/^00[123] 《[^》]+》\S/);
    }
  });
});
