/**
 * Review threads under load: the work in flight is capped (503 with Retry-After
 * past it, before the body is judged), /healthz and /metrics answer while the
 * threads are busy, and the engine can be swapped under a running server.
 * Runs the compiled server (dist/, built by the global setup): threads load dist/src/api/review-thread.js.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_LEXICONS, fixtureEngine } from "./support/engine.js";

type ServerModule = typeof import("../src/api/server.js");
const DIST = fileURLToPath(new URL("../dist/src/api/server.js", import.meta.url));

let api: ReturnType<ServerModule["createServer"]>;
let url: string;
beforeAll(async () => {
  const { createServer } = (await import(DIST)) as ServerModule;
  api = createServer({ lexiconDir: FIXTURE_LEXICONS, reviewThreads: 1, maxInFlight: 1, token: null, log: () => {}, maxBodyBytes: 8 * 1024 * 1024 });
  ({ url } = await api.listen(0));
}, 60_000);
afterAll(() => api?.close(1000));

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", body: JSON.stringify(body) });
const inFlight = async () => Number(/^hegui_reviews_in_flight (\d+)/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1]);

describe("review threads", () => {
  it("judge on a thread; past the in-flight cap a request gets 503 with Retry-After; /healthz and /metrics answer meanwhile", async () => {
    const one = await post("/v1/review", { text: "家人们，这个月季包成活" });
    expect(one.status).toBe(200);
    expect((await one.json()).violations[0].ruleId).toBe("fx.bao-chenghuo");

    // A long batch holds the one admitted unit for a while.
    const long = "这款面霜质地清爽，适合日常使用，包成活。".repeat(300);
    const batch = post("/v1/review/batch", { items: Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, text: long })) });
    let seen = 0;
    for (let i = 0; i < 400 && seen === 0; i++) {
      seen = await inFlight();
      if (seen === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toBe(1);
    const shed = await post("/v1/review", { text: "加微信" });
    expect(shed.status).toBe(503);
    expect(shed.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await shed.json()).toMatchObject({ code: "overloaded", errorZh: expect.any(String) });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await inFlight()).toBe(1);

    const done = await batch;
    expect(done.status).toBe(200);
    const b = await done.json();
    expect(b).toMatchObject({ count: 100, errors: 0 });
    expect(b.results.map((r: { id: string }) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => `b${i}`));
    expect(await inFlight()).toBe(0);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/^hegui_requests_shed_total\{route="\/v1\/review"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    // Admitted again once the batch is done.
    expect((await post("/v1/review", { text: "加微信" })).status).toBe(200);
  }, 120_000);

  it("fix runs on the thread too, with the same answer as in-process", async () => {
    const item = { id: "fx1", channel: "script", text: "家人们，这个月季包成活，想要的加微信" };
    const r = await post("/v1/review", { ...item, fix: true });
    expect(r.status).toBe(200);
    const v = await r.json();
    const { fixItem } = await import("../src/fix/apply.js");
    const { fixedAnswer } = await import("../src/api/review-request.js");
    const local = fixItem(fixtureEngine(), item as never);
    const want = fixedAnswer(local);
    // (The fixture engine of the tests and the thread's engine differ in explanation notes only.)
    expect(v.fixed.changes).toEqual(want.changes);
    expect(v.fixed.text).toBe(want.text);
    expect(v.fixed.verdict.decision).toBe(want.verdict.decision);
    expect(v.violations.map((x: { ruleId: string }) => x.ruleId)).toEqual(local.before.violations.map((x) => x.ruleId));
    expect(v.violations.length).toBeGreaterThan(0);
  });

  it("swap the engine: new threads, same answers, the version reported", async () => {
    const { createEngine } = (await import(fileURLToPath(new URL("../dist/src/engine.js", import.meta.url)))) as typeof import("../src/engine.js");
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS });
    await api.setEngine(engine, { lexiconDir: FIXTURE_LEXICONS });
    expect(api.engine).toBe(engine);
    const v = await (await post("/v1/review", { text: "加微信" })).json();
    expect(v.violations[0].category).toBe("private_trade");
    expect((await (await fetch(`${url}/healthz`)).json()).lexiconVersion).toBe(engine.lexiconVersion);
    await expect(api.setEngine(engine, { lexiconDir: "/nonexistent/lexicons" })).rejects.toThrow();
    expect((await post("/v1/review", { text: "加微信" })).status).toBe(200);
  }, 60_000);
});

describe("hegui serve defaults", () => {
  it("one review thread per core, 20,000 characters per field (413), JSON log lines with request ids", async () => {
    const { spawn } = await import("node:child_process");
    const { availableParallelism } = await import("node:os");
    const root = fileURLToPath(new URL("..", import.meta.url));
    const child = spawn(process.execPath, [`${root}bin/hegui.js`, "serve", "--port", "0", "--lexicons", FIXTURE_LEXICONS], {
      cwd: root,
      env: { ...process.env, HEGUI_API_TOKEN: "", REDIS_URL: "", HEGUI_LOG_FORMAT: "", HEGUI_MAX_FIELD_CHARS: "", HEGUI_REVIEW_THREADS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (err += c));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (m) {
            clearInterval(t);
            resolve(m[1]);
          }
        }, 50);
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const n = availableParallelism();
      expect(out).toContain(`${n} review thread${n === 1 ? "" : "s"}, ${Math.max(4, 2 * n)} in flight`);
      const over = await fetch(`${base}/v1/review`, { method: "POST", body: JSON.stringify({ text: "好".repeat(20_001) }), headers: { "x-request-id": "cap-check-1" } });
      expect(over.status).toBe(413);
      expect(await over.json()).toMatchObject({ code: "text_too_long", path: "text" });
      const at = await fetch(`${base}/v1/review`, { method: "POST", body: JSON.stringify({ text: "好".repeat(20_000) }) });
      expect(at.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      const line = err
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l))
        .find((l) => l.reqId === "cap-check-1");
      expect(line).toMatchObject({ msg: "request", status: 413, route: "/v1/review", service: "hegui-serve", name: "hegui-serve", level: "info" });
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  }, 120_000);
});
