/**
 * Reviews off the server's event loop: worker threads (by default one per core),
 * each with its own engine over the same lexicon directory, loaded once. The
 * event loop only parses requests and writes responses, so /healthz, /metrics and
 * other requests are answered while items are being judged.
 *
 * Each item has the engine's deadline inside its thread (cooperative checks,
 * DeadlineExceeded). A thread that still has not answered `graceMs` after the
 * deadline (stuck where no check runs) is terminated and replaced, and the
 * request ends with the same "deadline exceeded".
 *
 * `reload(init)` swaps the engines (a new lexicon): new threads are started and,
 * once all are ready, take the new items; the old ones finish what they hold and exit.
 * A published bundle alone (`reload({bundle})`, what the server's LexiconFollower asks)
 * is switched to in place: each thread finishes its item, compiles the bundle on the
 * engine it has loaded (segmenter, policy, models stay) and takes items again — a
 * fraction of a new thread's start-up; new threads only if a thread cannot.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { DeadlineExceeded } from "../deadline.js";
import type { FixResult } from "../fix/apply.js";
import type { Item, Verdict } from "../types.js";
import type { Bundle } from "../lexicon/follow.js";
import type { ThreadInit, ThreadReply } from "./review-thread.js";

export const THREAD_SCRIPT = fileURLToPath(new URL("./review-thread.js", import.meta.url));

/** Whether the compiled thread script is there (it is under dist/, not when running the TypeScript sources). */
export function reviewThreadsAvailable(): boolean {
  return existsSync(THREAD_SCRIPT);
}

interface Job {
  seq: number;
  item: Item;
  fix: boolean;
  resolve(v: Timed<unknown>): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  started?: boolean;
  retired?: boolean;
  lexiconVersion?: string;
  ready: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** A bundle being switched to in place: no item is given to the thread until it answers. */
  swap?: { resolve(): void; reject(e: Error): void };
  /** The last in-place switch asked of the thread: a later one waits for it (one `swap` at a time). */
  swapped?: Promise<void>;
}

/** An answer and the time it spent on its thread (ms), apart from its wait for one. */
export interface Timed<T> {
  value: T;
  ms: number;
}

export interface ReviewPoolOptions {
  threads: number;
  lexiconDir?: string;
  deadlineMs: number;
  /** How long past the deadline a silent thread is given before it is replaced. */
  graceMs?: number;
  log?: (line: string) => void;
  /** Niceness of the review threads (Linux; default 5: below the event loop's). */
  nice?: number;
}

export class ReviewPool {
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private seq = 0;
  private closed = false;
  /** How threads load their engine (replacements too): the directory, or the published bundle last switched to. */
  private init: ThreadInit;

  constructor(private readonly opts: ReviewPoolOptions) {
    this.init = { lexiconDir: opts.lexiconDir, deadlineMs: opts.deadlineMs, nice: opts.nice ?? 5 };
    for (let i = 0; i < Math.max(1, opts.threads); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Items waiting for a thread. */
  get queued(): number {
    return this.queue.length;
  }

  /** The lexicon version the threads report (after `ready()`). */
  get lexiconVersion(): string | undefined {
    return this.slots[0]?.lexiconVersion;
  }

  /** Resolves when every thread has loaded its engine (rejects if one cannot). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async review(item: Item): Promise<Verdict> {
    return (await this.reviewTimed(item)).value;
  }

  /** The verdict and the time the thread spent on it. */
  reviewTimed(item: Item): Promise<Timed<Verdict>> {
    return this.submit(item, false) as Promise<Timed<Verdict>>;
  }

  /** The item's verdict, its fixes applied and the re-check (src/fix/apply.ts), on a thread. */
  async fix(item: Item): Promise<FixResult> {
    return (await this.fixTimed(item)).value;
  }

  fixTimed(item: Item): Promise<Timed<FixResult>> {
    return this.submit(item, true) as Promise<Timed<FixResult>>;
  }

  /**
   * New engines for every thread (a new lexicon directory, `{lexiconDir}`, or a published
   * lexicon the server's LexiconFollower switches to, `{bundle}`): resolves once the new
   * threads are ready and take the items; rejects (keeping the old threads) if one cannot load.
   */
  async reload(init: Partial<ThreadInit> = {}): Promise<void> {
    if (this.closed) throw new Error("review pool closed");
    const next: ThreadInit = { ...this.init, ...init };
    // A new directory without a bundle: the directory's lexicon, not the bundle switched to before.
    if ("lexiconDir" in init && !("bundle" in init)) delete next.bundle;
    if (init.bundle && Object.keys(init).every((k) => k === "bundle") && (await this.swapInPlace(next))) return;
    const fresh: Slot[] = [];
    for (let i = 0; i < this.slots.length; i++) fresh.push(this.spawn(next));
    try {
      await Promise.all(fresh.map((s) => s.ready));
    } catch (e) {
      await Promise.all(fresh.map((s) => s.worker.terminate()));
      throw e;
    }
    this.init = next;
    const old = this.slots;
    this.slots = fresh;
    for (const s of old) {
      s.retired = true;
      if (!s.job) void s.worker.terminate();
    }
    this.pump();
  }

  /** Every thread onto `next.bundle` on the engine it has; false (threads as they were or on it) if one cannot. */
  private async swapInPlace(next: ThreadInit): Promise<boolean> {
    const prev = this.init;
    // A thread started meanwhile (a replacement) loads the bundle itself.
    this.init = next;
    const done = await Promise.allSettled(this.slots.map((s) => this.swapSlot(s, next.bundle!)));
    if (done.every((d) => d.status === "fulfilled")) return true;
    this.init = prev;
    const why = done.find((d): d is PromiseRejectedResult => d.status === "rejected")!.reason as Error;
    this.opts.log?.(`a review thread could not switch to lexicon ${next.bundle!.version} in place (${why.message}); starting new threads`);
    return false;
  }

  private swapSlot(slot: Slot, bundle: Bundle): Promise<void> {
    // After the switch asked before this one, if any (its `swap` would otherwise be overwritten and never settle).
    const before = slot.swapped ? slot.swapped.catch(() => {}).then(() => slot.ready) : slot.ready;
    return (slot.swapped = before.then(
      () =>
        new Promise<void>((resolve, reject) => {
          // Replaced while loading: its replacement loads the pool's init, the bundle.
          if (slot.retired || !this.slots.includes(slot)) return resolve();
          slot.swap = { resolve, reject };
          slot.worker.postMessage({ swap: bundle });
        }),
    ));
  }

  /** A thread's pending in-place switch, settled (`e`: failed). */
  private settleSwap(slot: Slot, e?: Error): void {
    const swap = slot.swap;
    slot.swap = undefined;
    if (e) swap?.reject(e);
    else swap?.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) this.settleSwap(s, new Error("review pool closed"));
    for (const j of this.queue.splice(0)) j.reject(new Error("review pool closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private submit(item: Item, fix: boolean): Promise<Timed<unknown>> {
    if (this.closed) return Promise.reject(new Error("review pool closed"));
    return new Promise<Timed<unknown>>((resolve, reject) => {
      this.queue.push({ seq: ++this.seq, item, fix, resolve, reject });
      this.pump();
    });
  }

  private spawn(init: ThreadInit = this.init): Slot {
    const worker = new Worker(THREAD_SCRIPT, { workerData: init });
    const slot = { worker } as Slot;
    let started = false;
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (m: ThreadReply) => {
        if ("ready" in m) {
          started = true;
          slot.started = true;
          slot.lexiconVersion = m.lexiconVersion;
          resolve();
          this.pump();
        } else if ("failed" in m) reject(new Error(`review thread: ${m.failed}`));
        else if ("swapped" in m) {
          slot.lexiconVersion = m.swapped;
          this.settleSwap(slot);
          this.pump();
        } else if ("swapFailed" in m) {
          this.settleSwap(slot, new Error(m.swapFailed));
          this.pump();
        } else this.finish(slot, m);
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
      if (slot.job || !slot.started || slot.swap) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ seq: job.seq, item: job.item, fix: job.fix });
      slot.timer = setTimeout(() => this.stuck(slot, job), this.opts.deadlineMs + (this.opts.graceMs ?? 2000));
    }
  }

  private finish(slot: Slot, m: Extract<ThreadReply, { seq: number }>): void {
    const job = slot.job;
    if (!job || job.seq !== m.seq) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if ("verdict" in m) job.resolve({ value: m.verdict, ms: m.ms });
    else if ("fixed" in m) job.resolve({ value: m.fixed, ms: m.ms });
    else job.reject(m.deadline ? new DeadlineExceeded(this.opts.deadlineMs) : new Error(m.error));
    if (slot.retired) void slot.worker.terminate();
    this.pump();
  }

  /** A thread silent past deadline + grace: replaced, its request ends as over the deadline. */
  private stuck(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.opts.log?.(`a review thread ran ${this.opts.deadlineMs} ms past its item's deadline; replaced`);
    this.replace(slot);
    job.reject(new DeadlineExceeded(this.opts.deadlineMs));
  }

  private fail(slot: Slot, e: Error): void {
    const job = slot.job;
    if (this.closed || slot.retired) {
      this.settleSwap(slot, e);
      job?.reject(e);
      return;
    }
    if (!slot.started) {
      // A thread that cannot load its engine is not respawned in a loop: its requests fail.
      slot.job = undefined;
      job?.reject(e);
      if (this.slots.every((s) => !s.started)) for (const j of this.queue.splice(0)) j.reject(e);
      return;
    }
    this.replace(slot);
    job?.reject(e);
  }

  private replace(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.job = undefined;
    // Its replacement starts on the pool's init: the bundle being switched to, if any.
    this.settleSwap(slot);
    void slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0 && !this.closed) {
      this.slots[i] = this.spawn();
      this.pump();
    }
  }
}
