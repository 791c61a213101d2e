/**
 * The review workbench's routes on the API server (fastify, src/api/server.ts): each
 * /v1/review-* route is registered (and described in /openapi.json) and answered by the
 * desk's handler (src/review/http.ts), which checks the reviewer's token and role itself.
 * Errors take the API's shape {error, code, errorZh}. GET /v1/review-live is a
 * Server-Sent Events stream written on the raw response (the reply is hijacked).
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { parseJson } from "../api/body.js";
import { HttpError, type ErrorCode } from "../api/http-error.js";
import type { ApiContext } from "../api/server.js";
import type { RouteDoc } from "../api/openapi.js";
import * as S from "../api/schemas.js";
import type { ReviewDesk, ReviewResponse } from "./http.js";

const violationVerdict = z.enum(["confirm", "reject"]);
const filter = z.object({
  channel: z.string().optional().describe("Only tasks of this channel"),
  category: z.string().optional().describe("Only tasks with a violation of this category"),
  account: z.string().optional().describe("Only tasks of this account"),
  minAge: z.number().min(0).optional().describe("Only tasks waiting at least this many seconds"),
});
const bodies = {
  createTask: z.object({
    item: z.record(z.string(), z.unknown()).describe("The item (SPEC \"Data shapes\")"),
    verdict: z.record(z.string(), z.unknown()).describe("Its verdict, decided review"),
    source: z.string().optional().describe("Where it was judged (default api)"),
  }),
  next: filter,
  claim: z.object({ reviewer: z.string().optional().describe("admin: claim in this reviewer's name") }),
  release: z.object({}),
  decide: z.object({
    violations: z.array(z.object({ id: z.string(), verdict: violationVerdict, category: z.string().optional().describe("Confirmed as another category") })).optional(),
    all: violationVerdict.optional().describe("The same for every violation not decided yet"),
    final: z.enum(["pass", "block"]).optional().describe("The item's final decision (default: block when any violation is confirmed, else pass)"),
    reason: z.string().optional(),
    reviewer: z.string().optional().describe("admin: decide in this reviewer's name"),
  }),
  reassign: z.object({ to: z.string().describe("The reviewer who takes the task") }),
  appeal: z.object({ violation: z.string().describe("The violation whose appeal is upheld"), reason: z.string().optional(), reviewer: z.string().optional() }),
  user: z.object({ name: z.string(), role: z.enum(["reviewer", "lead", "admin"]) }),
};

interface Def {
  method: "GET" | "POST";
  path: string;
  summary: string;
  description?: string;
  body?: z.ZodType;
  /** 201 besides 200 (created). */
  created?: boolean;
  /** Needs a lead (403 for a reviewer) or an admin. */
  role?: "lead" | "admin";
  notFound?: boolean;
  conflict?: boolean;
}

const ROUTES: Def[] = [
  { method: "GET", path: "/v1/review-me", summary: "The signed-in reviewer: {name, role}" },
  {
    method: "GET",
    path: "/v1/review-tasks",
    summary: "Review tasks, most urgent first",
    description: "Query: status (open, claimed, done), channel, category, account, minAge (seconds), limit.",
  },
  { method: "POST", path: "/v1/review-tasks", summary: "A task for a verdict decided review, judged elsewhere (idempotent)", body: bodies.createTask, created: true, role: "admin" },
  { method: "POST", path: "/v1/review-tasks/next", summary: "Claim the next open task: {task} (null when none)", body: bodies.next, conflict: true },
  { method: "GET", path: "/v1/review-tasks/:id", summary: "One task", notFound: true },
  { method: "POST", path: "/v1/review-tasks/:id/claim", summary: "Claim a task", body: bodies.claim, notFound: true, conflict: true },
  { method: "POST", path: "/v1/review-tasks/:id/release", summary: "Give a claimed task back (a lead: anyone's)", body: bodies.release, notFound: true, conflict: true },
  {
    method: "POST",
    path: "/v1/review-tasks/:id/decide",
    summary: "Confirm or reject the task's violations; with final (or all decided) the task is done",
    body: bodies.decide,
    notFound: true,
    conflict: true,
  },
  { method: "POST", path: "/v1/review-tasks/:id/reassign", summary: "Give a task to another reviewer", body: bodies.reassign, role: "lead", notFound: true, conflict: true },
  { method: "POST", path: "/v1/review-tasks/:id/appeal", summary: "An upheld appeal: the violation is rejected and its penalty reversed", body: bodies.appeal, role: "lead", notFound: true, conflict: true },
  { method: "GET", path: "/v1/review-stats", summary: "Tasks by status; reviewer precision per rule, category and lexicon version" },
  { method: "GET", path: "/v1/review-rejected", summary: "The hits reviewers rejected (false positives), for the lexicon's exceptions" },
  { method: "GET", path: "/v1/review-audit", summary: "The audit trail of decisions (query task=ID; verify=1 adds the mismatched records)", role: "lead" },
  { method: "POST", path: "/v1/review-users", summary: "Add a user: {name, role, token}", body: bodies.user, created: true, role: "admin" },
  {
    method: "GET",
    path: "/v1/review-live",
    summary: "The live monitor's event stream (Server-Sent Events): one `verdict` event per live-room verdict",
    description: "EventSource cannot send headers: the token may be given as ?token=. 503 when the verdict stream (Redis) is not reachable.",
  },
];

const CODE_OF: Partial<Record<number, ErrorCode>> = { 409: "conflict", 503: "unavailable" };

/** A desk answer that is not a success, as the API's error. */
function asError(out: ReviewResponse): HttpError {
  const b = (out.body ?? {}) as { error?: unknown };
  const message = typeof b.error === "string" ? b.error : `HTTP ${out.status}`;
  const headers: Record<string, string> = out.status === 401 ? { "www-authenticate": 'Bearer realm="hegui-review"' } : {};
  return new HttpError(out.status, message, [], headers, CODE_OF[out.status]);
}

/** The review desk's routes, as an API plugin (`createServer({reviewDesk})`). */
export function reviewDeskPlugin(desk: ReviewDesk) {
  return async (app: FastifyInstance, ctx: ApiContext): Promise<void> => {
    // Live streams still open when the server closes: ended, so the close does not wait for them.
    const streams = new Set<ServerResponse>();
    app.addHook("preClose", async () => {
      for (const res of streams) res.end();
    });

    const answer = async (req: FastifyRequest, reply: FastifyReply, def: Def) => {
      const url = new URL(req.url, "http://localhost");
      let body: unknown;
      if (def.method === "POST") {
        const buf = req.body as Buffer | undefined;
        // No body is an empty one: {} (claim, release).
        body = buf && buf.length ? parseJson(buf) : undefined;
      }
      const base = { method: req.method, path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body };
      if (def.path === "/v1/review-live") {
        // The stream is written on the raw response: headers fastify would have sent are set here.
        reply.hijack();
        const res = reply.raw;
        res.setHeader("x-request-id", String(req.id));
        streams.add(res);
        res.on("close", () => streams.delete(res));
        let out: ReviewResponse | undefined;
        try {
          out = await desk.handle({ ...base, raw: { req: req.raw, res } });
        } catch (e) {
          req.log.error({ err: e }, "internal error");
          out = { status: 500, body: { error: "internal error" } };
        }
        if (out?.streamed) return;
        const err = asError(out ?? { status: 404, body: { error: `no such endpoint: ${req.method} ${url.pathname}` } });
        if (!res.headersSent) res.writeHead(err.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...err.headers });
        res.end(JSON.stringify(err.body()));
        return;
      }
      const out = await desk.handle(base);
      if (!out) throw new HttpError(404, `no such endpoint: ${req.method} ${url.pathname}`, [], {}, "not_found");
      if (out.status >= 400) throw asError(out);
      reply.code(out.status).header("cache-control", "no-store");
      return out.body;
    };

    for (const def of ROUTES) {
      app.route({ method: def.method, url: def.path, handler: (req, reply) => answer(req, reply, def) });
      const responses: RouteDoc["responses"] = {
        200: def.path === "/v1/review-live" ? { description: "The event stream", mediaType: "text/event-stream", schema: { type: "string" } } : { description: "OK", schema: { type: "object" } },
      };
      if (def.created) responses[201] = { description: "Created", schema: { type: "object" } };
      const errors: Record<number, string | undefined> = {
        ...(def.body || def.path.includes(":id") ? { 400: "Bad request (not JSON, a bad field, a task id that is not a positive integer)" } : {}),
        401: "No reviewer token, or an unknown one",
        ...(def.role ? { 403: `Needs a ${def.role}` } : {}),
        ...(def.notFound ? { 404: "No such task" } : {}),
        ...(def.conflict ? { 409: "The task is not in a state for this (claimed by another, done already)" } : {}),
        503: def.path === "/v1/review-live" ? "The verdict stream (Redis) is not reachable" : "The review store is not available (yet)",
      };
      for (const [s, d] of Object.entries(errors)) if (d) responses[Number(s)] = { description: d, schema: S.errorSchema };
      ctx.document({
        method: def.method,
        path: def.path.replace(/:(\w+)/g, "{$1}"),
        summary: def.summary,
        description: def.description,
        tags: ["review-desk"],
        auth: "reviewer",
        body: def.body,
        responses,
      });
    }
  };
}
