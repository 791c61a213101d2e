/** The fold: applying events one at a time through JSON snapshots (live) equals folding them all (rebuild). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEvent, fold, initialState, view } from "../../src/ledger/fold.js";
import type { LedgerEvent, LedgerState } from "../../src/ledger/types.js";
import { occurrencesOf } from "../../src/score/penalties/index.js";
import { loadPolicy } from "../../src/score/policy.js";
import { CATEGORIES, SEVERITIES } from "../../src/types.js";
import { violation } from "./helpers.js";

const policy = loadPolicy();
const T0 = Date.parse("2024-12-20T00:00:00+08:00");

const eventArb = fc.array(
  fc.record({
    kind: fc.constantFrom("verdict", "verdict", "verdict", "appeal", "exam"),
    cats: fc.array(fc.tuple(fc.constantFrom(...CATEGORIES), fc.constantFrom(...SEVERITIES)), { minLength: 1, maxLength: 3 }),
    sanwu: fc.boolean(),
    hours: fc.integer({ min: 0, max: 24 * 20 }),
    pick: fc.nat(),
    role: fc.constantFrom("creator" as const, "merchant" as const),
  }),
  { maxLength: 12 },
);

type Spec = Array<{ kind: string; cats: Array<[string, string]>; sanwu: boolean; hours: number; pick: number; role: "creator" | "merchant" }>;

function toEvents(spec: Spec): LedgerEvent[] {
  const evs: LedgerEvent[] = [];
  const ids: string[] = [];
  let t = T0;
  spec.forEach((s, i) => {
    t += s.hours * 3_600_000;
    const at = new Date(t).toISOString();
    if (s.kind === "verdict") {
      const itemId = `i${i}`;
      const vs = s.cats.map(([c, sev], k) => violation(itemId, c as never, sev as never, k * 10));
      const occurrences = occurrencesOf(vs, "entry");
      ids.push(...occurrences.map((o) => o.id));
      evs.push({
        type: "verdict",
        at,
        itemId,
        channel: "listing",
        account: { id: "a", role: s.role, firstSellingAt: new Date(T0).toISOString(), liveHours: 3 },
        dedupe: itemId,
        occurrences,
        sanwu: s.sanwu ? { id: `s${i}`, kind: "sanwu", missing: ["manufacturer"], evidence: {} } : null,
      });
    } else if (ids.length) {
      evs.push({ type: s.kind as "appeal" | "exam", at, violationId: ids[s.pick % ids.length] });
    }
  });
  return evs;
}

describe("ledger fold", () => {
  it("live (event by event through JSON snapshots) equals rebuild (fold of all events)", () => {
    fc.assert(
      fc.property(eventArb, (spec) => {
        const evs = toEvents(spec);
        let live: LedgerState = initialState("a");
        for (const e of evs) live = JSON.parse(JSON.stringify(applyEvent(live, e, policy))) as LedgerState;
        const rebuilt = fold("a", evs, policy);
        expect(live).toEqual(JSON.parse(JSON.stringify(rebuilt)));
        const now = new Date(T0 + 40 * 86_400_000);
        expect(view(live, now, policy)).toEqual(JSON.parse(JSON.stringify(view(rebuilt, now, policy))));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
  it("points never go below 0 remaining and only active records count", () => {
    fc.assert(
      fc.property(eventArb, (spec) => {
        const s = view(fold("a", toEvents(spec), policy), new Date(T0 + 3 * 86_400_000), policy);
        expect(s.credit.remaining).toBeGreaterThanOrEqual(0);
        const active = s.violations.filter((r) => r.status === "active" && r.creditYear === s.credit.year);
        expect(s.credit.deducted).toBe(active.reduce((n, r) => n + r.points, 0));
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});
