/**
 * A review thread of `hegui serve` (src/api/review-pool.ts): its own engine over
 * the server's lexicon directory; one item in, one verdict (or error) out.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isDeadlineExceeded } from "../deadline.js";
import { createEngine } from "../engine.js";
import { checkBundle, compileBundle, type Bundle } from "../lexicon/follow.js";
import type { Item } from "../types.js";

export interface ThreadInit {
  lexiconDir?: string;
  /** A published lexicon to run instead (the server's follower switched to it). */
  bundle?: Bundle;
  deadlineMs: number;
}

/** An item to judge, or a published lexicon to switch to (already checked by the server's follower). */
export type ThreadRequest = { seq: number; item: Item } | { lexicon: Bundle };
export type ThreadReply =
  | { seq: number; verdict: unknown }
  | { seq: number; error: string; deadline: boolean }
  | { ready: true; lexiconVersion: string }
  | { switched: string; error?: string }
  | { failed: string };

const init = workerData as ThreadInit;
const port = parentPort!;
try {
  const engine = createEngine({ lexiconDir: init.lexiconDir, deadlineMs: init.deadlineMs });
  if (init.bundle) engine.swapLexicon(compileBundle(checkBundle(init.bundle, "bundle")));
  port.on("message", (m: ThreadRequest) => {
    if ("lexicon" in m) {
      try {
        engine.swapLexicon(compileBundle(checkBundle(m.lexicon, "bundle")));
        port.postMessage({ switched: engine.lexiconVersion } satisfies ThreadReply);
      } catch (e) {
        port.postMessage({ switched: engine.lexiconVersion, error: (e as Error).message } satisfies ThreadReply);
      }
      return;
    }
    let reply: ThreadReply;
    try {
      reply = { seq: m.seq, verdict: engine.review(m.item) };
    } catch (e) {
      reply = { seq: m.seq, error: (e as Error).message, deadline: isDeadlineExceeded(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true, lexiconVersion: engine.lexiconVersion } satisfies ThreadReply);
} catch (e) {
  port.postMessage({ failed: (e as Error).message } satisfies ThreadReply);
}
