/**
 * The scoring stage: candidates → verdict (the engine's `verdict`, the same
 * post-processing and decision as `hegui scan`), room escalation, the account
 * ledger (src/ledger), then the verdict written once to the stream (src/queue/verdict-sink.ts)
 * and returned as the job's value.
 */
import { escalate } from "../score/decide.js";
import type { Verdict } from "../types.js";
import type { PipelineDeps } from "./deps.js";
import { scoringData } from "./job-data.js";
import { VerdictSink } from "./verdict-sink.js";

export class ScoringPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run(data: unknown): Promise<Verdict> {
    const d = scoringData(data);
    const { engine, sink } = this.deps;
    const v = await this.deps.cpu.run(() => engine.verdict(d.item, d.candidates, d.lexiconVersion));
    if (d.room) {
      v.room = d.room;
      escalate(v, d.room.recentViolations, engine.policy);
    }
    const identity = VerdictSink.verdictIdentity(d.item, d.lexiconVersion);
    // The ledger first: it sets the verdict's penalties from the account's history. It is idempotent per
    // item and findings, so a retried job applies it once.
    // A `review` verdict costs the account nothing until a reviewer confirms it (src/review): it becomes a review task.
    if (d.item.account && this.deps.ledger && v.decision !== "review") await this.deps.ledger(d.item, v);
    if (v.decision === "review" && this.deps.reviewTask) await this.deps.reviewTask(d.item, v);
    await sink.write(identity, { type: "verdict", data: v }, d.reply);
    return v;
  }
}
