/**
 * A review thread of `hegui serve` (src/api/review-pool.ts): its own engine over
 * the server's lexicon directory (or a published bundle), loaded once; one item in,
 * one verdict (or, with `fix`, the fix result; or an error) out. `{swap: bundle}`
 * switches its engine to a published lexicon in place (after the item before it).
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { isDeadlineExceeded } from "../deadline.js";
import { createEngine, Engine } from "../engine.js";
import { fixItem } from "../fix/apply.js";
import { checkBundle, compileBundle, type Bundle } from "../lexicon/follow.js";
import { loadPolicy } from "../score/policy.js";
import type { Item } from "../types.js";

export interface ThreadInit {
  lexiconDir?: string;
  /**
   * A published lexicon to run instead of the directory's (the server's LexiconFollower
   * checked it; `ReviewPool.reload({bundle})` starts threads on it).
   */
  bundle?: Bundle;
  deadlineMs: number;
  /**
   * Niceness of this thread (Linux; 0: as the process). Above the event loop's, so the
   * loop that parses requests and answers /healthz and /metrics gets a core first.
   */
  nice?: number;
}

/** Lower this OS thread's priority (Linux: /proc/thread-self names the thread id); a no-op elsewhere. */
function renice(nice: number): void {
  if (!nice || process.platform !== "linux") return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, Math.max(-20, nice)));
  } catch {
    // Not permitted or no /proc: the thread keeps the process's priority.
  }
}

export type ThreadRequest =
  | { seq: number; item: Item; fix?: boolean }
  /** Switch this thread's engine to a published bundle in place (`ReviewPool.reload({bundle})`). */
  | { swap: Bundle };
export type ThreadReply =
  | { seq: number; verdict: unknown; ms: number }
  | { seq: number; fixed: unknown; ms: number }
  | { seq: number; error: string; deadline: boolean }
  | { ready: true; lexiconVersion: string }
  | { failed: string }
  | { swapped: string }
  | { swapFailed: string };

const init = workerData as ThreadInit;
const port = parentPort!;
renice(init.nice ?? 0);
try {
  // On a published bundle the directory is not read (compiling both would double the switch time).
  const engine: Engine = init.bundle
    ? new Engine(compileBundle(checkBundle(init.bundle, "bundle")), loadPolicy(), true, { deadlineMs: init.deadlineMs })
    : createEngine({ lexiconDir: init.lexiconDir, deadlineMs: init.deadlineMs });
  port.on("message", (m: ThreadRequest) => {
    if ("swap" in m) {
      // A new lexicon on the engine already loaded (segmenter, policy, models): only the lexicon is
      // compiled, far quicker than a new thread; the item before it finished on the old one.
      try {
        engine.swapLexicon(compileBundle(checkBundle(m.swap, "bundle")));
        port.postMessage({ swapped: engine.lexiconVersion } satisfies ThreadReply);
      } catch (e) {
        port.postMessage({ swapFailed: (e as Error).message } satisfies ThreadReply);
      }
      return;
    }
    let reply: ThreadReply;
    const t0 = performance.now();
    try {
      reply = m.fix ? { seq: m.seq, fixed: fixItem(engine, m.item), ms: performance.now() - t0 } : { seq: m.seq, verdict: engine.review(m.item), ms: performance.now() - t0 };
    } catch (e) {
      reply = { seq: m.seq, error: (e as Error).message, deadline: isDeadlineExceeded(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true, lexiconVersion: engine.lexiconVersion } satisfies ThreadReply);
} catch (e) {
  port.postMessage({ failed: (e as Error).message } satisfies ThreadReply);
}
