/**
 * The API as a platform engineer meets it: the OpenAPI 3.1 description (validated,
 * every route in it), error codes with Chinese messages, request ids on answers and
 * log lines, process metrics, the per-field text cap, route plugins, and the
 * queue dashboard behind the admin token.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { ERROR_CODES } from "../src/api/http-error.js";
import { openApiPath } from "../src/api/openapi.js";
import { dropPrefix } from "../src/queue/admin.js";
import { startApi, type Running } from "./support/api-server.js";
import { fixtureEngine } from "./support/engine.js";
import { testPrefix } from "./support/prefix.js";
import { redisFor } from "./queue/helpers.js";

const lines: string[] = [];
let s: Running;
beforeAll(async () => {
  s = await startApi({
    log: (l) => lines.push(l),
    maxFieldChars: 50,
    plugins: [
      (_app, ctx) => {
        ctx.route({
          method: "POST",
          path: "/v1/echo/:name",
          summary: "Echo (a plugin route with a plain handler)",
          body: z.object({ n: z.number().int() }),
          response: z.object({ name: z.string(), n: z.number(), version: z.string() }),
          handler: ({ body, params }) => ({ name: params.name, n: body.n, version: ctx.engine.lexiconVersion }),
        });
      },
    ],
  });
});
afterAll(() => s.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Every route of the server (fastify's onRoute table, HEAD and OPTIONS aside) is an operation of the description, and every operation a route. */
function expectEveryRoute(r: Running, doc: { paths: Record<string, Record<string, unknown>> }) {
  const routes = r.api.routes();
  expect(routes.length).toBeGreaterThan(5);
  const ops = new Set(Object.entries(doc.paths).flatMap(([p, v]) => Object.keys(v).map((m) => `${m.toUpperCase()} ${p}`)));
  const served = new Set(routes.map((x) => `${x.method} ${openApiPath(x.url)}`));
  expect([...served].filter((x) => !ops.has(x)), "routes not in the description").toEqual([]);
  expect([...ops].filter((x) => !served.has(x)), "operations no route answers").toEqual([]);
  // A path parameter is declared (OpenAPI: every template in a path).
  for (const [p, v] of Object.entries(doc.paths)) {
    const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const op of Object.values(v) as Array<{ parameters?: Array<{ name: string; in: string }> }>) {
      expect((op.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name), p).toEqual(names);
    }
  }
}

describe("/openapi.json", () => {
  it("is valid OpenAPI 3.1 and names every route the server answers", async () => {
    const res = await fetch(`${s.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Every $ref resolves.
    expect(() => validator.resolveRefs()).not.toThrow();

    expectEveryRoute(s, doc);
    // The docs page's files and its own copies of the description too.
    expect(doc.paths["/docs/static/{path}"].get.parameters).toEqual([{ name: "path", in: "path", required: true, schema: { type: "string" } }]);
    for (const p of ["/v1/review", "/v1/review/batch", "/v1/lexicons", "/healthz", "/metrics", "/openapi.json", "/docs", "/", "/v1/echo/{name}", "/docs/json", "/docs/yaml"]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    // Request and answer shapes come from the zod schemas.
    const review = doc.paths["/v1/review"].post;
    expect(review.requestBody.content["application/json"].schema.properties.text.type).toBe("string");
    expect(review.responses["200"].content["application/json"].schema.allOf ?? review.responses["200"].content["application/json"].schema.properties).toBeDefined();
    expect(doc.components.schemas.Error.properties.code.enum).toEqual(Object.keys(ERROR_CODES));
    expect(doc.paths["/v1/review"].post.security).toEqual([{ bearer: [] }]);
  });

  it("serves the docs page", async () => {
    const r = await fetch(`${s.url}/docs`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/swagger/i);
  });
});

describe("errors", () => {
  it("carry a code and a Chinese message beside the English one", async () => {
    const nf = await fetch(`${s.url}/v2/nothing`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ code: "not_found", errorZh: expect.stringMatching(/[\u4e00-\u9fff]/) });
    const bad = await (await post("/v1/review", { text: 5 })).json();
    expect(bad).toMatchObject({ code: "bad_request", path: "text" });
    expect(bad.errorZh).toContain("text");
    expect((await (await post("/v1/review", "{")).json()).code).toBe("invalid_json");
    expect((await (await post("/v1/review", "")).json()).code).toBe("empty_body");
    const wrong = await fetch(`${s.url}/v1/review`);
    expect(await wrong.json()).toMatchObject({ code: "method_not_allowed" });
    for (const code of Object.keys(ERROR_CODES)) expect(ERROR_CODES[code as keyof typeof ERROR_CODES]).toMatch(/[\u4e00-\u9fff]/);
  });

  it("413 text_too_long for a text field over the cap, with its path; batch too", async () => {
    const r = await post("/v1/review", { text: "好".repeat(51) });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ code: "text_too_long", path: "text" });
    // Characters, not UTF-16 units: 50 emoji are 50 characters.
    expect((await post("/v1/review", { text: "😀".repeat(50) })).status).toBe(200);
    const b = await post("/v1/review/batch", { items: [{ text: "好" }, { channel: "listing", listing: { title: "好".repeat(60) } }] });
    expect(b.status).toBe(413);
    expect(await b.json()).toMatchObject({ code: "text_too_long", path: "items.1.listing.title" });
  });
});

describe("request ids", () => {
  it("are on every answer (taken from x-request-id when sane) and on every log line of the request", async () => {
    for (const r of [await fetch(`${s.url}/healthz`), await fetch(`${s.url}/nothing/here`), await post("/v1/review", { text: 1 })]) {
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    const mine = await post("/v1/review", { text: "加微信" }, { "x-request-id": "trace-abc.123" });
    expect(mine.headers.get("x-request-id")).toBe("trace-abc.123");
    const odd = await fetch(`${s.url}/healthz`, { headers: { "x-request-id": "no spaces <allowed>" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === "trace-abc.123");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: "request", method: "POST", route: "/v1/review", status: 200, level: "info" });
    expect(typeof logged[0].ms).toBe("number");
  });
});

describe("/metrics", () => {
  it("has the default process metrics beside the API's", async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "nodejs_gc_duration_seconds", "hegui_reviews_in_flight", "hegui_requests_shed_total", "hegui_review_threads"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain(`hegui_lexicon_info{version="${fixtureEngine().lexiconVersion}"} 1`);
  });
});

describe("route plugins", () => {
  it("get the API's auth-free JSON handling, error shape and description", async () => {
    const ok = await post("/v1/echo/abc", { n: 3 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name: "abc", n: 3, version: fixtureEngine().lexiconVersion });
    const bad = await post("/v1/echo/abc", { n: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "bad_request", path: "n" });
  });

  it("need the token like /v1/*", async () => {
    const t = await startApi({ token: "t0k", plugins: [(_a, ctx) => ctx.route({ method: "GET", path: "/v1/ping", summary: "ping", handler: () => ({ pong: true }) })] });
    try {
      expect((await fetch(`${t.url}/v1/ping`)).status).toBe(401);
      expect(await (await fetch(`${t.url}/v1/ping`, { headers: { authorization: "Bearer t0k" } })).json()).toEqual({ pong: true });
    } finally {
      await t.close();
    }
  });
});

describe("/admin/queues", () => {
  const prefix = testPrefix("admin");
  const redis = redisFor(inject("redisUrl"));
  let queues: Queue[] = [];
  let a: Running;
  beforeAll(async () => {
    queues = ["captions", "rescan"].map((n) => new Queue(n, { connection: redis, prefix }));
    await queues[0].add("item", { item: { id: "q1", channel: "caption", text: "x" } });
    a = await startApi({ adminToken: "adm1n", adminQueues: queues });
  });
  afterAll(async () => {
    await a?.close();
    await Promise.all(queues.map((q) => q.close()));
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  it("is the bull-board dashboard behind the admin token", async () => {
    const none = await fetch(`${a.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: "unauthorized" });
    expect((await fetch(`${a.url}/admin/queues`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const page = await fetch(`${a.url}/admin/queues`, { headers: { authorization: "Bearer adm1n" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${a.url}/admin/queues/api/queues?activeQueue=captions&status=latest&page=1`, { headers: { authorization: "Bearer adm1n" } });
    expect(api.status).toBe(200);
    const names = (await api.json()).queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(["captions", "rescan"]));
    // A browser: ?token= once sets a cookie, then the cookie is enough.
    const login = await fetch(`${a.url}/admin/queues?token=adm1n`, { redirect: "manual" });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect((await fetch(`${a.url}/admin/queues`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${a.url}/admin/queues?token=nope`, { redirect: "manual" })).status).toBe(401);
  });

  it("is in the description, its own API and files too, behind the admin token; the description still validates", async () => {
    const doc = await (await fetch(`${a.url}/openapi.json`)).json();
    const validator = new Validator();
    expect((await validator.validate(doc)).errors ?? []).toEqual([]);
    expectEveryRoute(a, doc);
    const board = Object.keys(doc.paths).filter((p) => p.startsWith("/admin/queues"));
    expect(board.length).toBeGreaterThan(20);
    for (const p of board) for (const op of Object.values(doc.paths[p]) as Array<{ security: unknown; tags: string[] }>) expect(op.security, p).toEqual([{ admin: [] }, { adminCookie: [] }]);
    expect(doc.paths["/admin/queues/api/queues/{queueName}/{jobId}/retry"].put.tags).toEqual(["dashboard"]);
    // And behind the token indeed.
    expect((await fetch(`${a.url}/admin/queues/api/queues`)).status).toBe(401);
  });

  it("is absent without an admin token", async () => {
    const b = await startApi({ adminToken: null, adminQueues: queues });
    try {
      expect((await fetch(`${b.url}/admin/queues`)).status).toBe(404);
    } finally {
      await b.close();
    }
  });
});
