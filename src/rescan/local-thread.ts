/** A --local rescan thread: loads its own engine, then judges the chunks it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "../engine.js";
import type { Item } from "../types.js";
import { reviewChunkSync } from "./review-chunk.js";

export interface ThreadInit {
  lexiconDir?: string;
  explain: boolean;
}
export type ToThread = { type: "chunk"; index: number; items: Item[] };
export type FromThread =
  | { type: "ready"; lexiconVersion: string }
  | { type: "result"; index: number; result: ReturnType<typeof reviewChunkSync> }
  | { type: "error"; index?: number; message: string };

const init = workerData as ThreadInit;
const port = parentPort!;
try {
  const engine = createEngine({ lexiconDir: init.lexiconDir });
  port.postMessage({ type: "ready", lexiconVersion: engine.lexiconVersion } satisfies FromThread);
  port.on("message", (m: ToThread) => {
    try {
      port.postMessage({ type: "result", index: m.index, result: reviewChunkSync(engine, m.items, { explain: init.explain }) } satisfies FromThread);
    } catch (e) {
      port.postMessage({ type: "error", index: m.index, message: (e as Error).message } satisfies FromThread);
    }
  });
} catch (e) {
  port.postMessage({ type: "error", message: `cannot load the engine: ${(e as Error).message}` } satisfies FromThread);
}
