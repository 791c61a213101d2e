/** The review API over HTTP: 200, 400 (with field paths), 401, 413, batch, lexicons, healthz, metrics. */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH, MAX_BODY_BYTES, setQueueDepthProvider } from "../src/api/index.js";
import { CATEGORIES } from "../src/types.js";
import { startApi, type Running } from "./support/api-server.js";
import { fixtureEngine } from "./support/engine.js";

let s: Running;
beforeAll(async () => {
  s = await startApi();
});
afterAll(() => s.close());

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /v1/review", () => {
  it("reviews {text} as a script with a default id, offsets into the text", async () => {
    const text = "家人们，这个月季包成活";
    const res = await post(`${s.url}/v1/review`, { text });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("server-timing")).toMatch(/^review;dur=\d/);
    const v = await res.json();
    expect(v).toMatchObject({ channel: "script", decision: "review", lexiconVersion: fixtureEngine().lexiconVersion });
    expect(v.id).toMatch(/^review-\d+$/);
    expect(v.violations).toHaveLength(1);
    const [x] = v.violations;
    expect(x).toMatchObject({ category: "absolute_claim", ruleId: "fx.bao-chenghuo", severity: "general", suggestion: "成活率高，附养护指南" });
    expect(text.slice(x.start, x.end)).toBe("包成活");
    expect(x.rule).toMatch(/^《/);
  });

  it("reviews a SPEC item as given (id, channel, fragments)", async () => {
    const item = { id: "c7", channel: "caption", fragments: [{ seq: 1, text: "家人们这个包" }, { seq: 2, text: "成活的" }] };
    const v = await (await post(`${s.url}/v1/review`, item)).json();
    expect(v).toMatchObject({ id: "c7", channel: "caption" });
    expect(v.violations.map((x: { ruleId: string }) => x.ruleId)).toContain("fx.bao-chenghuo");
  });

  it("passes clean text", async () => {
    const v = await (await post(`${s.url}/v1/review`, { text: "欢迎来到直播间，今天上新款毛衣" })).json();
    expect(v).toMatchObject({ decision: "pass", violations: [] });
  });

  it.each([
    [{ text: 5 }, "text"],
    [{ text: "   " }, "text"],
    [{ channel: "tv", text: "包成活" }, "channel"],
    [{ channel: "listing", listing: { title: 3 } }, "listing.title"],
    [{ text: "x", fragments: [{ seq: "one", text: "包成活" }] }, "fragments.0.seq"],
    [{ text: "x", listing: { attributes: "涤纶" } }, "listing.attributes"],
    [[{ text: "包成活" }], ""],
  ])("400 for %j names the field %j", async (body, path) => {
    const res = await post(`${s.url}/v1/review`, body);
    expect(res.status).toBe(400);
    const b = await res.json();
    expect(b.path).toBe(path);
    expect(b.issues[0].path).toBe(path);
    expect(b.error).toContain(path ? `${path}:` : "");
  });

  it("400 for a body that is not JSON, or empty", async () => {
    const bad = await post(`${s.url}/v1/review`, '{"text": "包成活"');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/not valid JSON/);
    const empty = await post(`${s.url}/v1/review`, "");
    expect(empty.status).toBe(400);
  });

  it("413 for a body over 1 MB (declared length), 200 just under it", async () => {
    const head = JSON.stringify({ text: "包成活" });
    const over = head + " ".repeat(MAX_BODY_BYTES + 1 - Buffer.byteLength(head));
    const res = await post(`${s.url}/v1/review`, over);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than 1048576 bytes/);
    const under = head + " ".repeat(MAX_BODY_BYTES - Buffer.byteLength(head));
    const ok = await post(`${s.url}/v1/review`, under);
    expect(ok.status).toBe(200);
  });

  it("413 for a chunked body that grows over 1 MB without a declared length", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${s.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, " ");
      req.write('{"text":"包成活"');
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end("}");
    });
    expect(status).toBe(413);
  });

  it("405 for GET, 404 for an unknown path", async () => {
    const r = await fetch(`${s.url}/v1/review`);
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("POST");
    expect((await fetch(`${s.url}/v2/nothing`)).status).toBe(404);
  });
});

describe("POST /v1/review/batch", () => {
  it("reviews every item; a bad item gets its error and path, the others their verdicts", async () => {
    const items = [{ id: "a", text: "包成活" }, { id: "b", channel: "radio", text: "包成活" }, { text: "今天天气不错" }];
    const res = await post(`${s.url}/v1/review/batch`, { items });
    expect(res.status).toBe(200);
    const b = await res.json();
    expect(b).toMatchObject({ count: 3, errors: 1 });
    expect(b.results[0]).toMatchObject({ id: "a", decision: "review" });
    expect(b.results[1]).toMatchObject({ index: 1, id: "b" });
    expect(b.results[1].issues[0].path).toBe("items.1.channel");
    expect(b.results[2]).toMatchObject({ decision: "pass", channel: "script" });
    expect(b.results[2].id).not.toBe(b.results[0].id);
  });

  it("takes a bare array too, with paths by index", async () => {
    const b = await (await post(`${s.url}/v1/review/batch`, [{ text: "加微信" }, { text: 1 }])).json();
    expect(b.results[0].violations[0].category).toBe("private_trade");
    expect(b.results[1].issues[0].path).toBe("1.text");
  });

  it(`400 past ${MAX_BATCH} items, for no items, and for a body without items`, async () => {
    const many = Array.from({ length: MAX_BATCH + 1 }, () => ({ text: "包成活" }));
    const over = await post(`${s.url}/v1/review/batch`, { items: many });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ path: "items" });
    const atMax = await post(`${s.url}/v1/review/batch`, { items: many.slice(0, MAX_BATCH) });
    expect((await atMax.json()).count).toBe(MAX_BATCH);
    expect((await post(`${s.url}/v1/review/batch`, { items: [] })).status).toBe(400);
    expect((await post(`${s.url}/v1/review/batch`, { text: "包成活" })).status).toBe(400);
  });
});

describe("GET /v1/lexicons and /healthz", () => {
  it("lists every category with entry counts and rule citations", async () => {
    const b = await (await fetch(`${s.url}/v1/lexicons`)).json();
    const lex = fixtureEngine().lexicon;
    expect(b.version).toBe(lex.version);
    expect(b.categories.map((c: { id: string }) => c.id)).toEqual([...CATEGORIES]);
    const abs = b.categories.find((c: { id: string }) => c.id === "absolute_claim");
    expect(abs.entries).toBe(lex.entries.filter((e) => e.category === "absolute_claim").length);
    expect(abs.entries).toBeGreaterThan(0);
    expect(abs.rules.length).toBeGreaterThan(0);
    expect(abs.rules.every((r: string) => r.startsWith("《"))).toBe(true);
    const total = b.categories.reduce((n: number, c: { entries: number }) => n + c.entries, 0);
    expect(total).toBe(lex.entries.length);
    const retail = b.categories.find((c: { id: string }) => c.id === "retail_rule");
    expect(retail.codeRules).toContain("retail_rule.delivery-range");
  });

  it("healthz answers with the lexicon version", async () => {
    const r = await fetch(`${s.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ok", lexiconVersion: fixtureEngine().lexiconVersion });
  });
});

describe("GET /metrics", () => {
  it("exposes request latency and violations by category in Prometheus text", async () => {
    await post(`${s.url}/v1/review`, { text: "高仿包包，加微信" });
    const r = await fetch(`${s.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await r.text();
    expect(text).toContain("# TYPE hegui_http_request_duration_seconds histogram");
    const inf = /hegui_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/review",status="200",le="\+Inf"\} (\d+)/.exec(text);
    expect(Number(inf?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/hegui_http_request_duration_seconds_count\{method="POST",route="\/v1\/review",status="400"\} \d+/);
    expect(Number(/hegui_violations_total\{category="counterfeit"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/hegui_violations_total\{category="retail_rule"\} 0/);
    expect(text).not.toContain("hegui_queue_depth");
  });

  it("adds queue depths from the provider the queue module registers", async () => {
    setQueueDepthProvider(async () => [{ queue: "captions", state: "waiting", depth: 7 }]);
    try {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      expect(text).toContain("# TYPE hegui_queue_depth gauge");
      expect(text).toContain('hegui_queue_depth{queue="captions",state="waiting"} 7');
      setQueueDepthProvider(() => {
        throw new Error("redis down");
      });
      const r = await fetch(`${s.url}/metrics`);
      expect(r.status).toBe(200);
      const t2 = await r.text();
      expect(t2).toContain("# queue depths unavailable: redis down");
      expect(t2).not.toMatch(/^hegui_queue_depth\{/m);
    } finally {
      setQueueDepthProvider(undefined);
    }
  });
});

describe("bearer token", () => {
  let t: Running;
  beforeAll(async () => {
    t = await startApi({ token: "s3cret-token" });
  });
  afterAll(() => t.close());

  it("401 without the token or with a wrong one, 200 with it", async () => {
    const none = await post(`${t.url}/v1/review`, { text: "包成活" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await post(`${t.url}/v1/review`, { text: "包成活" }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await post(`${t.url}/v1/review`, { text: "包成活" }, { authorization: "s3cret-token" })).status).toBe(401);
    expect((await post(`${t.url}/v1/review`, { text: "包成活" }, { authorization: "Bearer s3cret-token" })).status).toBe(200);
  });

  it("guards batch, lexicons and metrics; leaves healthz and the page open", async () => {
    expect((await post(`${t.url}/v1/review/batch`, { items: [{ text: "x" }] })).status).toBe(401);
    expect((await fetch(`${t.url}/v1/lexicons`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/`)).status).toBe(200);
  });

  it("checks the token before reading a large body", async () => {
    const r = await post(`${t.url}/v1/review`, " ".repeat(MAX_BODY_BYTES + 10));
    expect(r.status).toBe(401);
  });

  it("takes the token from HEGUI_API_TOKEN", async () => {
    const before = process.env.HEGUI_API_TOKEN;
    process.env.HEGUI_API_TOKEN = "from-env";
    const e = await startApi({ token: undefined });
    try {
      expect((await fetch(`${e.url}/v1/lexicons`)).status).toBe(401);
      expect((await fetch(`${e.url}/v1/lexicons`, { headers: { authorization: "Bearer from-env" } })).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.HEGUI_API_TOKEN;
      else process.env.HEGUI_API_TOKEN = before;
      await e.close();
    }
  });
});
