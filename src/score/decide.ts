/**
 * The one place an item's decision is made: from candidates to a decision, a
 * score, the channel's action and the reason, per the channel's policy
 * (`decide`); and, for a live-room fragment, the room escalation that may
 * raise it (`escalate`, policy `escalation`).
 */
import { DECISIONS } from "../constants.js";
import type { Candidate, Channel, Decision, Escalation, Verdict } from "../types.js";
import type { Policy } from "./policy.js";

export function itemScore(cs: Candidate[], policy: Policy): number {
  let keep = 1;
  for (const c of cs) keep *= 1 - c.confidence * policy.severityWeight[c.severity];
  return Math.round((1 - keep) * 1000) / 1000;
}

export interface Decided {
  decision: Decision;
  score: number;
  action: string;
  /** Why the decision is what it is: `verdict.decisionReason`. */
  reason: string;
}

/**
 * pass: nothing reported; block: score at or above the channel's `block`, a
 * sure violation of a blocking severity, or an item-level finding that takes
 * the product down (三无); review otherwise. Learned-model findings (variant
 * `model`) only ever make an item `review`.
 */
export function decide(all: Candidate[], channel: Channel, policy: Policy, itemFindings: string[] = []): Decided {
  // What the learned model alone finds asks for review, never for a block: it takes no part in the score.
  const cs = all.filter((c) => c.explain?.variant !== "model");
  const score = itemScore(cs, policy);
  const p = policy.channels[channel];
  const out = (decision: Decision, reason: string): Decided => ({ decision, score, action: p.actions[decision], reason });
  if (itemFindings.length > 0) return out("block", itemFindings.join("; "));
  if (all.length === 0) return out("pass", "nothing reported");
  if (cs.length === 0) return out("review", `${all.length} finding(s) of the learned model: review only`);
  if (score >= p.block) return out("block", `score ${score} ≥ ${p.block}`);
  const sure = cs.find((c) => p.blockSeverities.includes(c.severity) && c.confidence >= p.blockConfidence);
  if (sure) return out("block", `${sure.severity} ${sure.category} "${sure.matched}" at confidence ${sure.confidence}`);
  return out("review", `${cs.length} violation(s) below the block threshold`);
}

const rank = (d: Decision): number => DECISIONS.indexOf(d);

/**
 * Room escalation: when a live-room fragment has violations and its room has
 * had at least `escalation.violations` reported violations within
 * `escalation.windowMinutes` (`recentViolations`, counted by the match stage,
 * this fragment's included), its decision is raised to `escalation.raiseTo`:
 * the verdict's decision, action and reason change, and `verdict.escalation`
 * records it. Returns what was done, if anything.
 */
export function escalate(v: Verdict, recentViolations: number, policy: Policy): Escalation | undefined {
  const cfg = policy.escalation;
  if (v.violations.length === 0 || recentViolations < cfg.violations) return undefined;
  if (rank(v.decision) >= rank(cfg.raiseTo)) return undefined;
  const e: Escalation = { from: v.decision, to: cfg.raiseTo, violations: recentViolations, windowMinutes: cfg.windowMinutes };
  v.decision = cfg.raiseTo;
  if (v.channel) v.action = policy.channels[v.channel].actions[cfg.raiseTo];
  v.decisionReason = `room escalation: ${recentViolations} violation(s) within ${cfg.windowMinutes} min (was ${e.from}: ${v.decisionReason ?? "?"})`;
  v.escalation = e;
  return e;
}
