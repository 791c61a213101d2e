/**
 * The review API over one engine, on fastify:
 *   POST /v1/review        an item, or {text, channel?, listing?}   -> Verdict
 *   POST /v1/review/batch  {items: [...]} (at most 100)             -> {results, count, errors}
 *   GET  /v1/lexicons      version, categories, entry counts, rule citations
 *   GET  /healthz          liveness (open even with a token)
 *   GET  /metrics          Prometheus text (prom-client, with process metrics)
 *   GET  /openapi.json     OpenAPI 3.1, generated from the zod schemas; /docs: the docs page
 *   GET  /admin/queues     the queue dashboard (bull-board), with an admin token and queues
 *   /v1/review-*           the review workbench (with `reviewDesk`; src/review/fastify.ts)
 *   GET  /                 the review page (web/)
 *
 * Errors are `{error, code, errorZh, path?, issues?}` (src/api/http-error.ts); every
 * answer has an `x-request-id` header and every log line of a request its `reqId`.
 * Reviews run on worker threads (src/api/review-pool.ts) when `reviewThreads` > 0;
 * the work in flight is capped (503 + Retry-After past it), so /healthz and /metrics,
 * answered on the event loop, never wait behind reviews.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestAsyncHookHandler } from "fastify";
import type { z } from "zod";
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import { createEngine, type Engine } from "../engine.js";
import { fixItem, type FixResult } from "../fix/apply.js";
import { rawIdOf } from "../io/item-schema.js";
import type { Item, Verdict } from "../types.js";
import { adminAuth, bearerAuth } from "./auth.js";
import { MAX_BODY_BYTES, parseJson, tooLarge } from "./body.js";
import { HttpError, badRequest, type Issue } from "./http-error.js";
import { summarizeLexicon } from "./lexicon-summary.js";
import { callbackLogger, createLogger, type Logger } from "./logger.js";
import { ApiMetrics, CONTENT_TYPE as PROM_TYPE } from "./metrics.js";
import { OpenApiBuilder, batchRequestJson, openApiPath, reviewRequestJson, type RouteDoc } from "./openapi.js";
import type { QueueDepthProvider } from "./queue-depth.js";
import { ReviewPool, reviewThreadsAvailable } from "./review-pool.js";
import { batchItems, batchPrefix, fixedAnswer, toItem, wantsFix } from "./review-request.js";
import type { ThreadInit } from "./review-thread.js";
import * as S from "./schemas.js";
import { findWebDir, StaticFiles } from "./static.js";
import type { LexiconFollower } from "../lexicon/follow.js";
import { reviewDeskPlugin } from "../review/fastify.js";
import type { ReviewDesk } from "../review/http.js";

export interface ApiOptions {
  /** The engine to serve (default: a new one over `lexiconDir` or the shipped lexicons). */
  engine?: Engine;
  lexiconDir?: string;
  /** Bearer token required on /v1/* and /metrics. Default: HEGUI_API_TOKEN; "" or null: no token. */
  token?: string | null;
  /** Token of the queue dashboard (/admin/queues). Default: HEGUI_ADMIN_TOKEN; without one there is no dashboard. */
  adminToken?: string | null;
  /** BullMQ queues for the dashboard (`hegui serve` with REDIS_URL: every pipeline queue). */
  adminQueues?: import("bullmq").Queue[];
  maxBodyBytes?: number;
  /** Characters (code points) per text field; longer: 413 `text_too_long`. Default: no cap here; `hegui serve`: 20,000. */
  maxFieldChars?: number;
  /** Items admitted and not yet answered (queued or running); past it 503 with Retry-After. Default: 2 per review thread, at least 4. */
  maxInFlight?: number;
  /** The Retry-After of a 503 (seconds, default 1). */
  retryAfterSeconds?: number;
  webDir?: string;
  queueDepth?: QueueDepthProvider;
  /** Structured logs (pino). Default: JSON on stderr (pretty on a terminal), or the `log` callback. */
  logger?: Logger;
  /** @deprecated Where log lines (JSON) go; use `logger`. */
  log?: (line: string) => void;
  /**
   * Judge items on this many worker threads, off the event loop (`hegui serve`: one per core, HEGUI_REVIEW_THREADS),
   * each with an engine over `lexiconDir`; 0 (the default, and with an injected `engine`): on the event loop.
   */
  reviewThreads?: number;
  /** More routes (e.g. the review workbench): registered with the API's error shape, auth and request ids. */
  plugins?: ApiPlugin[];
  /**
   * The review workbench (src/review): verdicts decided `review` become tasks, its /v1/review-* routes are
   * served (src/review/fastify.ts, with the reviewer's own token) and its gauges are on /metrics.
   */
  reviewDesk?: ReviewDesk;
}

/** What a route plugin gets beside the fastify instance. */
export interface ApiContext {
  /** The engine being served (changes with `setEngine`). */
  readonly engine: Engine;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
  /** onRequest hook: the API bearer token (401 without it). */
  readonly requireToken: onRequestAsyncHookHandler;
  /** Add an operation to /openapi.json (routes added with `route` are added for you). */
  document(doc: RouteDoc): void;
  /** A route with a plain handler: JSON body in (parsed, 400 when not JSON), JSON out; documented in /openapi.json. */
  route<B = unknown>(def: PlainRoute<B>): void;
}

export interface PlainRoute<B = unknown> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** fastify path, `:name` for parameters (documented as `{name}`). */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Needs the API token (default true). */
  auth?: boolean;
  /** zod schema of the body: validated (400 with field paths) and documented. */
  body?: z.ZodType<B>;
  /** zod schema of the 200 answer (documented). */
  response?: z.ZodType;
  /** Extra documented answers (status -> description). */
  errors?: Record<number, string>;
  handler(input: { body: B; params: Record<string, string>; query: Record<string, string>; request: FastifyRequest }): unknown | Promise<unknown>;
}

/** A route plugin: `(app, ctx) => { ctx.route({...}) }` or plain fastify routes on `app`. */
export type ApiPlugin = (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;

export interface ApiServer {
  app: FastifyInstance;
  server: Server;
  /** The engine being served. */
  readonly engine: Engine;
  metrics: ApiMetrics;
  logger: Logger;
  listen(port?: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  /** Stop taking requests, let running ones finish (at most graceMs), then close every connection. */
  close(graceMs?: number): Promise<void>;
  setQueueDepthProvider(fn: QueueDepthProvider | undefined): void;
  /** Add route plugins (before `listen`). */
  register(plugin: ApiPlugin): void;
  /**
   * Serve another engine (a new lexicon version): the review threads are replaced
   * (`threadInit`, e.g. `{lexiconDir}`, tells them how to load it) and, once ready, take the new items.
   */
  setEngine(engine: Engine, threadInit?: Partial<ThreadInit>): Promise<void>;
  /** The OpenAPI 3.1 description (as served at /openapi.json). */
  openapi(): Promise<Record<string, unknown>>;
  /** Every route (method and fastify path) this server answers, for checks against the description. */
  routes(): Array<{ method: string; url: string }>;
  /**
   * Follow a published lexicon: whenever `follower` (over this server's `engine`) switches,
   * the review threads switch to the same bundle in place (new threads only if one cannot)
   * before the engine swaps, so the version served is the one every thread runs; /metrics
   * counts the switches and refusals (`hegui_lexicon_reloads_total{result}`).
   */
  followLexicon(follower: LexiconFollower): void;
}

export interface BatchError {
  index: number;
  id?: string;
  error: string;
  /** "deadline_exceeded" for an item over the per-item deadline. */
  code?: string;
  issues: Issue[];
}

/** The response to an item over the per-item deadline: 422, code deadline_exceeded. */
export const DEADLINE_STATUS = 422;
export const DEADLINE_CODE = "deadline_exceeded";
/** `hegui serve`'s default cap on one text field (characters). */
export const DEFAULT_MAX_FIELD_CHARS = 20_000;

/**
 * Items in flight by default: 2 per review thread (one running, one waiting, so no thread
 * idles between items), at least 4. An admitted item waits behind at most about one
 * other per thread, which keeps its latency within a few service times under overload.
 */
export function defaultMaxInFlight(threads: number): number {
  return Math.max(4, 2 * threads);
}

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The metrics label of the route (default: its path). */
    metricsRoute?: string;
  }
}

/** The first text field of an item longer than `cap` code points: its path and length. */
export function overlongField(item: Item, cap: number, prefix = ""): { path: string; chars: number } | undefined {
  const check = (s: unknown, path: string) => {
    if (typeof s !== "string" || s.length <= cap) return undefined;
    let n = 0;
    for (const _ of s) if (++n > cap) break;
    return n > cap ? { path: prefix ? `${prefix}.${path}` : path, chars: [...s].length } : undefined;
  };
  let hit = check(item.text, "text");
  if (hit) return hit;
  for (const [i, f] of (item.fragments ?? []).entries()) if ((hit = check(f.text, `fragments.${i}.text`))) return hit;
  const l = item.listing;
  if (l) {
    if ((hit = check(l.title, "listing.title")) || (hit = check(l.description, "listing.description"))) return hit;
    for (const [i, p] of (l.sellingPoints ?? []).entries()) if ((hit = check(p, `listing.sellingPoints.${i}`))) return hit;
    for (const [k, v] of Object.entries(l.attributes ?? {})) if ((hit = check(v, `listing.attributes.${k}`))) return hit;
  }
  return undefined;
}

export function createServer(opts: ApiOptions = {}): ApiServer {
  const engineRef = { current: opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir }) };
  const token = opts.token === undefined ? process.env.HEGUI_API_TOKEN : opts.token;
  const authorize = bearerAuth(token || undefined);
  const adminToken = opts.adminToken === undefined ? process.env.HEGUI_ADMIN_TOKEN : opts.adminToken;
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const maxFieldChars = opts.maxFieldChars;
  const files = new StaticFiles(opts.webDir ?? findWebDir());
  const metrics = new ApiMetrics(opts.queueDepth);
  const logger = opts.logger ?? (opts.log ? callbackLogger(opts.log) : createLogger({ base: { name: "hegui-serve", service: "hegui-serve" } }));
  let shuttingDown = false;
  let seq = 0;

  const threads = opts.engine ? 0 : (opts.reviewThreads ?? 0);
  if (threads > 0 && !reviewThreadsAvailable()) throw new Error("review threads need the compiled sources (npm run build)");
  const poolLog = logger.child({ component: "review-pool" });
  const pool = threads > 0 ? new ReviewPool({ threads, lexiconDir: opts.lexiconDir, deadlineMs: engineRef.current.deadlineMs, log: (l) => poolLog.warn(l) }) : undefined;
  metrics.reviewThreads.set(threads);
  const maxInFlight = Math.max(1, opts.maxInFlight ?? defaultMaxInFlight(threads));
  const retryAfter = String(Math.max(1, Math.round(opts.retryAfterSeconds ?? 1)));
  let inFlight = 0;

  const busy = () =>
    new HttpError(503, `busy: ${inFlight} items in flight, at most ${maxInFlight}; retry after ${retryAfter} s`, [], { "retry-after": retryAfter }, "overloaded");
  /** Admit `weight` items of work, or 503; the returned function gives them back. */
  const admit = (route: string, weight: number): (() => void) => {
    if (inFlight > 0 && inFlight + weight > maxInFlight) {
      metrics.shed.inc({ route });
      throw busy();
    }
    inFlight += weight;
    metrics.inFlight.set(inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight -= weight;
      metrics.inFlight.set(inFlight);
    };
  };

  const app = Fastify({
    loggerInstance: logger,
    // One line per request, written by the onResponse hook below (with status, route and time).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: maxBody,
    keepAliveTimeout: 65_000,
    requestTimeout: 120_000,
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // Requests the router refuses (a path that is not valid percent-encoding): this API's 404, with a request id.
    frameworkErrors: (e, req, reply) => {
      reply.header("x-request-id", req.id);
      const err = e.code === "FST_ERR_BAD_URL" ? new HttpError(404, `no such endpoint: ${req.method} ${req.url}`, [], {}, "not_found") : new HttpError(400, e.message);
      (reply as FastifyReply).code(err.status).headers({ "cache-control": "no-store", ...err.headers }).type("application/json; charset=utf-8").send(err.body());
    },
    genReqId: (req) => {
      const h = req.headers["x-request-id"];
      return typeof h === "string" && REQUEST_ID.test(h) ? h : randomUUID();
    },
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = 66_000;

  // Which methods each path takes: a wrong method is a 405 naming them.
  const methodsOf = new Map<string, Set<string>>();
  const allRoutes: Array<{ method: string; url: string }> = [];
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) {
      if (m === "HEAD" || m === "OPTIONS") continue;
      allRoutes.push({ method: m, url: r.url });
      const set = methodsOf.get(r.url) ?? new Set();
      set.add(m);
      methodsOf.set(r.url, set);
    }
  });

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    if (shuttingDown) reply.header("connection", "close");
    return payload;
  });
  app.addHook("onResponse", async (req, reply) => {
    const cfg = req.routeOptions.config;
    const route = cfg?.metricsRoute ?? (req.routeOptions.url && reply.statusCode !== 404 ? req.routeOptions.url : "other");
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(req.method, route, reply.statusCode, seconds);
    const line = { method: req.method, url: req.url, route, status: reply.statusCode, ms: Number(reply.elapsedTime.toFixed(2)) };
    if (reply.statusCode >= 500) req.log.warn(line, "request");
    else req.log.info(line, "request");
  });

  const sendError = (reply: FastifyReply, err: HttpError) => {
    reply.code(err.status).headers({ "cache-control": "no-store", ...err.headers }).type("application/json; charset=utf-8");
    return reply.send(err.body());
  };

  app.setErrorHandler((e: Error & { statusCode?: number; code?: string }, req, reply) => {
    let err: HttpError;
    if (e instanceof HttpError) err = e;
    else if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") err = tooLarge(maxBody);
    else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) err = new HttpError(e.statusCode, e.message);
    else {
      req.log.error({ err: e }, "internal error");
      err = new HttpError(500, "internal error");
    }
    if (reply.sent) return;
    return sendError(reply, err);
  });

  app.setNotFoundHandler((req, reply) => {
    let path = req.url;
    try {
      path = new URL(req.url, "http://localhost").pathname;
    } catch {
      // A request target URL() cannot read: a 404.
    }
    const methods = methodsOf.get(path);
    if (methods && !methods.has(req.method)) {
      const allow = [...methods].join(", ");
      return sendError(reply, new HttpError(405, `${path} takes ${allow}`, [], { allow }, "method_not_allowed"));
    }
    return sendError(reply, new HttpError(404, `no such endpoint: ${req.method} ${path}`, [], {}, "not_found"));
  });

  const requireToken: onRequestAsyncHookHandler = async (req) => {
    authorize(req);
  };

  // ---- the description ----
  const docs: RouteDoc[] = [];
  const openapi = new OpenApiBuilder();
  let openapiDoc: Record<string, unknown> | undefined;
  const buildDoc = () =>
    (openapiDoc ??= openapi.build([...docs, ...undocumented()], {
      version: "0.1.0",
      description:
        "Compliance review of live-commerce scripts, captions and listings (Douyin e-commerce rules). Errors: {error, code, errorZh, path?, issues?}; every answer carries x-request-id.",
    }));

  const errs = (...statuses: number[]): RouteDoc["responses"] => {
    const text: Record<number, string> = {
      400: "Bad request: not JSON, or fails the item schema (`path` names the field)",
      401: "Token configured and missing or wrong",
      413: "Body over the limit, or a text field over the character cap (code text_too_long)",
      422: "Over the per-item deadline (code deadline_exceeded)",
      503: "Work in flight at its cap (code overloaded; Retry-After), or shutting down",
    };
    return Object.fromEntries(statuses.map((s) => [s, { description: text[s], schema: S.errorSchema }]));
  };

  // ---- review handlers ----
  type Reviewed = { ok: true; verdict: Verdict; ms: number } | { ok: false; issues: Issue[] } | { ok: false; deadline: true; id: string };
  /** A verdict and the engine's time on it (ms; without the wait for a thread). */
  const judge = async (item: Item): Promise<{ value: Verdict; ms: number }> => {
    if (pool) return pool.reviewTimed(item);
    const t0 = performance.now();
    const value = engineRef.current.review(item);
    return { value, ms: performance.now() - t0 };
  };
  const judgeFix = async (item: Item): Promise<{ value: FixResult; ms: number }> => {
    if (pool) return pool.fixTimed(item);
    const t0 = performance.now();
    const value = fixItem(engineRef.current, item);
    return { value, ms: performance.now() - t0 };
  };
  /** `server-timing`: the engine's time, and the wait for a review thread (admitted, queued). */
  const timing = (t0: number, ms: number) => `review;dur=${ms.toFixed(2)}, queue;dur=${Math.max(0, performance.now() - t0 - ms).toFixed(2)}`;

  const review = async (r: ReturnType<typeof toItem>): Promise<Reviewed> => {
    if (!r.ok) return r;
    let verdict: Verdict;
    let ms: number;
    try {
      ({ value: verdict, ms } = await judge(r.item));
    } catch (e) {
      if (isDeadlineExceeded(e)) {
        metrics.itemErrors.inc();
        return { ok: false, deadline: true, id: r.item.id };
      }
      throw e;
    }
    metrics.observeVerdict(verdict);
    if (opts.reviewDesk) {
      await opts.reviewDesk.onVerdict(r.item, verdict).catch((e: Error) => logger.warn({ component: "review-desk", id: r.item.id, err: e }, `review task for ${r.item.id}: ${e.message}`));
    }
    return { ok: true, verdict, ms };
  };

  const checkLength = (r: ReturnType<typeof toItem>, prefix: string) => {
    if (maxFieldChars === undefined || !r.ok) return;
    const hit = overlongField(r.item, maxFieldChars, prefix);
    if (hit) {
      const issue = { path: hit.path, message: `${hit.chars} characters, at most ${maxFieldChars} per field` };
      throw new HttpError(413, `${issue.path}: ${issue.message}`, [issue], {}, "text_too_long");
    }
  };

  /** Shed before the body is read when the cap is already reached. */
  const shedEarly: onRequestAsyncHookHandler = async (req) => {
    if (inFlight >= maxInFlight) {
      metrics.shed.inc({ route: req.routeOptions.url ?? "other" });
      throw busy();
    }
  };

  const deadlineError = (id: string) => ({ id, error: DEADLINE_MESSAGE, code: DEADLINE_CODE, errorZh: "审核超时（超过单条处理时限）", deadlineMs: engineRef.current.deadlineMs });

  const ctx: ApiContext = {
    get engine() {
      return engineRef.current;
    },
    metrics,
    logger,
    requireToken,
    document(doc) {
      docs.push(doc);
      openapiDoc = undefined;
    },
    route: () => {
      throw new Error("ctx.route is available inside a plugin");
    },
  };

  /** The API's routes and plugin routes: bodies read as bytes (any content type), JSON decoded by the handlers. */
  const apiRoutes = async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: maxBody }, (_req, body, done) => done(null, body));

    const plainRoute = <B>(def: PlainRoute<B>) => {
      const auth = def.auth ?? true;
      scope.route({
        method: def.method,
        url: def.path,
        onRequest: auth ? [requireToken] : [],
        handler: async (req, reply) => {
          let body = undefined as B;
          if (def.method !== "GET" && def.method !== "DELETE") {
            const raw = parseJson(req.body as Buffer | undefined);
            if (def.body) {
              const r = def.body.safeParse(raw);
              if (!r.success) throw badRequest(r.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
              body = r.data;
            } else body = raw as B;
          }
          const out = await def.handler({ body, params: (req.params ?? {}) as Record<string, string>, query: (req.query ?? {}) as Record<string, string>, request: req });
          reply.header("cache-control", "no-store");
          return out;
        },
      });
      const responses: RouteDoc["responses"] = { 200: { description: "OK", schema: def.response ?? { type: "object" } } };
      for (const [s, d] of Object.entries({ ...(def.body ? { 400: "Bad request" } : {}), ...(auth ? { 401: "Token missing or wrong" } : {}), ...def.errors })) {
        responses[Number(s)] = { description: d, schema: S.errorSchema };
      }
      ctx.document({
        method: def.method as RouteDoc["method"],
        path: def.path.replace(/:(\w+)/g, "{$1}"),
        summary: def.summary,
        description: def.description,
        tags: def.tags,
        auth,
        body: def.body,
        responses,
      });
    };
    const scoped: ApiContext = { ...ctx, route: plainRoute, get engine() {
      return engineRef.current;
    } };

    scope.post("/v1/review", { onRequest: [requireToken, shedEarly] }, async (req, reply) => {
      const body = parseJson(req.body as Buffer | undefined);
      const fix = wantsFix(body);
      const r = toItem(body, `review-${++seq}`, "");
      if (!r.ok) throw badRequest(r.issues);
      checkLength(r, "");
      const release = admit("/v1/review", 1);
      try {
        const t0 = performance.now();
        if (fix) {
          // The verdict of the text as sent, and the text with every fix applied (re-checked).
          let fixed: FixResult;
          let ms: number;
          try {
            ({ value: fixed, ms } = await judgeFix(r.item));
          } catch (e) {
            if (!isDeadlineExceeded(e)) throw e;
            metrics.itemErrors.inc();
            return reply.code(DEADLINE_STATUS).send(deadlineError(r.item.id));
          }
          metrics.observeVerdict(fixed.before);
          reply.header("server-timing", timing(t0, ms));
          return { ...fixed.before, fixed: fixedAnswer(fixed) };
        }
        const out = await review(r);
        if (!out.ok && "deadline" in out) return reply.code(DEADLINE_STATUS).header("cache-control", "no-store").send(deadlineError(out.id));
        if (!out.ok) throw badRequest(out.issues);
        reply.header("cache-control", "no-store").header("server-timing", timing(t0, out.ms));
        return out.verdict;
      } finally {
        release();
      }
    });
    docs.push({
      method: "POST",
      path: "/v1/review",
      summary: "Review one item",
      description:
        "An item (SPEC \"Data shapes\") or the short form {text, channel?, listing?}; `\"fix\": true` adds `fixed`. Header server-timing: review;dur=<engine ms>, queue;dur=<ms waiting for a review thread>.",
      tags: ["review"],
      auth: true,
      body: reviewRequestJson(openapi),
      responses: { 200: { description: "The verdict", schema: S.reviewResponseSchema }, ...errs(400, 401, 413, 422, 503) },
    });

    scope.post("/v1/review/batch", { onRequest: [requireToken, shedEarly] }, async (req, reply) => {
      const body = parseJson(req.body as Buffer | undefined);
      const items = batchItems(body);
      const fix = wantsFix(body);
      const base = ++seq;
      const checked = items.map((raw, i) => {
        const r = toItem(raw, `batch-${base}-${i}`, batchPrefix(body, i));
        checkLength(r, batchPrefix(body, i));
        return r;
      });
      // One admitted unit per item running at once, at most one per review thread.
      const width = Math.max(1, Math.min(items.length, threads || 1));
      const release = admit("/v1/review/batch", width);
      try {
        const results: Array<Verdict | (Verdict & { fixed: ReturnType<typeof fixedAnswer> }) | BatchError> = new Array(items.length);
        let errors = 0;
        const one = async (i: number) => {
          const raw = items[i];
          const r = checked[i];
          if (fix && r.ok) {
            try {
              const { value: fixed } = await judgeFix(r.item);
              metrics.observeVerdict(fixed.before);
              results[i] = { ...fixed.before, fixed: fixedAnswer(fixed) };
              return;
            } catch (e) {
              if (!isDeadlineExceeded(e)) throw e;
              metrics.itemErrors.inc();
              errors++;
              results[i] = { index: i, id: r.item.id, error: DEADLINE_MESSAGE, code: DEADLINE_CODE, issues: [] };
              return;
            }
          }
          const out = await review(r);
          if (out.ok) {
            results[i] = out.verdict;
            return;
          }
          errors++;
          if ("deadline" in out) {
            results[i] = { index: i, id: out.id, error: DEADLINE_MESSAGE, code: DEADLINE_CODE, issues: [] };
            return;
          }
          metrics.itemErrors.inc();
          const id = rawIdOf(raw);
          const first = out.issues[0];
          results[i] = { index: i, ...(id !== undefined ? { id } : {}), error: `${first.path}: ${first.message}`, issues: out.issues };
        };
        let next = 0;
        await Promise.all(
          Array.from({ length: width }, async () => {
            while (next < items.length) await one(next++);
          }),
        );
        reply.header("cache-control", "no-store");
        return { count: results.length, errors, results };
      } finally {
        release();
      }
    });
    docs.push({
      method: "POST",
      path: "/v1/review/batch",
      summary: "Review up to 100 items",
      description: "`{items: [...]}` or a bare array; one result per item in order: a verdict, or `{index, id?, error, code?, issues}`.",
      tags: ["review"],
      auth: true,
      body: batchRequestJson(openapi),
      responses: { 200: { description: "One result per item", schema: S.batchResponseSchema }, ...errs(400, 401, 413, 503) },
    });

    scope.get("/v1/lexicons", { onRequest: [requireToken] }, async (_req, reply) => {
      reply.header("cache-control", "no-store");
      return summarizeLexicon(engineRef.current.lexicon);
    });
    docs.push({
      method: "GET",
      path: "/v1/lexicons",
      summary: "The active lexicon: version, categories, entry counts, rule citations",
      tags: ["lexicon"],
      auth: true,
      responses: { 200: { description: "The lexicon summary", schema: S.lexiconsSchema }, ...errs(401) },
    });

    for (const plugin of plugins) await plugin(scope, scoped);
  };
  const plugins: ApiPlugin[] = [...(opts.reviewDesk ? [reviewDeskPlugin(opts.reviewDesk)] : []), ...(opts.plugins ?? [])];

  app.get("/healthz", async (_req, reply) => {
    reply.header("cache-control", "no-store");
    if (shuttingDown) return reply.code(503).send({ status: "shutting down" });
    return { status: "ok", lexiconVersion: engineRef.current.lexiconVersion, uptimeSeconds: Math.round(process.uptime()) };
  });
  docs.push({
    method: "GET",
    path: "/healthz",
    summary: "Liveness (open even with a token); 503 while shutting down",
    tags: ["ops"],
    responses: { 200: { description: "Up", schema: S.healthSchema }, 503: { description: "Shutting down", schema: S.healthSchema } },
  });

  app.get("/metrics", { onRequest: [requireToken] }, async (_req, reply) => {
    // The review desk's gauges (reviewer precision, tasks) follow the server's own registry.
    const text = (await metrics.render(engineRef.current.lexiconVersion)) + ((await opts.reviewDesk?.metrics?.().catch(() => "")) ?? "");
    reply.code(200).headers({ "content-type": PROM_TYPE, "cache-control": "no-store" });
    return text;
  });
  docs.push({
    method: "GET",
    path: "/metrics",
    summary: "Prometheus text format 0.0.4: process_*, nodejs_*, hegui_*",
    tags: ["ops"],
    auth: true,
    responses: { 200: { description: "Metrics", mediaType: "text/plain", schema: { type: "string" } }, ...errs(401) },
  });

  app.get("/openapi.json", async (_req, reply) => {
    reply.header("cache-control", "no-store");
    return buildDoc();
  });
  docs.push({
    method: "GET",
    path: "/openapi.json",
    summary: "This description (OpenAPI 3.1)",
    tags: ["ops"],
    responses: { 200: { description: "OpenAPI 3.1", schema: { type: "object" } } },
  });

  // The docs page: Swagger UI over /openapi.json.
  docs.push({
    method: "GET",
    path: "/docs",
    summary: "The API's docs page (Swagger UI over /openapi.json)",
    tags: ["ops"],
    responses: { 200: { description: "HTML", mediaType: "text/html" } },
  });

  // The review page.
  app.get("/", { config: { metricsRoute: "static" } }, (_req, reply) => sendStatic(reply, "/"));
  app.get("/:file", { config: { metricsRoute: "static" } }, (req, reply) => sendStatic(reply, `/${(req.params as { file: string }).file}`));
  const sendStatic = (reply: FastifyReply, path: string) => {
    const f = files.read(path);
    if (!f) throw new HttpError(404, `no such endpoint: GET ${path}`, [], {}, "not_found");
    return reply.headers(f.headers).send(f.body);
  };
  docs.push({ method: "GET", path: "/", summary: "The review page (web/)", tags: ["page"], responses: { 200: { description: "HTML", mediaType: "text/html" } } });
  docs.push({
    method: "GET",
    path: "/{file}",
    summary: "The page's static files",
    tags: ["page"],
    responses: { 200: { description: "A file of web/", mediaType: "application/octet-stream" }, 404: { description: "No such file", schema: S.errorSchema } },
  });

  const adminPath = "/admin/queues";
  if (adminToken && opts.adminQueues?.length) {
    docs.push({
      method: "GET",
      path: adminPath,
      summary: "The queue dashboard (bull-board); admin token as Bearer, or ?token= once (sets a cookie)",
      tags: ["ops"],
      auth: "admin",
      responses: { 200: { description: "HTML", mediaType: "text/html" }, 401: { description: "Admin token missing or wrong", schema: S.errorSchema } },
    });
  }

  /**
   * Every other route the server answers, so the description names them all: the dashboard's
   * own page and API (bull-board's: they change with @bull-board), the docs page's files
   * (Swagger UI's), and plain fastify routes a plugin added without a description.
   */
  const undocumented = (): RouteDoc[] => {
    const have = new Set(docs.map((d) => `${d.method} ${d.path}`));
    const out: RouteDoc[] = [];
    for (const r of allRoutes) {
      const path = openApiPath(r.url);
      const method = r.method as RouteDoc["method"];
      if (have.has(`${method} ${path}`)) continue;
      have.add(`${method} ${path}`);
      const rest = path.endsWith("{path}") ? " ({path}: the rest of the path)" : "";
      if (r.url === adminPath || r.url.startsWith(`${adminPath}/`)) {
        out.push({
          method,
          path,
          summary: `The queue dashboard's own ${r.url.startsWith(`${adminPath}/api/`) ? "API" : "page or files"} (bull-board; its shapes change with @bull-board)${rest}`,
          tags: ["dashboard"],
          auth: "admin",
          responses: { 200: { description: "bull-board's answer" }, 401: { description: "Admin token missing or wrong", schema: S.errorSchema } },
        });
      } else if (r.url.startsWith("/docs/")) {
        out.push({ method, path, summary: `Part of the docs page (Swagger UI's files, this description as JSON or YAML)${rest}`, tags: ["ops"], responses: { 200: { description: "A file of the docs page" } } });
      } else {
        out.push({ method, path, summary: `A route added by a plugin without a description${rest}`, tags: ["other"], responses: { 200: { description: "The route's answer" } } });
      }
    }
    return out;
  };

  let setup: Promise<void> | undefined;
  const prepare = () =>
    (setup ??= (async () => {
      await app.register(apiRoutes);
      await app.register(docsPage);
      if (adminToken && opts.adminQueues?.length) await app.register(adminBoard(adminPath, adminToken, opts.adminQueues, sendError));
      app.addHook("onClose", async () => {
        await pool?.close();
      });
      await app.ready();
    })());

  const docsPage = async (scope: FastifyInstance) => {
    const swaggerUi = (await import("@fastify/swagger-ui")).default;
    // @fastify/swagger-ui reads the description from `fastify.swagger()` (normally @fastify/swagger's):
    // here it is the one generated from the zod schemas.
    const provider = async (s: FastifyInstance) => {
      s.decorate("swagger", () => buildDoc());
    };
    Object.assign(provider, { [Symbol.for("skip-override")]: true, [Symbol.for("fastify.display-name")]: "@fastify/swagger", [Symbol.for("plugin-meta")]: { name: "@fastify/swagger" } });
    await scope.register(provider);
    await scope.register(swaggerUi, { routePrefix: "/docs" });
  };

  return {
    app,
    server: app.server,
    get engine() {
      return engineRef.current;
    },
    metrics,
    logger,
    async listen(port = 0, host = "127.0.0.1") {
      // Review threads load their engines first: the server answers only once it can judge.
      await pool?.ready();
      await prepare();
      await app.listen({ port, host });
      const a = app.server.address() as AddressInfo;
      const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
      logger.info({ url: `http://${h}:${a.port}`, lexiconVersion: engineRef.current.lexiconVersion, reviewThreads: threads, maxInFlight, maxFieldChars }, "listening");
      return { host: a.address, port: a.port, url: `http://${h}:${a.port}` };
    },
    async close(graceMs = 10_000) {
      shuttingDown = true;
      if (!app.server.listening) {
        await pool?.close();
        await app.close();
        return;
      }
      const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
      force.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
    },
    setQueueDepthProvider(fn) {
      metrics.setQueueDepthProvider(fn);
    },
    register(plugin) {
      if (setup) throw new Error("register route plugins before listen()");
      plugins.push(plugin);
    },
    async setEngine(engine, threadInit) {
      if (pool) await pool.reload(threadInit);
      engineRef.current = engine;
      logger.info({ lexiconVersion: engine.lexiconVersion }, "engine swapped");
    },
    async openapi() {
      await prepare();
      return buildDoc();
    },
    routes() {
      return allRoutes.slice();
    },
    followLexicon(follower) {
      if (follower.engine !== engineRef.current) throw new Error("followLexicon: the follower must be over this server's engine (api.engine)");
      follower.onSwitch((bundle) => pool?.reload({ bundle }));
      follower.onEvent((e) => {
        if (e.type === "switched" || e.type === "refused") metrics.lexiconReloads.inc({ result: e.type });
      });
    },
  };
}

/** The queue dashboard under `path`, behind the admin token (Bearer, or the cookie `?token=` sets). */
function adminBoard(path: string, token: string, queues: import("bullmq").Queue[], deny: (reply: FastifyReply, e: HttpError) => unknown) {
  const allowed = adminAuth(token);
  return async (scope: FastifyInstance) => {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import("@bull-board/api"),
      import("@bull-board/api/bullMQAdapter"),
      import("@bull-board/fastify"),
    ]);
    scope.addHook("onRequest", async (req, reply) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      if (typeof q.token === "string" && allowed({ headers: { authorization: `Bearer ${q.token}` } })) {
        // A browser cannot send a Bearer header: the token once in the URL sets a cookie for the dashboard.
        reply.header("set-cookie", `hegui_admin=${encodeURIComponent(q.token)}; Path=${path}; HttpOnly; SameSite=Strict`);
        return reply.redirect(path, 303);
      }
      // Answered here, not thrown: the dashboard's routes have bull-board's own error handler.
      if (!allowed(req)) return deny(reply, new HttpError(401, "admin token required: Authorization: Bearer <HEGUI_ADMIN_TOKEN>, or open /admin/queues?token=<token>", [], { "www-authenticate": 'Bearer realm="hegui-admin"' }, "unauthorized"));
    });
    const adapter = new FastifyAdapter();
    adapter.setBasePath(path);
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter as never });
    await scope.register(adapter.registerPlugin() as never, { prefix: path });
  };
}
