/** Room escalation: N violations within M minutes in one room raise a violating fragment's decision. */
import type { Decision, Verdict } from "../types.js";
import type { QueueConfig } from "./config.js";
import type { Escalation } from "./job-data.js";

const RANK: Record<Decision, number> = { pass: 0, review: 1, block: 2 };

/** Raise `v.decision` when the room is over the threshold; returns what was done, if anything. */
export function escalate(v: Verdict, recentViolations: number, cfg: QueueConfig["escalation"]): Escalation | undefined {
  if (v.violations.length === 0 || recentViolations < cfg.violations) return undefined;
  if (RANK[v.decision] >= RANK[cfg.raiseTo]) return undefined;
  const e: Escalation = { from: v.decision, to: cfg.raiseTo, violations: recentViolations, windowMinutes: cfg.windowMinutes };
  v.decision = cfg.raiseTo;
  return e;
}
