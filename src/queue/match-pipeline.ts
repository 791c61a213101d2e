/**
 * The match stage (ingest queues captions, scripts, listings): validate the
 * item, find its candidates (normalize, tokenize, match, context — the
 * engine's `analyze`), and hand them to the scoring queue. A caption that
 * is one fragment of a live room goes through the room (src/queue/room-pipeline.ts).
 */
import type { JobRef, PipelineDeps } from "./deps.js";
import { ingestItem } from "./job-data.js";
import { jobIdOf } from "./names.js";
import { isRoomFragment, RoomPipeline, type IngestResult } from "./room-pipeline.js";

export class MatchPipeline {
  private readonly rooms: RoomPipeline;

  constructor(private readonly deps: PipelineDeps) {
    this.rooms = new RoomPipeline(deps);
  }

  async run(data: unknown, job: JobRef): Promise<IngestResult> {
    const { item, reply } = ingestItem(data);
    if (isRoomFragment(item)) return this.rooms.run(item, reply, job);
    const { engine } = this.deps;
    const lexiconVersion = engine.lexiconVersion;
    // Raw candidates: the scoring stage post-processes them, as engine.review does.
    const candidates = await this.deps.cpu.run(() => engine.analyze(item).candidates);
    const scoringJob = jobIdOf(job.queue, job.id);
    const by = await this.deps.score(scoringJob, { item, candidates, lexiconVersion, source: { queue: job.queue, jobId: job.id }, reply });
    return by === "queued" ? { scoringJob } : { scoredInline: true };
  }
}
