/**
 * The review workbench's HTTP side as plain handlers: parsed input in,
 * {status, body} out, so any server (the API server on fastify: src/review/fastify.ts) can
 * mount them with one call. Every route needs a sign-in token (review_users,
 * or the serving process's own local admin token); roles:
 *   reviewer  list, read, claim, release their own, decide
 *   lead      also reassign, release anyone's, read the audit trail of everyone's decisions
 *   admin     also add users
 *
 *   GET  /v1/review-tasks?status=&channel=&category=&account=&minAge=&limit=
 *   POST /v1/review-tasks                {item, verdict, source?}         admin: a task for a verdict decided review
 *   GET  /v1/review-tasks/ID
 *   POST /v1/review-tasks/next           {channel?, category?, account?}   {task}: the next task, claimed (null: none)
 *   POST /v1/review-tasks/ID/claim
 *   POST /v1/review-tasks/ID/release
 *   POST /v1/review-tasks/ID/decide      {violations?: [{id, verdict, category?}], all?, final?, reason?, reviewer? (admin)}
 *   POST /v1/review-tasks/ID/reassign    {to}                          lead, admin
 *   POST /v1/review-tasks/ID/appeal      {violation, reason?}          lead, admin: an upheld appeal
 *   GET  /v1/review-stats
 *   GET  /v1/review-rejected
 *   GET  /v1/review-audit?task=ID        lead, admin
 *   POST /v1/review-users                {name, role}                  admin
 *   GET  /v1/review-me
 */
import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Redis } from "ioredis";
import { redisUrl } from "../io/redis.js";
import { defaultPrefix, Keys } from "../queue/names.js";
import { parseState } from "../queue/room-judge.js";
import { followStream } from "../queue/verdict-stream.js";
import type { Item, Verdict } from "../types.js";
import { reviewMetricsText } from "./metrics.js";
import { ReviewError, type ListFilter, type ReviewStore, type Role, type TaskStatus } from "./store.js";

export interface ReviewRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The Authorization header, as sent. */
  authorization?: string;
  /** The parsed JSON body (POST), or undefined. */
  body?: unknown;
  /** The raw request and response, for the live event stream (GET /v1/review-live). */
  raw?: { req: IncomingMessage; res: ServerResponse };
}

export interface ReviewResponse {
  status: number;
  body: unknown;
  /** The handler answered on the raw response itself (the live event stream): send nothing more. */
  streamed?: boolean;
}

export interface User {
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { reviewer: 0, lead: 1, admin: 2 };

/** Whether a request path is one of the review workbench's (to read its body before calling `handleReview`). */
export function isReviewPath(path: string): boolean {
  return /^\/v1\/review-(tasks|stats|rejected|audit|users|me|live)(\/|$)/.test(path);
}

/** What a server mounts: verdicts in, review routes answered (ReviewHttp, or one that waits for it). */
export interface ReviewDesk {
  onVerdict(item: Item, verdict: Verdict, source?: string): Promise<void>;
  handle(req: ReviewRequest): Promise<ReviewResponse | undefined>;
  /** Reviewer precision as Prometheus text, for /metrics ("" when the store is not available). */
  metrics?(): Promise<string>;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export class ReviewHttp implements ReviewDesk {
  constructor(
    readonly store: ReviewStore,
    /** The serving process's own admin token (for the CLI on the same machine), if any. */
    public localToken?: string,
    /** The verdict stream the live monitor follows (default REDIS_URL, HEGUI_PREFIX). */
    private readonly live: { redisUrl?: string; prefix?: string } = {},
  ) {}

  /** A verdict the API decided: `review` ones become tasks (idempotent). */
  async onVerdict(item: Item, verdict: Verdict, source = "api"): Promise<void> {
    if (verdict.decision === "review") await this.store.createTask(item, verdict, source);
  }

  async metrics(): Promise<string> {
    return reviewMetricsText(await this.store.stats());
  }

  async user(authorization: string | undefined): Promise<User | undefined> {
    const m = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
    if (!m) return undefined;
    const token = m[1];
    if (this.localToken && timingSafeEqual(digest(token), digest(this.localToken))) return { name: "local-admin", role: "admin" };
    return this.store.userByToken(token);
  }

  /** The answer to a review request, or undefined when the path is not the workbench's. */
  async handle(req: ReviewRequest): Promise<ReviewResponse | undefined> {
    if (!isReviewPath(req.path)) return undefined;
    try {
      // EventSource cannot send headers: the live stream takes the token as ?token= too.
      const token = req.path === "/v1/review-live" && !req.authorization && req.query.get("token") ? `Bearer ${req.query.get("token")}` : req.authorization;
      const user = await this.user(token);
      if (!user) return { status: 401, body: { error: "sign in: send Authorization: Bearer <token> (hegui review user add NAME --role reviewer)" } };
      return await this.route(req, user);
    } catch (e) {
      if (e instanceof ReviewError) return { status: e.status, body: { error: e.message } };
      throw e;
    }
  }

  /**
   * Server-Sent Events from the verdict stream (`<prefix>:verdicts`, Redis): one `verdict` event per
   * live-room verdict from now on, a comment every 15 s to keep the connection open.
   */
  private async liveStream(req: IncomingMessage, res: ServerResponse): Promise<ReviewResponse | undefined> {
    const redis = new Redis(this.live.redisUrl ?? redisUrl(), { maxRetriesPerRequest: null, lazyConnect: true });
    redis.on("error", () => {});
    try {
      await redis.connect();
    } catch (e) {
      redis.disconnect();
      // Not streamed: the server answers it (with its error shape).
      return { status: 503, body: { error: `the verdict stream is not available: ${(e as Error).message}` } };
    }
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    res.write(": hegui live\n\n");
    let stopped = false;
    const stop = () => {
      stopped = true;
    };
    req.on("close", stop);
    res.on("close", stop);
    const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
    const keys = new Keys(this.live.prefix ?? defaultPrefix());
    const key = keys.verdicts;
    // Follow from the stream's current end ("$"), reading in short blocks so a closed page stops it soon.
    void (async () => {
      try {
        for await (const e of followStream(redis, key, "$", () => stopped, 500)) {
          if (e.type !== "verdict") continue;
          let ev: Record<string, unknown> | undefined;
          try {
            ev = liveEvent(JSON.parse(e.data) as Verdict);
          } catch {
            continue;
          }
          if (!ev) continue;
          // The caption line: the stream holds verdicts only, the room's state keeps the end of its text.
          if (typeof ev.room === "string") ev.text = await captionText(redis, keys.room(ev.room).state, String(ev.id)).catch(() => null);
          res.write(`event: verdict\nid: ${e.streamId}\ndata: ${JSON.stringify(ev)}\n\n`);
        }
      } catch {
        // Redis went away: the page reconnects (EventSource does so by itself).
      } finally {
        clearInterval(ping);
        redis.disconnect();
        res.end();
      }
    })();
    return undefined;
  }

  private need(user: User, role: Role): void {
    if (RANK[user.role] < RANK[role]) throw new ReviewError(`${user.name} is a ${user.role}; this needs a ${role}`, 403);
  }

  private async route(req: ReviewRequest, user: User): Promise<ReviewResponse> {
    const { method, path, query } = req;
    const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
    const ok = (b: unknown): ReviewResponse => ({ status: 200, body: b });
    const post = method === "POST";
    const get = method === "GET" || method === "HEAD";
    if (path === "/v1/review-me" && get) return ok(user);
    if (path === "/v1/review-live" && get && req.raw) {
      return (await this.liveStream(req.raw.req, req.raw.res)) ?? { status: 200, body: null, streamed: true };
    }
    if (path === "/v1/review-stats" && get) return ok(await this.store.stats());
    if (path === "/v1/review-rejected" && get) return ok({ rejected: await this.store.rejected() });
    if (path === "/v1/review-audit" && get) {
      this.need(user, "lead");
      const t = query.get("task");
      const audit = await this.store.auditTrail(t ? taskId(t) : undefined);
      const broken = query.get("verify") ? await this.store.verifyAudit() : undefined;
      return ok({ audit, ...(broken ? { mismatched: broken } : {}) });
    }
    if (path === "/v1/review-users" && post) {
      this.need(user, "admin");
      const token = await this.store.addUser(str(body.name, "name"), str(body.role, "role") as Role);
      return { status: 201, body: { name: body.name, role: body.role, token } };
    }
    if (path === "/v1/review-tasks" && get) return ok({ tasks: await this.store.list(listFilter(query)) });
    if (path === "/v1/review-tasks" && post) {
      // A verdict judged elsewhere (hegui rescan --review through the server holding the database).
      this.need(user, "admin");
      if (!body.item || typeof body.item !== "object" || !body.verdict || typeof body.verdict !== "object") throw new ReviewError("send {item, verdict, source?}", 400);
      const r = await this.store.createTask(body.item as Item, body.verdict as Verdict, typeof body.source === "string" ? body.source : "api");
      return r ? { status: r.created ? 201 : 200, body: r } : { status: 200, body: { task: null, created: false } };
    }
    if (path === "/v1/review-tasks/next" && post) {
      const t = await this.store.claimNext(user.name, filterOf(body));
      // An empty queue is no error: {task: null}.
      return ok({ task: t ?? null });
    }
    const m = /^\/v1\/review-tasks\/([^/]+)(?:\/(claim|release|decide|reassign|appeal))?$/.exec(path);
    if (m) {
      const id = taskId(m[1]);
      const action = m[2];
      if (!action && get) {
        const t = await this.store.get(id);
        return t ? ok(t) : { status: 404, body: { error: `no review task ${id}` } };
      }
      // An admin (the CLI through the local token) acts in a named reviewer's name.
      const reviewer = user.role === "admin" && typeof body.reviewer === "string" && body.reviewer ? body.reviewer : user.name;
      if (action === "claim" && post) return ok(await this.store.claim(id, reviewer));
      if (action === "release" && post) return ok(await this.store.release(id, user.name, user.role));
      if (action === "reassign" && post) {
        this.need(user, "lead");
        return ok(await this.store.reassign(id, str(body.to, "to"), user.name));
      }
      if (action === "appeal" && post) {
        // An upheld appeal: a lead's call.
        this.need(user, "lead");
        return ok(await this.store.appeal(id, str(body.violation, "violation"), reviewer, typeof body.reason === "string" ? body.reason : undefined));
      }
      if (action === "decide" && post) {
        return ok(
          await this.store.decide(id, reviewer, {
            violations: Array.isArray(body.violations) ? (body.violations as never) : undefined,
            all: body.all as never,
            final: body.final as never,
            reason: typeof body.reason === "string" ? body.reason : undefined,
          }),
        );
      }
    }
    return { status: 404, body: { error: `no such endpoint: ${method} ${path}` } };
  }
}

/** What the live monitor gets of a verdict: live-room items only (captions, or an item with a room). */
export function liveEvent(v: Verdict & { room?: { room: string; seq: number }; escalation?: unknown }): Record<string, unknown> | undefined {
  if (v.channel !== "caption" && !v.room) return undefined;
  return {
    id: v.id,
    room: v.room?.room ?? null,
    seq: v.room?.seq ?? null,
    decision: v.decision,
    action: v.action,
    escalation: v.escalation ?? null,
    violations: v.violations.map((x) => ({ id: x.id, category: x.category, matched: x.matched, severity: x.severity, ruleId: x.ruleId, suggestion: x.suggestion })),
  };
}

/**
 * A live-room fragment's text from its room's state (`<prefix>:room:<room>`, the tail kept as context
 * for the next fragment): "…" in front when only its end is kept; null when it is no longer there.
 */
export async function captionText(redis: Redis, stateKey: string, id: string): Promise<string | null> {
  const t = parseState(await redis.hget(stateKey, "state")).tail.find((f) => f.id === id);
  return t ? (t.cut > 0 ? "…" : "") + t.text : null;
}

function str(v: unknown, name: string): string {
  if (typeof v !== "string" || !v) throw new ReviewError(`${name}: a non-empty string is required`, 400);
  return v;
}

function taskId(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new ReviewError(`task id must be a positive integer, not ${JSON.stringify(s)}`, 400);
  return n;
}

const STATUSES = new Set(["open", "claimed", "done"]);

export function listFilter(q: URLSearchParams): ListFilter {
  const status = q.get("status") ?? undefined;
  if (status && !STATUSES.has(status)) throw new ReviewError(`status must be open, claimed or done, not ${status}`, 400);
  const num = (k: string) => {
    const v = q.get(k);
    if (v === null || v === "") return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ReviewError(`${k} must be a number ≥ 0, not ${v}`, 400);
    return n;
  };
  return {
    status: status as TaskStatus | undefined,
    channel: q.get("channel") || undefined,
    category: q.get("category") || undefined,
    account: q.get("account") || undefined,
    minAgeSeconds: num("minAge"),
    limit: num("limit"),
  };
}

function filterOf(b: Record<string, unknown>): Omit<ListFilter, "status"> {
  const s = (k: string) => (typeof b[k] === "string" && b[k] ? (b[k] as string) : undefined);
  const age = b.minAge;
  if (age !== undefined && (typeof age !== "number" || !Number.isFinite(age) || age < 0)) throw new ReviewError(`minAge must be a number ≥ 0, not ${JSON.stringify(age)}`, 400);
  return { channel: s("channel"), category: s("category"), account: s("account"), minAgeSeconds: age as number | undefined };
}
