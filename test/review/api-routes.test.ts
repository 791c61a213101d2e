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
