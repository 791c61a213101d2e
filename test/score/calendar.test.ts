/** The yearly reset of credit points (001 商家信用积分·具体规则3: 每年12月31日23时59分59秒清零), with fixed clocks. */
import { describe, expect, it } from "vitest";
import { creditYear, nextReset } from "../../src/score/calendar.js";
import { assess, FRESH_HISTORY } from "../../src/score/penalties/index.js";
import { loadPolicy } from "../../src/score/policy.js";
import { occ } from "./helpers.js";

const credit = loadPolicy().penalties.credit;

describe("credit year", () => {
  it.each([
    { at: "2024-12-31T23:59:58+08:00", year: 2024 },
    { at: "2024-12-31T23:59:59+08:00", year: 2025 },
    { at: "2025-01-01T00:00:00+08:00", year: 2025 },
    { at: "2024-12-31T15:59:59Z", year: 2025 },
    { at: "2024-12-31T15:59:58.999Z", year: 2024 },
    { at: "2024-06-30T12:00:00+08:00", year: 2024 },
  ])("$at → $year", ({ at, year }) => {
    expect(creditYear(new Date(at), credit)).toBe(year);
  });
  it("next reset is the coming 12-31 23:59:59 China time", () => {
    expect(nextReset(new Date("2024-03-01T00:00:00+08:00"), credit).toISOString()).toBe("2024-12-31T15:59:59.000Z");
    expect(nextReset(new Date("2024-12-31T23:59:59+08:00"), credit).toISOString()).toBe("2025-12-31T15:59:59.000Z");
  });
  it("an assessment made after the reset reports the new credit year", () => {
    const a = assess({ channel: "script", occurrences: [occ("absolute_claim", "general")], sanwu: null, at: new Date("2024-12-31T23:59:59+08:00"), history: FRESH_HISTORY }, loadPolicy().penalties);
    expect(a.creditYear).toBe(2025);
  });
});
