/** From candidates to a decision, a score and the channel's action, per the channel's policy. */
import type { Candidate, Channel, Decision } from "../types.js";
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
  /** Why the item is blocked (or reviewed), for explanations. */
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
