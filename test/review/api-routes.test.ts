/**
 * The review desk on the API server (fastify): its routes are in /openapi.json
 * (valid, reviewer security), answer with the API's error shape and request ids,
 * keep the reviewer's token and role checks apart from the API token, turn
 * verdicts decided review into tasks, add the review gauges to /metrics, serve
 * /review and /live, and stream /v1/review-live (503 without a verdict stream).
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type ApiServer } from "../../src/api/server.js";
import { ReviewHttp } from "../../src/review/http.js";
import { openStore } from "../../src/review/index.js";
import type { ReviewStore } from "../../src/review/store.js";
import { fixtureEngine } from "../support/engine.js";

const API_TOKEN = "api-secret";
let store: ReviewStore;
let api: ApiServer;
let url: string;
let reviewer: string;
let lead: string;

beforeAll(async () => {
  store = await openStore({ url: "", dataDir: "memory" });
  reviewer = await store.addUser("张审核", "reviewer");
  lead = await store.addUser("赵组长", "lead");
  // Port 1 answers nothing: the live stream has no verdict stream to follow.
  api = createServer({ engine: fixtureEngine(), token: API_TOKEN, log: () => {}, reviewDesk: new ReviewHttp(store, undefined, { redisUrl: "redis://127.0.0.1:1", prefix: "none" }) });
  ({ url } = await api.listen(0, "127.0.0.1"));
}, 120_000);

afterAll(async () => {
  await api?.close(500);
  await store?.close();
});

const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

describe("review desk routes on the API server", () => {
  it("are described in /openapi.json with the reviewer's token", async () => {
    const doc = await (await fetch(`${url}/openapi.json`)).json();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    const own = api.routes().filter((r) => r.url.startsWith("/v1/review-"));
    expect(own.length).toBeGreaterThanOrEqual(14);
    for (const r of own) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op.security).toEqual([{ reviewer: [] }]);
    }
    expect(doc.components.securitySchemes.reviewer.scheme).toBe("bearer");
    expect(doc.paths["/v1/review-tasks/{id}/decide"].post.requestBody.content["application/json"].schema.properties.all.enum).toEqual(["confirm", "reject"]);
    expect(doc.paths["/v1/review-tasks/{id}/decide"].post.responses["409"]).toBeDefined();
  });

  it("checks the reviewer's token and role, with the API's error shape", async () => {
    const none = await fetch(`${url}/v1/review-tasks`);
    expect(none.status).toBe(401);
    expect(none.headers.get("x-request-id")).toBeTruthy();
    expect(await none.json()).toMatchObject({ code: "unauthorized", errorZh: expect.stringMatching(/[\u4e00-\u9fff]/), error: expect.stringContaining("sign in") });
    // The API token is no reviewer's token.
    expect((await fetch(`${url}/v1/review-me`, as(API_TOKEN))).status).toBe(401);
    expect(await (await fetch(`${url}/v1/review-me`, as(reviewer))).json()).toEqual({ name: "张审核", role: "reviewer" });
    const audit = await fetch(`${url}/v1/review-audit`, as(reviewer));
    expect(audit.status).toBe(403);
    expect((await audit.json()).code).toBe("forbidden");
    expect((await fetch(`${url}/v1/review-audit`, as(lead))).status).toBe(200);
    const missing = await fetch(`${url}/v1/review-tasks/999`, as(reviewer));
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe("not_found");
    const badId = await fetch(`${url}/v1/review-tasks/abc`, as(reviewer));
    expect(badId.status).toBe(400);
    expect((await badId.json()).code).toBe("bad_request");
    const badJson = await fetch(`${url}/v1/review-tasks/next`, as(reviewer, { method: "POST", body: "{" }));
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).code).toBe("invalid_json");
    const wrong = await fetch(`${url}/v1/review-stats`, as(reviewer, { method: "POST", body: "{}" }));
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).code).toBe("method_not_allowed");
  });

  it("turns a verdict decided review into a task; claims conflict; /metrics has the review gauges", async () => {
    const r = await fetch(`${url}/v1/review`, as(API_TOKEN, { method: "POST", body: JSON.stringify({ id: "d-1", text: "这款包成活，放心买" }) }));
    expect(r.status).toBe(200);
    expect((await r.json()).decision).toBe("review");
    const { tasks } = await (await fetch(`${url}/v1/review-tasks?status=open`, as(reviewer))).json();
    expect(tasks.map((t: { itemId: string }) => t.itemId)).toEqual(["d-1"]);
    const id = tasks[0].id as number;
    // A claim with no body at all.
    expect((await fetch(`${url}/v1/review-tasks/${id}/claim`, as(reviewer, { method: "POST" }))).status).toBe(200);
    const taken = await fetch(`${url}/v1/review-tasks/${id}/claim`, as(lead, { method: "POST" }));
    expect(taken.status).toBe(409);
    expect((await taken.json()).code).toBe("conflict");
    const done = await fetch(`${url}/v1/review-tasks/${id}/decide`, as(reviewer, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ all: "confirm" }) }));
    expect(done.status).toBe(200);
    expect((await done.json()).status).toBe("done");
    const m = await (await fetch(`${url}/metrics`, as(API_TOKEN))).text();
    expect(m).toMatch(/^hegui_reviews_in_flight /m);
    expect(m).toMatch(/^hegui_review_tasks\{status="done"\} 1$/m);
    expect(m).toMatch(/^hegui_review_rule_precision\{rule="fx\.bao-chenghuo",category="absolute_claim",lexicon_version="[^"]+"\} 1$/m);
  });

  it("writes nothing without a token, and gates the lead's and the admin's routes by role", async () => {
    const json = (token: string | null, body: unknown) => ({
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const r = await fetch(`${url}/v1/review`, as(API_TOKEN, { method: "POST", body: JSON.stringify({ id: "roles-1", text: "这批苗包成活，放心拍" }) }));
    expect((await r.json()).decision).toBe("review");
    const [task] = (await store.list({ status: "open" })).filter((t) => t.itemId === "roles-1");
    const before = (await store.auditTrail(task.id)).length;
    // Every POST route of the desk, with no token or the API's token: 401, and nothing written.
    const posts = api.routes().filter((x) => x.method === "POST" && x.url.startsWith("/v1/review-"));
    expect(posts.length).toBeGreaterThanOrEqual(8);
    for (const p of posts) {
      const path = p.url.replace(":id", String(task.id));
      for (const token of [null, API_TOKEN]) {
        const res = await fetch(`${url}${path}`, json(token, { all: "confirm", to: "x", violation: task.violations[0].id, name: "x", role: "admin" }));
        expect(res.status, `${p.url} with ${token ?? "no token"}`).toBe(401);
      }
    }
    expect((await store.auditTrail(task.id)).length).toBe(before);
    expect((await store.get(task.id))?.status).toBe("open");

    // The page's waiting-time filter holds for the next task too: nothing has waited an hour.
    const waited = await fetch(`${url}/v1/review-tasks/next`, json(reviewer, { minAge: 3600 }));
    expect(await waited.json()).toEqual({ task: null });
    expect((await fetch(`${url}/v1/review-tasks/next`, json(reviewer, { minAge: -1 }))).status).toBe(400);

    const other = await store.addUser("钱审核", "reviewer");
    const admin = await store.addUser("孙管理", "admin");
    // A reviewer claims; another reviewer can neither take it nor release it; nor reassign, appeal, add users or post tasks.
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/claim`, json(reviewer, {}))).status).toBe(200);
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/claim`, json(other, {}))).status).toBe(409);
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/release`, json(other, {}))).status).toBe(403);
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/decide`, json(other, { all: "reject" }))).status).toBe(409);
    for (const [path, body] of [
      [`/v1/review-tasks/${task.id}/reassign`, { to: "钱审核" }],
      [`/v1/review-tasks/${task.id}/appeal`, { violation: task.violations[0].id }],
      ["/v1/review-users", { name: "x", role: "admin" }],
      ["/v1/review-tasks", { item: { id: "x", channel: "script", text: "x" }, verdict: {} }],
    ] as const) {
      const res = await fetch(`${url}${path}`, json(reviewer, body));
      expect(res.status, path).toBe(403);
      expect((await res.json()).code).toBe("forbidden");
    }
    expect((await fetch(`${url}/v1/review-audit?task=${task.id}`, as(other))).status).toBe(403);
    // A lead reassigns the task and sees everyone's steps, but adds no users.
    const moved = await fetch(`${url}/v1/review-tasks/${task.id}/reassign`, json(lead, { to: "钱审核" }));
    expect(moved.status).toBe(200);
    expect((await moved.json()).claimedBy).toBe("钱审核");
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/decide`, json(reviewer, { all: "confirm" }))).status).toBe(409);
    expect((await fetch(`${url}/v1/review-tasks/${task.id}/decide`, json(other, { all: "reject", reason: "泛指" }))).status).toBe(200);
    const { audit } = await (await fetch(`${url}/v1/review-audit?task=${task.id}`, as(lead))).json();
    expect(audit.map((a: { actor: string; action: string }) => `${a.actor}:${a.action}`)).toEqual(["api:created", "张审核:claimed", "赵组长:reassigned", "钱审核:rejected", "钱审核:decided"]);
    expect((await fetch(`${url}/v1/review-users`, json(lead, { name: "y", role: "reviewer" }))).status).toBe(403);
    // An admin adds a user, whose token then signs in.
    const added = await fetch(`${url}/v1/review-users`, json(admin, { name: "周审核", role: "reviewer" }));
    expect(added.status).toBe(201);
    const { token } = await added.json();
    expect(await (await fetch(`${url}/v1/review-me`, as(token))).json()).toEqual({ name: "周审核", role: "reviewer" });
  });

  it("serves /review and /live, and the live stream answers 503 without a verdict stream", async () => {
    for (const p of ["/review", "/live"]) {
      const res = await fetch(`${url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
    }
    expect((await fetch(`${url}/v1/review-live`)).status).toBe(401);
    const live = await fetch(`${url}/v1/review-live?token=${encodeURIComponent(reviewer)}`);
    expect(live.status).toBe(503);
    expect(live.headers.get("x-request-id")).toBeTruthy();
    expect(await live.json()).toMatchObject({ code: "unavailable", error: expect.stringContaining("verdict stream") });
  });
});
