/**
 * The review API over one Engine (node:http):
 *   POST /v1/review        an item, or {text, channel?, listing?}   -> Verdict
 *   POST /v1/review/batch  {items: [...]} (at most 100)             -> {results, count, errors}
 *   GET  /v1/lexicons      version, categories, entry counts, rule citations
 *   GET  /healthz          liveness (open even with a token)
 *   GET  /metrics          Prometheus text
 *   GET  /                 the review page (web/)
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEADLINE_MESSAGE, isDeadlineExceeded } from "../deadline.js";
import { createEngine, type Engine } from "../engine.js";
import type { Verdict } from "../types.js";
import { bearerAuth } from "./auth.js";
import { MAX_BODY_BYTES, readBody, readJson } from "./body.js";
import { HttpError, badRequest, type Issue } from "./http-error.js";
import { summarizeLexicon } from "./lexicon-summary.js";
import { ApiMetrics } from "./metrics.js";
import { CONTENT_TYPE as PROM_TYPE } from "./prometheus.js";
import type { QueueDepthProvider } from "./queue-depth.js";
import { fixItem } from "../fix/apply.js";
import { batchItems, batchPrefix, fixedAnswer, toItem, wantsFix } from "./review-request.js";
import { rawIdOf } from "../io/item-schema.js";
import { ReviewPool, reviewThreadsAvailable } from "./review-pool.js";
import { findWebDir, StaticFiles } from "./static.js";
import { isReviewPath, type ReviewDesk } from "../review/http.js";

export interface ApiOptions {
  /** The engine to serve (default: a new one over `lexiconDir` or the shipped lexicons). */
  engine?: Engine;
  lexiconDir?: string;
  /** Bearer token required on /v1/* and /metrics. Default: HEGUI_API_TOKEN; "" or null: no token. */
  token?: string | null;
  maxBodyBytes?: number;
  webDir?: string;
  queueDepth?: QueueDepthProvider;
  /** Where server errors are written (default: stderr). */
  log?: (line: string) => void;
  /**
   * Judge items on this many worker threads, off the event loop (`hegui serve`: 1, HEGUI_REVIEW_THREADS),
   * each with an engine over `lexiconDir`; 0 (the default, and with an injected `engine`): on the event loop.
   */
  reviewThreads?: number;
  /** The review workbench (src/review/http.ts): verdicts decided `review` become tasks, and its /v1/review-* routes are served. */
  reviewDesk?: ReviewDesk;
}

export interface ApiServer {
  server: Server;
  engine: Engine;
  metrics: ApiMetrics;
  listen(port?: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  /** Stop taking requests, let running ones finish (at most graceMs), then close every connection. */
  close(graceMs?: number): Promise<void>;
  setQueueDepthProvider(fn: QueueDepthProvider | undefined): void;
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

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
interface Route {
  method: "GET" | "POST";
  auth: boolean;
  handler: Handler;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(data), "cache-control": "no-store", ...headers });
  res.end(data);
}

export function createServer(opts: ApiOptions = {}): ApiServer {
  const engine = opts.engine ?? createEngine({ lexiconDir: opts.lexiconDir });
  const token = opts.token === undefined ? process.env.HEGUI_API_TOKEN : opts.token;
  const authorize = bearerAuth(token || undefined);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const files = new StaticFiles(opts.webDir ?? findWebDir());
  const metrics = new ApiMetrics(opts.queueDepth);
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  let shuttingDown = false;
  let seq = 0;
  /** Responses not yet sent: told to close their connection when a shutdown starts. */
  const running = new Set<ServerResponse>();

  const threads = opts.engine ? 0 : (opts.reviewThreads ?? 0);
  if (threads > 0 && !reviewThreadsAvailable()) throw new Error("review threads need the compiled sources (npm run build)");
  const pool = threads > 0 ? new ReviewPool({ threads, lexiconDir: opts.lexiconDir, deadlineMs: engine.deadlineMs, log }) : undefined;

  type Reviewed = { ok: true; verdict: Verdict } | { ok: false; issues: Issue[] } | { ok: false; deadline: true; id: string };
  const review = async (raw: unknown, defaultId: string, prefix: string): Promise<Reviewed> => {
    const r = toItem(raw, defaultId, prefix);
    if (!r.ok) return r;
    let verdict: Verdict;
    try {
      verdict = pool ? await pool.review(r.item) : engine.review(r.item);
    } catch (e) {
      if (isDeadlineExceeded(e)) {
        metrics.itemErrors.inc();
        return { ok: false, deadline: true, id: r.item.id };
      }
      throw e;
    }
    metrics.observeVerdict(verdict);
    if (opts.reviewDesk) await opts.reviewDesk.onVerdict(r.item, verdict).catch((e: Error) => log(`hegui serve: review task for ${r.item.id}: ${e.message}`));
    return { ok: true, verdict };
  };

  const routes: Record<string, Route> = {
    "/v1/review": {
      method: "POST",
      auth: true,
      async handler(req, res) {
        const body = await readJson(req, maxBody);
        const fix = wantsFix(body);
        const t0 = performance.now();
        if (fix) {
          // The verdict of the text as sent, and the text with every fix applied (re-checked).
          const r = toItem(body, `review-${++seq}`, "");
          if (!r.ok) throw badRequest(r.issues);
          const fixed = fixItem(engine, r.item);
          metrics.observeVerdict(fixed.before);
          sendJson(res, 200, { ...fixed.before, fixed: fixedAnswer(fixed) }, { "server-timing": `review;dur=${(performance.now() - t0).toFixed(2)}` });
          return;
        }
        const out = await review(body, `review-${++seq}`, "");
        if (!out.ok && "deadline" in out) {
          sendJson(res, DEADLINE_STATUS, { id: out.id, error: DEADLINE_MESSAGE, code: DEADLINE_CODE, deadlineMs: engine.deadlineMs });
          return;
        }
        if (!out.ok) throw badRequest(out.issues);
        sendJson(res, 200, out.verdict, { "server-timing": `review;dur=${(performance.now() - t0).toFixed(2)}` });
      },
    },
    "/v1/review/batch": {
      method: "POST",
      auth: true,
      async handler(req, res) {
        const body = await readJson(req, maxBody);
        const items = batchItems(body);
        const fix = wantsFix(body);
        const base = ++seq;
        let errors = 0;
        const results: Array<Verdict | BatchError> = [];
        for (const [i, raw] of items.entries()) {
          if (fix) {
            const r = toItem(raw, `batch-${base}-${i}`, batchPrefix(body, i));
            if (r.ok) {
              const fixed = fixItem(engine, r.item);
              metrics.observeVerdict(fixed.before);
              results.push({ ...fixed.before, fixed: fixedAnswer(fixed) });
              continue;
            }
          }
          const out = await review(raw, `batch-${base}-${i}`, batchPrefix(body, i));
          if (out.ok) {
            results.push(out.verdict);
            continue;
          }
          errors++;
          if ("deadline" in out) {
            results.push({ index: i, id: out.id, error: DEADLINE_MESSAGE, code: DEADLINE_CODE, issues: [] });
            continue;
          }
          metrics.itemErrors.inc();
          const id = rawIdOf(raw);
          const first = out.issues[0];
          results.push({ index: i, ...(id !== undefined ? { id } : {}), error: `${first.path}: ${first.message}`, issues: out.issues });
        }
        sendJson(res, 200, { count: results.length, errors, results });
      },
    },
    "/v1/lexicons": {
      method: "GET",
      auth: true,
      handler(_req, res) {
        sendJson(res, 200, summarizeLexicon(engine.lexicon));
      },
    },
    "/healthz": {
      method: "GET",
      auth: false,
      handler(_req, res) {
        if (shuttingDown) sendJson(res, 503, { status: "shutting down" });
        else sendJson(res, 200, { status: "ok", lexiconVersion: engine.lexiconVersion, uptimeSeconds: Math.round(process.uptime()) });
      },
    },
    "/metrics": {
      method: "GET",
      auth: true,
      async handler(_req, res) {
        const text = (await metrics.render(engine.lexiconVersion)) + ((await opts.reviewDesk?.metrics?.()) ?? "");
        res.writeHead(200, { "content-type": PROM_TYPE, "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
        res.end(text);
      },
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const method = req.method ?? "GET";
    if (shuttingDown) res.setHeader("connection", "close");
    const route = routes[path];
    if (route) {
      if (method !== route.method && !(route.method === "GET" && method === "HEAD")) {
        throw new HttpError(405, `${path} takes ${route.method}`, [], { allow: route.method });
      }
      if (route.auth) authorize(req);
      await route.handler(req, res);
      return;
    }
    if (opts.reviewDesk && isReviewPath(path)) {
      const raw = method === "POST" ? await readBody(req, maxBody) : undefined;
      let body: unknown;
      try {
        body = raw?.length ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch (e) {
        throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`);
      }
      const q = new URL(req.url ?? "/", "http://localhost").searchParams;
      const out = await opts.reviewDesk.handle({ method, path, query: q, authorization: req.headers.authorization, body, raw: { req, res } });
      if (out?.streamed) return;
      if (out) return sendJson(res, out.status, out.body);
    }
    if ((method === "GET" || method === "HEAD") && files.serve(path, res, method === "HEAD")) return;
    throw new HttpError(404, `no such endpoint: ${method} ${path}`);
  };

  const server = createHttpServer((req, res) => {
    const t0 = performance.now();
    let path = "/";
    try {
      path = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      // A request target URL() cannot read: answered 404 below.
    }
    // Metrics label: known routes by name, everything else in two buckets (bounded cardinality).
    const label = routes[path] ? path : files.has(path) ? "static" : "other";
    running.add(res);
    res.on("close", () => {
      running.delete(res);
      if (shuttingDown) server.closeIdleConnections();
    });
    handle(req, res, path)
      .catch((e: unknown) => {
        const err = e instanceof HttpError ? e : new HttpError(500, "internal error");
        if (!(e instanceof HttpError)) log(`hegui serve: ${req.method} ${req.url}: ${(e as Error)?.stack ?? e}`);
        if (res.headersSent) res.destroy();
        else sendJson(res, err.status, err.body(), err.headers);
      })
      .finally(() => {
        metrics.observeRequest(req.method ?? "GET", label, res.statusCode, (performance.now() - t0) / 1000);
      });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;

  return {
    server,
    engine,
    metrics,
    async listen(port = 0, host = "127.0.0.1") {
      // Review threads load their engines first: the server answers only once it can judge.
      await pool?.ready();
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const a = server.address() as AddressInfo;
          const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
          resolve({ host: a.address, port: a.port, url: `http://${h}:${a.port}` });
        });
      });
    },
    close(graceMs = 10_000) {
      shuttingDown = true;
      for (const res of running) if (!res.headersSent) res.setHeader("connection", "close");
      return new Promise((resolve) => {
        if (!server.listening) {
          void pool?.close();
          return resolve();
        }
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          void pool?.close();
          resolve();
        });
        server.closeIdleConnections();
      });
    },
    setQueueDepthProvider(fn) {
      metrics.setQueueDepthProvider(fn);
    },
  };
}
