/**
 * The scoring stage: candidates → verdict (the engine's `verdict`, the same
 * post-processing and decision as `hegui scan`), room escalation, the account
 * ledger (src/ledger), then the verdict written once to the stream (src/queue/verdict-sink.ts)
 * and returned as the job's value.
 */
import { escalate } from "../score/decide.js";
import type { Verdict } from "../types.js";
import type { PipelineDeps } from "./deps.js";
import { scoringData, type Reply, type ScoringJobData } from "./job-data.js";
import { VerdictSink, type ResultRecord } from "./verdict-sink.js";

export class ScoringPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** The verdict of scoring job data (no I/O). */
  private verdictOf(d: ScoringJobData): Verdict {
    const { engine } = this.deps;
    const v = engine.verdict(d.item, d.candidates, d.lexiconVersion);
    if (d.room) {
      v.room = d.room;
      escalate(v, d.room.recentViolations, engine.policy);
    }
    return v;
  }

  /** The item has an account and the process a ledger to charge it in. */
  private hasLedger(d: ScoringJobData): boolean {
    return Boolean(d.item.account && this.deps.ledger);
  }

  /** The ledger applies to the verdict: an item with an account and something to record (not while in review). */
  private ledgerApplies(d: ScoringJobData, v: Verdict): boolean {
    return this.hasLedger(d) && v.decision !== "review" && (v.violations.length > 0 || (v.productFindings?.length ?? 0) > 0);
  }

  /** The account's ledger for a verdict not in review (a `review` verdict costs nothing until a reviewer confirms it). */
  private async applyLedger(d: ScoringJobData, v: Verdict): Promise<void> {
    if (this.hasLedger(d) && v.decision !== "review") await this.deps.ledger!(d.item, v);
  }

  private reviewApplies(v: Verdict): boolean {
    return v.decision === "review" && Boolean(this.deps.reviewTask);
  }

  async run(data: unknown): Promise<Verdict> {
    const d = scoringData(data);
    const v = await this.deps.cpu.run(() => this.verdictOf(d));
    // The ledger first: it sets the verdict's penalties from the account's history. It is idempotent per
    // item and findings, so a retried job applies it once.
    // A `review` verdict costs the account nothing until a reviewer confirms it (src/review): it becomes a review task.
    await this.applyLedger(d, v);
    if (v.decision === "review" && this.deps.reviewTask) await this.deps.reviewTask(d.item, v);
    await this.deps.sink.write(VerdictSink.verdictIdentity(d.item, d.lexiconVersion), { type: "verdict", data: v }, d.reply);
    return v;
  }

  /**
   * The verdict to write when it needs nothing but the verdict sink — no ledger events to append, no
   * review task to create (I/O a live room's drainer should not wait for): the sink's write for the
   * caller to make (src/queue/room-pipeline.ts makes it in the script that records the fragment).
   * Otherwise undefined, nothing done: the caller hands the data to the scoring queue, whose job
   * computes the same verdict and does the rest. The verdict is the one `run` writes.
   */
  async sinkOnly(d: ScoringJobData): Promise<{ identity: string; rec: ResultRecord; reply?: Reply } | undefined> {
    // An item with an account and candidates will most likely need the ledger: handed over at once rather
    // than judged here and again by the scoring job.
    if (this.hasLedger(d) && d.candidates.length > 0) return undefined;
    const v = await this.deps.cpu.run(() => this.verdictOf(d));
    if (this.ledgerApplies(d, v) || this.reviewApplies(v)) return undefined;
    // The ledger returns at once here (no account, or nothing to record): called as `run` calls it.
    await this.applyLedger(d, v);
    return { identity: VerdictSink.verdictIdentity(d.item, d.lexiconVersion), rec: { type: "verdict", data: v }, reply: d.reply };
  }
}
