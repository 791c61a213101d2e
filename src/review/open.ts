/**
 * Opening the review workbench from a command: `hegui serve` (the desk: store
 * + HTTP handlers) and the `hegui review …` commands (a client: the store
 * itself, or the running server that holds the embedded database).
 */
import type { Redis } from "ioredis";
import { producerConnection } from "../io/redis.js";
import { Ledger } from "../ledger/index.js";
import { defaultPrefix } from "../queue/names.js";
import type { Item, Verdict } from "../types.js";
import { DEFAULT_DATA_DIR } from "./db.js";
import { isReviewPath, ReviewHttp, type ReviewDesk } from "./http.js";
import { openStore } from "./index.js";
import { acquire, type Held } from "./owner.js";
import { ReviewError, type DecideInput, type ListFilter, type RejectedHit, type ReviewStore, type Role, type Stats, type Task, type AuditRecord } from "./store.js";

/** The account ledger in Redis (REDIS_URL, HEGUI_PREFIX), connected on first use. */
export function redisLedger(): { apply: (item: Item, verdict: Verdict) => Promise<void>; appeal: (accountId: string, violationId: string) => Promise<void>; close(): void } {
  let redis: Redis | undefined;
  let ledger: Ledger | undefined;
  const get = async () => {
    if (!ledger) {
      redis = await producerConnection();
      ledger = new Ledger(redis, defaultPrefix());
    }
    return ledger;
  };
  return {
    async apply(item, verdict) {
      await (await get()).applyVerdict(item, verdict);
    },
    async appeal(accountId, violationId) {
      await (await get()).appeal(accountId, violationId);
    },
    close: () => redis?.disconnect(),
  };
}

export const dataDir = () => process.env.HEGUI_DB_DIR || DEFAULT_DATA_DIR;

export interface Desk {
  /** Mount this on the server at once: it waits for the store (opening PGlite the first time takes a while). */
  desk: ReviewDesk;
  /** The store once open (rejects when it cannot be opened; the desk then answers 503). */
  ready: Promise<ReviewHttp>;
  /** The server listens at `url`: other commands on this machine may use it. */
  announce(url: string): void;
  close(): Promise<void>;
}

/**
 * The review desk for `hegui serve`, or undefined (with the reason told) when the embedded database is
 * another process's. The store opens in the background; requests and verdicts wait for it.
 */
export function openDesk(log: (line: string) => void): Desk | undefined {
  let held: Held | undefined;
  if (!process.env.DATABASE_URL) {
    const a = acquire(dataDir());
    if ("owner" in a) {
      log(`hegui serve: no review desk: ${dataDir()} is open in process ${a.owner.pid}${a.owner.url ? ` (${a.owner.url})` : ""}; set DATABASE_URL to share a server`);
      return undefined;
    }
    held = a.held;
  }
  const ledger = redisLedger();
  let localToken: string | undefined;
  const ready = openStore({ ledger: ledger.apply, ledgerAppeal: ledger.appeal, log: (l) => log(`hegui serve: ${l}`), dataDir: dataDir() }).then(
    (store) => {
      const http = new ReviewHttp(store, localToken);
      log(`hegui serve: review tasks in ${store.db.kind} ${store.db.where}`);
      store
        .applyPendingLedger()
        .then((n) => n && log(`hegui serve: applied ${n} reviewed task(s) to the account ledger`))
        .catch((e: Error) => log(`hegui serve: reviewed tasks not yet on the ledger stay pending: ${e.message}`));
      return http;
    },
    (e: Error) => {
      log(`hegui serve: no review desk: ${e.message}`);
      held?.release();
      throw e;
    },
  );
  ready.catch(() => {});
  let opened = false;
  void ready.then(() => (opened = true)).catch(() => {});
  // Tasks of verdicts judged while the store is still opening (a fresh PGlite directory takes a while):
  // written in order once it is open, and before any review request is answered.
  let backlog: Promise<void> = Promise.resolve();
  const desk: ReviewDesk = {
    async onVerdict(item, verdict, source) {
      if (verdict.decision !== "review") return;
      if (opened) return (await ready).onVerdict(item, verdict, source);
      backlog = backlog
        .then(async () => (await ready).onVerdict(item, verdict, source))
        .catch((e: Error) => log(`hegui serve: review task for ${item.id}: ${e.message}`));
    },
    async handle(req) {
      if (!isReviewPath(req.path)) return undefined;
      let http: ReviewHttp;
      try {
        http = await ready;
      } catch (e) {
        return { status: 503, body: { error: `the review store is not available: ${(e as Error).message}` } };
      }
      await backlog;
      return http.handle(req);
    },
    async metrics() {
      if (!opened) return "";
      return (await ready).metrics().catch(() => "");
    },
  };
  return {
    desk,
    ready,
    announce(url) {
      if (!held) return;
      localToken = held.announce(url);
      void ready.then((h) => (h.localToken = localToken)).catch(() => {});
    },
    async close() {
      const http = await ready.catch(() => undefined);
      await backlog;
      await http?.store.close();
      ledger.close();
      held?.release();
    },
  };
}

/** What the review commands need; the store has it, and so does a running server. */
export interface ReviewOps {
  list(f: ListFilter): Promise<Task[]>;
  get(id: number): Promise<Task | undefined>;
  claim(id: number, reviewer: string): Promise<Task>;
  decide(id: number, reviewer: string, input: DecideInput): Promise<Task>;
  stats(): Promise<Stats>;
  rejected(): Promise<RejectedHit[]>;
  addUser(name: string, role: Role): Promise<string>;
  auditTrail(taskId?: number): Promise<AuditRecord[]>;
  verifyAudit(): Promise<number[]>;
  appeal(id: number, violationId: string, actor: string, reason?: string): Promise<Task>;
  createTask(item: Item, verdict: Verdict, source: string): Promise<{ task: Task | null; created: boolean } | null>;
}

export interface Client {
  ops: ReviewOps;
  /** "postgres …", "pglite DIR" or "server URL". */
  where: string;
  close(): Promise<void>;
}

/** The review store for a command: DATABASE_URL, else the server holding ./.hegui/db, else ./.hegui/db itself. */
export async function openClient(opts: { ledger?: boolean } = {}): Promise<Client> {
  let held: Held | undefined;
  if (!process.env.DATABASE_URL) {
    let a = acquire(dataDir());
    // A `hegui serve` still starting has the files but no URL yet: wait for it (up to a minute).
    for (let waited = 0; "owner" in a && !a.owner.url && waited < 60_000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      a = acquire(dataDir());
    }
    if ("owner" in a) {
      if (!a.owner.url || !a.owner.token) throw new ReviewError(`${dataDir()} is held by process ${a.owner.pid}, which has not said where it listens; try again later`, 409);
      return { ops: remote(a.owner.url, a.owner.token), where: `server ${a.owner.url}`, close: async () => {} };
    }
    held = a.held;
  }
  const ledger = opts.ledger ? redisLedger() : undefined;
  try {
    const store = await openStore({ dataDir: dataDir(), ledger: ledger?.apply, ledgerAppeal: ledger?.appeal });
    return {
      ops: store,
      where: `${store.db.kind} ${store.db.where}`,
      async close() {
        await store.close();
        ledger?.close();
        held?.release();
      },
    };
  } catch (e) {
    held?.release();
    ledger?.close();
    throw e;
  }
}

/** The review routes of a running `hegui serve`, with its local admin token. */
function remote(base: string, token: string): ReviewOps {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new ReviewError(`the server holding the review database (${base}) does not answer: ${(e as Error).message}`, 409);
    }
    const data = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new ReviewError(data.error ?? `${method} ${path}: HTTP ${res.status}`, res.status === 404 ? 404 : res.status === 403 ? 403 : res.status === 409 ? 409 : 400);
    return data as T;
  };
  const qs = (f: ListFilter) => {
    const p = new URLSearchParams();
    if (f.status) p.set("status", f.status);
    if (f.channel) p.set("channel", f.channel);
    if (f.category) p.set("category", f.category);
    if (f.account) p.set("account", f.account);
    if (f.minAgeSeconds !== undefined) p.set("minAge", String(f.minAgeSeconds));
    if (f.limit !== undefined) p.set("limit", String(f.limit));
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  return {
    list: async (f) => (await call<{ tasks: Task[] }>("GET", `/v1/review-tasks${qs(f)}`)).tasks,
    get: async (id) => {
      try {
        return await call<Task>("GET", `/v1/review-tasks/${id}`);
      } catch (e) {
        if (e instanceof ReviewError && e.status === 404) return undefined;
        throw e;
      }
    },
    claim: (id, reviewer) => call<Task>("POST", `/v1/review-tasks/${id}/claim`, { reviewer }),
    decide: (id, reviewer, input) => call<Task>("POST", `/v1/review-tasks/${id}/decide`, { ...input, reviewer }),
    stats: () => call<Stats>("GET", "/v1/review-stats"),
    rejected: async () => (await call<{ rejected: RejectedHit[] }>("GET", "/v1/review-rejected")).rejected,
    addUser: async (name, role) => (await call<{ token: string }>("POST", "/v1/review-users", { name, role })).token,
    auditTrail: async (t) => (await call<{ audit: AuditRecord[] }>("GET", `/v1/review-audit${t ? `?task=${t}` : ""}`)).audit,
    createTask: (item, verdict, source) => call("POST", "/v1/review-tasks", { item, verdict, source }),
    appeal: (id, violation, actor, reason) => call<Task>("POST", `/v1/review-tasks/${id}/appeal`, { violation, reviewer: actor, reason }),
    verifyAudit: async () => (await call<{ mismatched: number[] }>("GET", "/v1/review-audit?verify=1")).mismatched,
  };
}
