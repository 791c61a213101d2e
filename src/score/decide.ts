/** From candidates to a decision and a score, per the channel's policy. */
import type { Candidate, Channel, Decision } from "../types.js";
import type { Policy } from "./policy.js";

export function itemScore(cs: Candidate[], policy: Policy): number {
  let keep = 1;
  for (const c of cs) keep *= 1 - c.confidence * policy.severityWeight[c.severity];
  return Math.round((1 - keep) * 1000) / 1000;
}

export function decide(cs: Candidate[], channel: Channel, policy: Policy): { decision: Decision; score: number } {
  const score = itemScore(cs, policy);
  if (cs.length === 0) return { decision: "pass", score };
  const p = policy.channels[channel];
  const severe = cs.some((c) => p.blockSeverities.includes(c.severity) && c.confidence >= 0.8);
  return { decision: score >= p.block || severe ? "block" : "review", score };
}
