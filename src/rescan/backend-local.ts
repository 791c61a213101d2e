/**
 * --local: no Redis; one worker thread per core, each with its own engine
 * (about 1–5 s to load and 240–360 MB each). Same chunking and the same
 * review code as the queue workers, so the verdicts are identical.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RescanAbortError, type ChunkBackend, type ChunkJob } from "./backend.js";
import type { FromThread, ThreadInit, ToThread } from "./local-thread.js";
import type { ChunkResult } from "./review-chunk.js";

interface Pending {
  resolve(r: ChunkResult): void;
  reject(e: Error): void;
  promise: Promise<ChunkResult>;
  thread: number;
}

interface Thread {
  worker: Worker;
  inflight: number;
  lexiconVersion?: string;
  dead?: string;
}

/**
 * The thread's script: next to this module when running compiled (dist/), or
 * the compiled copy when this module runs from source (tests under vitest).
 */
export function threadScript(): URL {
  const here = new URL("./local-thread.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const compiled = new URL(here.href.replace(/\/src\/rescan\/local-thread\.js$/, "/dist/src/rescan/local-thread.js"));
  if (existsSync(fileURLToPath(compiled))) return compiled;
  throw new Error(`cannot find the rescan thread script (${fileURLToPath(here)}): build with \`npm run build\``);
}

export interface LocalBackendOptions {
  threads?: number;
  lexiconDir?: string;
  explain: boolean;
  /** The lexicon version the run expects; a thread with another one stops the run. */
  lexiconVersion: string;
}

export class LocalBackend implements ChunkBackend {
  readonly mode = "local" as const;
  readonly window: number;
  private threads: Thread[] = [];
  private pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(private opts: LocalBackendOptions) {
    const n = Math.max(1, opts.threads ?? availableParallelism());
    this.window = n * 3;
    const init: ThreadInit = { lexiconDir: opts.lexiconDir, explain: opts.explain };
    const script = threadScript();
    for (let i = 0; i < n; i++) {
      const worker = new Worker(script, { workerData: init });
      const t: Thread = { worker, inflight: 0 };
      worker.on("message", (m: FromThread) => this.onMessage(t, i, m));
      worker.on("error", (e) => this.fail(t, `thread ${i} crashed: ${e.message}`));
      worker.on("exit", (code) => {
        if (!t.dead && code !== 0) this.fail(t, `thread ${i} exited with code ${code}`);
      });
      this.threads.push(t);
    }
  }

  private onMessage(t: Thread, i: number, m: FromThread): void {
    if (m.type === "ready") {
      t.lexiconVersion = m.lexiconVersion;
      if (m.lexiconVersion !== this.opts.lexiconVersion) {
        this.fail(t, `thread ${i} loaded lexicon ${m.lexiconVersion}, the rescan expects ${this.opts.lexiconVersion} (was the lexicon directory edited?)`);
      }
    } else if (m.type === "result") {
      t.inflight--;
      const p = this.pending.get(m.index);
      p?.resolve(m.result);
    } else {
      if (m.index === undefined) return this.fail(t, `thread ${i}: ${m.message}`);
      t.inflight--;
      this.pending.get(m.index)?.reject(new RescanAbortError(`chunk ${m.index}: ${m.message}`));
    }
  }

  private fail(t: Thread, message: string): void {
    t.dead = message;
    this.failure ??= new RescanAbortError(message);
    for (const p of this.pending.values()) p.reject(this.failure);
  }

  async submit(jobs: ChunkJob[]): Promise<void> {
    if (this.failure) throw this.failure;
    for (const j of jobs) {
      if (this.pending.has(j.index)) continue;
      let best = -1;
      for (let i = 0; i < this.threads.length; i++) {
        if (this.threads[i].dead) continue;
        if (best < 0 || this.threads[i].inflight < this.threads[best].inflight) best = i;
      }
      if (best < 0) throw this.failure ?? new RescanAbortError("no live threads");
      let resolve!: (r: ChunkResult) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<ChunkResult>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {});
      this.pending.set(j.index, { resolve, reject, promise, thread: best });
      this.threads[best].inflight++;
      this.threads[best].worker.postMessage({ type: "chunk", index: j.index, items: j.items } satisfies ToThread);
    }
  }

  result(index: number): Promise<ChunkResult> {
    const p = this.pending.get(index);
    if (!p) return Promise.reject(new RescanAbortError(`chunk ${index} was never submitted`));
    return p.promise;
  }

  async release(index: number): Promise<void> {
    this.pending.delete(index);
  }

  status(): string | undefined {
    return this.threads.some((t) => !t.lexiconVersion) ? "loading the engine in each thread" : undefined;
  }

  async close(): Promise<void> {
    for (const t of this.threads) t.dead ??= "closed";
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
