/**
 * Which processor runs which queue. Processors stay thin: `(job) =>
 * pipeline.run(job.data)`, wrapped so that a job's last failure (a bad
 * payload fails at once: UnrecoverableError, no retry) also lands as an error
 * record in the verdict stream and in the submitter's reply list.
 *
 * `rescan` is the rescan module's processor (src/rescan/worker.ts): a chunk
 * of listings in, their verdicts out (the job's value; no stream, no reply).
 */
import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import { createRescanProcessor } from "../rescan/worker.js";
import type { JobRef, PipelineDeps } from "./deps.js";
import { itemIdOf, replyOf, UNDECODABLE } from "./job-data.js";
import { MatchPipeline } from "./match-pipeline.js";
import { INGEST_QUEUES, SCORING_QUEUE, type ALL_QUEUES } from "./names.js";
import { ScoringPipeline } from "./scoring-pipeline.js";
import { VerdictSink } from "./verdict-sink.js";

export type Processor = (job: Job, token?: string) => Promise<unknown>;
export type ProcessorFactory = (deps: PipelineDeps, queue: string) => Promise<Processor>;

function jobRef(job: Job, queue: string, token: string | undefined): JobRef {
  return {
    queue,
    id: String(job.id),
    timestamp: job.timestamp,
    async delay(at: number): Promise<never> {
      await job.moveToDelayed(at, token);
      throw new DelayedError();
    },
  };
}

/** Run `run`; on the job's last failure write an error record first, then rethrow. */
export function guarded(queue: string, deps: PipelineDeps, run: (data: unknown, job: JobRef) => Promise<unknown>): Processor {
  return async (job, token) => {
    try {
      const d = job.data as Record<string, unknown> | null;
      if (d && typeof d === "object" && UNDECODABLE in d) throw new UnrecoverableError(`bad payload: job data is not JSON: ${String(d[UNDECODABLE])}`);
      return await run(job.data, jobRef(job, queue, token));
    } catch (caught) {
      if (caught instanceof DelayedError) throw caught;
      // An item past its deadline would be as slow on any worker: it fails once, with its error record.
      const e = isDeadlineExceeded(caught) ? new UnrecoverableError(DEADLINE_MESSAGE) : caught;
      const last = e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) await writeErrorRecord(deps, queue, job, (e as Error).message);
      throw e;
    }
  };
}

/**
 * The error record of a job failed for good: in the verdict stream and the submitter's reply list, once
 * (the sink's marker is the queue and job id, so a second write adds no stream entry). A failed write is
 * logged, never thrown: the job's failure goes on.
 */
export async function writeErrorRecord(deps: Pick<PipelineDeps, "sink" | "log">, queue: string, job: Job, error: string): Promise<void> {
  const jobId = String(job.id);
  try {
    await deps.sink.write(VerdictSink.errorIdentity(queue, jobId), { type: "error", data: { id: itemIdOf(job.data), error, queue, jobId } }, replyOf(job.data));
  } catch (w) {
    deps.log(`hegui workers: ${queue} job ${jobId}: cannot write its error record: ${(w as Error).message}`);
  }
}

/** The queues whose every job ends in the verdict stream: a verdict, or an error record when it fails for good. */
export const STREAM_QUEUES: ReadonlySet<string> = new Set<string>([...INGEST_QUEUES, SCORING_QUEUE]);

const match: ProcessorFactory = async (deps, queue) => {
  const pipeline = new MatchPipeline(deps);
  return guarded(queue, deps, (data, job) => pipeline.run(data, job));
};

/** Every queue of ALL_QUEUES has its processor (a new ingest queue is flagged here by the compiler). */
export const PROCESSORS: Record<string, ProcessorFactory> = {
  captions: match,
  scripts: match,
  listings: match,
  scoring: async (deps, queue) => {
    const pipeline = new ScoringPipeline(deps);
    return guarded(queue, deps, (data) => pipeline.run(data));
  },
  rescan: async (deps) => createRescanProcessor(deps.engine) as Processor,
} satisfies Record<(typeof ALL_QUEUES)[number], ProcessorFactory>;
