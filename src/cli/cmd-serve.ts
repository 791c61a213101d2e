/**
 * `hegui serve [--port N] [--host H] [--lexicons DIR] [--threads N] [--max-in-flight N] [--max-field-chars N] [--otel]`:
 * the review API and page, until SIGTERM/SIGINT. Reviews run on one thread per core
 * (each loads the engine once); /healthz and /metrics stay on the event loop. With --otel (or
 * HEGUI_OTEL=1) the queue dashboard's actions on the queues are traced (src/cli/otel.ts).
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import type { Redis } from "ioredis";
import { serveExtensions, servePlugins } from "../api/extensions.js";
import { createLogger } from "../api/logger.js";
import { MAX_BODY_BYTES } from "../api/body.js";
import { createServer, DEFAULT_MAX_FIELD_CHARS, defaultMaxInFlight } from "../api/server.js";
import { producerConnection, redisWarnings } from "../io/redis.js";
import { LexiconFollower } from "../lexicon/follow.js";
import { queueDepthProvider, type ClosableDepthProvider } from "../queue/depth.js";
import { ALL_QUEUES, defaultPrefix } from "../queue/names.js";
import { EXIT, UsageError } from "./io.js";
import { registerCommand } from "./main.js";
import { flags } from "./flags.js";
import { commandTracing, otelWanted } from "./otel.js";
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

/** An integer option: the flag, else the environment variable, else the default. */
function intOption(flag: string, v: string | undefined, env: string, def: number, min: number, max: number): number {
  const raw = v ?? process.env[env];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${v !== undefined ? flag : env} must be an integer ${min}..${max}, not ${raw}`);
  return n;
}

registerCommand("serve", async (args, io) => {
  const { values } = parseArgs({
    args,
    options: flags({ string: ["port", "host", "lexicons", "threads", "max-in-flight", "max-field-chars", "max-body-bytes"], boolean: ["otel"] }),
  });
  const otel = otelWanted(values.otel);
  const listenPort = port(values.port);
  const threads = intOption("--threads", values.threads, "HEGUI_REVIEW_THREADS", availableParallelism(), 1, 64);
  const maxInFlight = intOption("--max-in-flight", values["max-in-flight"], "HEGUI_MAX_IN_FLIGHT", defaultMaxInFlight(threads), 1, 100_000);
  const maxFieldChars = intOption("--max-field-chars", values["max-field-chars"], "HEGUI_MAX_FIELD_CHARS", DEFAULT_MAX_FIELD_CHARS, 0, 1_000_000);
  const maxBodyBytes = intOption("--max-body-bytes", values["max-body-bytes"], "HEGUI_MAX_BODY_BYTES", MAX_BODY_BYTES, 1024, 64 * 1024 * 1024);
  const logger = createLogger({ base: { name: "hegui-serve", service: "hegui-serve" } });
  const tracing = await commandTracing(otel, "hegui-serve", (l) => logger.info(l));

  // The review workbench (src/review): DATABASE_URL, else embedded PGlite in ./.hegui/db; migrations at start-up.
  // Its start-up lines stay plain lines on stderr, like the Redis warnings below.
  const desk = openDesk(io.err);

  // With REDIS_URL set, /metrics also reports the depths of every queue on that Redis, with
  // HEGUI_ADMIN_TOKEN the dashboard at /admin/queues shows them, and the server follows the
  // lexicon published to that Redis (`hegui lexicon publish`).
  let redis: Redis | undefined;
  let depth: ClosableDepthProvider | undefined;
  if (process.env.REDIS_URL) {
    try {
      redis = await producerConnection();
      depth = queueDepthProvider(redis, defaultPrefix(), ALL_QUEUES, otel);
      // Start-up warnings stay plain lines on stderr (as `hegui workers` writes them): a person reads them.
      for (const w of await redisWarnings(redis)) io.err(`hegui serve: ${w}`);
    } catch (e) {
      io.err(`hegui serve: no queue depths on /metrics, no published lexicon: ${(e as Error).message}`);
    }
  }
  const api = createServer({
    lexiconDir: values.lexicons,
    logger,
    reviewThreads: threads,
    maxInFlight,
    maxFieldChars: maxFieldChars || undefined,
    maxBodyBytes,
    queueDepth: depth,
    adminQueues: depth?.queues,
    plugins: servePlugins(),
    reviewDesk: desk?.desk,
  });
  // The published lexicon, followed: the review threads switch (in place, to the same bundle) before
  // the engine does, so the version served (/v1/lexicons, /metrics, verdicts) is the one they all run.
  let follower: LexiconFollower | undefined;
  if (redis && depth) {
    follower = new LexiconFollower(api.engine, redis, defaultPrefix(), (e) => {
      if (e.type === "switched") logger.info({ from: e.from, lexiconVersion: e.to, ms: e.ms }, `hegui serve: lexicon ${e.from} -> ${e.to} (${e.ms} ms)`);
      else if (e.type === "refused") logger.error({ refused: e.version, lexiconVersion: api.engine.lexiconVersion, error: e.error }, `hegui serve: lexicon ${e.version ?? ""} refused: ${e.error}`);
    }, { warmUpExamples: true });
    api.followLexicon(follower);
    try {
      await follower.start();
    } catch (e) {
      io.err(`hegui serve: no published lexicon followed: ${(e as Error).message}`);
      await follower.stop();
      follower = undefined;
    }
  }
  const stops: Array<() => Promise<void> | void> = [];
  const { url } = await api.listen(listenPort, values.host ?? DEFAULT_HOST);
  desk?.announce(url);
  for (const ext of serveExtensions()) {
    const stop = await ext(api, { logger, lexiconDir: values.lexicons });
    if (stop) stops.push(stop);
  }
  const auth = process.env.HEGUI_API_TOKEN ? "bearer token required" : "no token (set HEGUI_API_TOKEN to require one)";
  io.out(`hegui serve: ${url}/ (lexicon ${api.engine.lexiconVersion}; ${threads} review thread${threads === 1 ? "" : "s"}, ${maxInFlight} in flight; ${auth})`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      logger.info({ signal: sig }, `hegui serve: ${sig}, finishing running requests`);
      void api.close().then(resolve);
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
  await follower?.stop();
  for (const s of stops) await s();
  await depth?.close();
  redis?.disconnect();
  await desk?.close();
  await tracing?.shutdown();
  logger.info("hegui serve: stopped");
  logger.flush?.();
  return EXIT.CLEAN;
});
