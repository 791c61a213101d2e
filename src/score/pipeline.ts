/**
 * The scoring stage: candidates → verdict. Classifier blend (when a model is
 * loaded) → post-processing (threshold, dedupe, merge, sort) → severity →
 * decision → penalties. Pure given its clock.
 */
import { blendCandidates, type DeclaredFirm } from "../classifier/blend.js";
import type { ContextClassifier } from "../classifier/model.js";
import type { Deadline } from "../deadline.js";
import type { Candidate, Item, ProductFinding, Verdict, Violation } from "../types.js";
import { settleFixes } from "../fix/apply.js";
import { decide } from "./decide.js";
import { violationId } from "./ids.js";
import { assess, findSanwu, occurrencesOf, type AccountHistory } from "./penalties/index.js";
import type { Policy } from "./policy.js";
import { postprocess, type PostStep } from "./postprocess.js";
import { assignSeverity } from "./severity.js";

export interface ScoreOptions {
  policy: Policy;
  post: PostStep[];
  classifier?: ContextClassifier | null;
  clock: () => Date;
  explain: boolean;
  history?: AccountHistory;
  /** Checked between candidates of the classifier blend and between steps. */
  deadline?: Deadline;
  /** Entries the classifier leaves alone (the lexicon's `firm`), by entry id. */
  declaredFirm?: DeclaredFirm;
}

export type { ProductFinding };

/** Longest penalty note in a truncated verdict. */
const MAX_NOTE = 300;

export function scoreItem(item: Item, candidates: Candidate[], lexiconVersion: string, o: ScoreOptions): Verdict {
  const blended = o.classifier ? blendCandidates(item, candidates, o.classifier, o.policy.classifier, o.deadline, o.declaredFirm) : candidates;
  o.deadline?.check();
  const cs = settleFixes(item, assignSeverity(postprocess(blended, o.post), o.policy));
  o.deadline?.check();
  const sanwu = findSanwu(item, o.policy.penalties.sanwu);
  const findings = sanwu ? [`三无 product: no ${sanwu.missing.join(", ")}`] : [];
  const { decision, score, action, reason } = decide(cs, item.channel, o.policy, findings);
  // Decision and penalties come from every violation; the list itself is capped (by place) so a response stays small.
  const max = o.policy.limits.maxViolations;
  const listed: Violation[] = (cs.length > max ? cs.slice(0, max) : cs).map((c) => ({ id: violationId(item.id, c), ...c }));
  // Only listed violations get an id (a hash each): past the cap, penalties are assessed on the candidates
  // themselves, which occurrencesOf names "#<index>" (unique, never a real id), and a truncated verdict's
  // penalties drop every id that is not listed (below), so the ids of the rest would never be seen.
  const all: Violation[] = listed.length < cs.length ? [...listed, ...cs.slice(max)] : listed;
  o.deadline?.check();
  const a = assess(
    { channel: item.channel, account: item.account, occurrences: occurrencesOf(all, o.policy.penalties.occurrence), sanwu, at: o.clock(), history: o.history },
    o.policy.penalties,
  );
  o.deadline?.check();
  const violations = o.explain ? listed : listed.map(({ explain: _e, ...rest }) => rest as Violation);
  const verdict: Verdict = { id: item.id, decision, score, lexiconVersion, channel: item.channel, action, decisionReason: reason, violations, penalties: a.penalties };
  if (listed.length < cs.length) {
    verdict.truncated = true;
    // Penalties of a truncated verdict point only at listed violations, and their notes are cut, so the verdict stays small.
    const shown = new Set(listed.map((v) => v.id));
    verdict.penalties = a.penalties.map((p) => ({
      ...p,
      note: p.note.length > MAX_NOTE ? `${p.note.slice(0, MAX_NOTE)}…` : p.note,
      ...(p.violationIds ? { violationIds: p.violationIds.filter((id) => shown.has(id)) } : {}),
    }));
  }
  if (sanwu) verdict.productFindings = [{ ...sanwu, rule: o.policy.penalties.sanwu.rule } satisfies ProductFinding];
  return verdict;
}
