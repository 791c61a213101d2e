/** `hegui serve [--port N] [--host H] [--lexicons DIR]`: the review API and page, until SIGTERM/SIGINT. */
import { parseArgs } from "node:util";
import type { Redis } from "ioredis";
import { createServer } from "../api/server.js";
import { producerConnection, redisWarnings } from "../io/redis.js";
import { queueDepthProvider } from "../queue/depth.js";
import { defaultPrefix } from "../queue/names.js";
import { EXIT, UsageError } from "./io.js";
import { registerCommand } from "./main.js";
import { openDesk } from "../review/open.js";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";

function port(v: string | undefined): number {
  const raw = v ?? process.env.PORT;
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be an integer 0..65535, not ${raw}`);
  return n;
}

/** Review threads (HEGUI_REVIEW_THREADS, default 1): items are judged off the event loop. */
function reviewThreads(): number {
  const raw = process.env.HEGUI_REVIEW_THREADS;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`HEGUI_REVIEW_THREADS must be an integer 1..64, not ${raw}`);
  return n;
}

registerCommand("serve", async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { port: { type: "string" }, host: { type: "string" }, lexicons: { type: "string" } },
  });
  const listenPort = port(values.port);
  // The review workbench (src/review): DATABASE_URL, else embedded PGlite in ./.hegui/db; migrations at start-up.
  const desk = openDesk(io.err);
  const api = createServer({ lexiconDir: values.lexicons, log: io.err, reviewThreads: reviewThreads(), reviewDesk: desk?.desk });
  // With REDIS_URL set, /metrics also reports the queue depths of the workers on that Redis.
  let redis: Redis | undefined;
  if (process.env.REDIS_URL) {
    try {
      redis = await producerConnection();
      api.setQueueDepthProvider(queueDepthProvider(redis, defaultPrefix()));
      for (const w of await redisWarnings(redis)) io.err(`hegui serve: ${w}`);
    } catch (e) {
      io.err(`hegui serve: no queue depths on /metrics: ${(e as Error).message}`);
    }
  }
  const { url } = await api.listen(listenPort, values.host ?? DEFAULT_HOST);
  desk?.announce(url);
  const auth = process.env.HEGUI_API_TOKEN ? "bearer token required" : "no token (set HEGUI_API_TOKEN to require one)";
  io.out(`hegui serve: ${url}/ (lexicon ${api.engine.lexiconVersion}; ${auth})`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      io.err(`hegui serve: ${sig}, finishing running requests`);
      void api.close().then(resolve);
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
  redis?.disconnect();
  await desk?.close();
  io.err("hegui serve: stopped");
  return EXIT.CLEAN;
});
