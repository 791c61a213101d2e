/**
 * A review thread of `hegui serve` (src/api/review-pool.ts): its own engine over
 * the server's lexicon directory, loaded once; one item in, one verdict (or, with
 * `fix`, the fix result; or an error) out.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isDeadlineExceeded } from "../deadline.js";
import { createEngine } from "../engine.js";
import { fixItem } from "../fix/apply.js";
import type { Item } from "../types.js";

export interface ThreadInit {
  lexiconDir?: string;
  deadlineMs: number;
}

export type ThreadRequest = { seq: number; item: Item; fix?: boolean };
export type ThreadReply =
  | { seq: number; verdict: unknown }
  | { seq: number; fixed: unknown }
  | { seq: number; error: string; deadline: boolean }
  | { ready: true; lexiconVersion: string }
  | { failed: string };

const init = workerData as ThreadInit;
const port = parentPort!;
try {
  const engine = createEngine({ lexiconDir: init.lexiconDir, deadlineMs: init.deadlineMs });
  port.on("message", (m: ThreadRequest) => {
    let reply: ThreadReply;
    try {
      reply = m.fix ? { seq: m.seq, fixed: fixItem(engine, m.item) } : { seq: m.seq, verdict: engine.review(m.item) };
    } catch (e) {
      reply = { seq: m.seq, error: (e as Error).message, deadline: isDeadlineExceeded(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true, lexiconVersion: engine.lexiconVersion } satisfies ThreadReply);
} catch (e) {
  port.postMessage({ failed: (e as Error).message } satisfies ThreadReply);
}
