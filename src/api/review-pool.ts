/**
 * Reviews off the server's event loop: a few worker threads, each with its own
 * engine over the same lexicon directory. The event loop only parses requests
 * and writes responses, so /healthz and other requests are answered while a
 * long item is being judged.
 *
 * Each item has the engine's deadline inside its thread (cooperative checks,
 * DeadlineExceeded). A thread that still has not answered `graceMs` after the
 * deadline (stuck where no check runs) is terminated and replaced, and the
 * request ends with the same "deadline exceeded".
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { DeadlineExceeded } from "../deadline.js";
import type { Bundle } from "../lexicon/follow.js";
import type { Item, Verdict } from "../types.js";
import type { ThreadInit, ThreadReply } from "./review-thread.js";

export const THREAD_SCRIPT = fileURLToPath(new URL("./review-thread.js", import.meta.url));

/** Whether the compiled thread script is there (it is under dist/, not when running the TypeScript sources). */
export function reviewThreadsAvailable(): boolean {
  return existsSync(THREAD_SCRIPT);
}

interface Job {
  seq: number;
  item: Item;
  resolve(v: Verdict): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  started?: boolean;
  ready: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export interface ReviewPoolOptions {
  threads: number;
  lexiconDir?: string;
  deadlineMs: number;
  /** How long past the deadline a silent thread is given before it is replaced. */
  graceMs?: number;
  log?: (line: string) => void;
}

export class ReviewPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private seq = 0;
  private closed = false;
  /** The published lexicon the threads run (given to replacements too), once the server switched. */
  private bundle?: Bundle;
  private switchWaiters: Array<{ slot: Slot; resolve(error?: string): void }> = [];

  constructor(private readonly opts: ReviewPoolOptions) {
    for (let i = 0; i < Math.max(1, opts.threads); i++) this.slots.push(this.spawn());
  }

  /** Resolves when every thread has loaded its engine (rejects if one cannot). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  review(item: Item): Promise<Verdict> {
    if (this.closed) return Promise.reject(new Error("review pool closed"));
    return new Promise<Verdict>((resolve, reject) => {
      this.queue.push({ seq: ++this.seq, item, resolve, reject });
      this.pump();
    });
  }

  /**
   * Switch every thread to a published lexicon (the server's LexiconFollower
   * checked it); resolves when each has, rejecting with the first thread's error.
   */
  async swapLexicon(bundle: Bundle): Promise<void> {
    this.bundle = bundle;
    const errors = await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<string | undefined>((resolve) => {
            this.switchWaiters.push({ slot, resolve });
            void slot.ready.then(
              () => slot.worker.postMessage({ lexicon: bundle }),
              () => resolve(undefined),
            );
          }),
      ),
    );
    const e = errors.find((x) => x);
    if (e) throw new Error(`review thread: ${e}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error("review pool closed"));
    for (const w of this.switchWaiters.splice(0)) w.resolve(undefined);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const init: ThreadInit = { lexiconDir: this.opts.lexiconDir, bundle: this.bundle, deadlineMs: this.opts.deadlineMs };
    const worker = new Worker(THREAD_SCRIPT, { workerData: init });
    const slot = { worker } as Slot;
    let started = false;
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (m: ThreadReply) => {
        if ("ready" in m) {
          started = true;
          slot.started = true;
          resolve();
          this.pump();
        } else if ("failed" in m) reject(new Error(`review thread: ${m.failed}`));
        else if ("switched" in m) {
          const i = this.switchWaiters.findIndex((w) => w.slot === slot);
          if (i >= 0) this.switchWaiters.splice(i, 1)[0].resolve(m.error);
        }
        else this.finish(slot, m);
      });
      worker.on("error", (e) => {
        if (!started) reject(e);
        this.fail(slot, e);
      });
      worker.on("exit", () => {
        if (!started) reject(new Error("review thread exited before it was ready"));
      });
    });
    slot.ready.catch(() => {});
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      void slot.ready.then(
        () => {
          if (slot.job !== job) return;
          slot.worker.postMessage({ seq: job.seq, item: job.item });
          slot.timer = setTimeout(() => this.stuck(slot, job), this.opts.deadlineMs + (this.opts.graceMs ?? 2000));
        },
        (e: Error) => this.fail(slot, e),
      );
    }
  }

  private finish(slot: Slot, m: Extract<ThreadReply, { seq: number }>): void {
    const job = slot.job;
    if (!job || job.seq !== m.seq) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if ("verdict" in m) job.resolve(m.verdict as Verdict);
    else job.reject(m.deadline ? new DeadlineExceeded(this.opts.deadlineMs) : new Error(m.error));
    this.pump();
  }

  /** A thread silent past deadline + grace: replaced, its request ends as over the deadline. */
  private stuck(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.opts.log?.(`hegui serve: a review thread ran ${this.opts.deadlineMs} ms past its item's deadline; replaced`);
    this.replace(slot);
    job.reject(new DeadlineExceeded(this.opts.deadlineMs));
  }

  private fail(slot: Slot, e: Error): void {
    const job = slot.job;
    if (this.closed) return;
    if (!slot.started) {
      // A thread that cannot load its engine is not respawned in a loop: its requests fail.
      slot.job = undefined;
      job?.reject(e);
      for (const j of this.queue.splice(0)) j.reject(e);
      return;
    }
    this.replace(slot);
    job?.reject(e);
  }

  private replace(slot: Slot): void {
    // Its replacement starts on the current bundle: a switch waiting on this thread is done.
    for (const w of this.switchWaiters.filter((x) => x.slot === slot)) w.resolve(undefined);
    this.switchWaiters = this.switchWaiters.filter((x) => x.slot !== slot);
    clearTimeout(slot.timer);
    slot.job = undefined;
    void slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0 && !this.closed) {
      this.slots[i] = this.spawn();
      this.pump();
    }
  }
}
