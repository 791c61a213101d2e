/**
 * Issue 16 item 7: OpenTelemetry tracing of the queue pipeline through bullmq-otel, behind
 * HEGUI_OTEL=1 / --otel (src/queue/telemetry.ts).
 *
 * This file registers an in-memory span exporter as the global tracer provider (what a program
 * embedding hegui does with its own exporter), with the W3C propagator and an AsyncLocalStorage
 * context manager, then runs one caption through `submit()` and `startWorkers()` as
 * `hegui submit` and `hegui workers` do: with tracing on, the adds and the processing are spans
 * of tracer "hegui" in one trace; with tracing off (the default), no span at all.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { BullMQOtel } from "bullmq-otel";
import { dropPrefix } from "../../src/queue/admin.js";
import { loadQueueConfig, workerSettings } from "../../src/queue/config.js";
import { submit } from "../../src/queue/submit.js";
import { otelFromEnv, queueTelemetry, startTracing, TRACER_NAME } from "../../src/queue/telemetry.js";
import { startWorkers } from "../../src/queue/workers.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";
import { redisFor, runHegui } from "./helpers.js";

const redisUrl = inject("redisUrl");
const redis = redisFor(redisUrl);
const prefixes: string[] = [];
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const savedOtel = process.env.HEGUI_OTEL;
const ENV_WITHOUT_OTEL: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "HEGUI_OTEL"));

beforeAll(() => {
  delete process.env.HEGUI_OTEL;
  expect(trace.setGlobalTracerProvider(provider)).toBe(true);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});

afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await provider.shutdown();
  if (savedOtel !== undefined) process.env.HEGUI_OTEL = savedOtel;
  for (const p of prefixes) await dropPrefix(redis, p);
  redis.disconnect();
});

beforeEach(() => exporter.reset());

/** One caption (a counterfeit hint, so it is also scored on the scoring queue) through submit --wait and the workers. */
async function reviewOne(otel: boolean | undefined): Promise<{ verdicts: Array<Record<string, unknown>>; itemId: string }> {
  const prefix = testPrefix("otel");
  prefixes.push(prefix);
  const itemId = `otel-${prefix.slice(-8)}`;
  const dir = mkdtempSync(join(tmpdir(), "hegui-otel-"));
  const file = join(dir, "items.jsonl");
  writeFileSync(file, JSON.stringify({ id: itemId, channel: "caption", text: "今晚这批包是高仿货，跟专柜一样" }) + "\n");
  const running = await startWorkers({ queues: ["captions", "scoring"], engine: fixtureEngine(), prefix, redisUrl, reviewTask: null, log: () => {}, otel });
  const out: string[] = [];
  try {
    await submit({ files: [file], wait: true, timeoutSec: 60, prefix, redisUrl, otel, out: (l) => out.push(l), err: () => {} });
  } finally {
    await running.close();
  }
  return { verdicts: out.map((l) => JSON.parse(l) as Record<string, unknown>), itemId };
}

const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

describe("queue tracing (bullmq-otel)", () => {
  it("on: the add, the processing and the scoring job are spans of tracer hegui, in the producer's trace", async () => {
    const { verdicts, itemId } = await reviewOne(true);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ id: itemId, decision: expect.any(String) });
    const spans = exporter.getFinishedSpans();

    // Producer: `hegui submit` adds the item with addBulk.
    const [add] = named(spans, "addBulk captions");
    expect(add, spans.map((s) => s.name).join(", ")).toBeDefined();
    expect(add.kind).toBe(SpanKind.PRODUCER);
    expect(add.instrumentationScope.name).toBe(TRACER_NAME);
    expect(add.attributes).toMatchObject({ "bullmq.queue.name": "captions", "bullmq.queue.operation": "addBulk", "bullmq.job.bulk.count": 1 });

    // Consumer: the captions worker processes it, continuing the producer's trace (context carried in the job).
    const [proc] = named(spans, "process captions");
    expect(proc).toBeDefined();
    expect(proc.kind).toBe(SpanKind.CONSUMER);
    expect(proc.instrumentationScope.name).toBe(TRACER_NAME);
    expect(proc.attributes).toMatchObject({ "bullmq.queue.name": "captions", "bullmq.queue.operation": "process" });
    expect(typeof proc.attributes["bullmq.job.id"]).toBe("string");
    expect(proc.spanContext().traceId).toBe(add.spanContext().traceId);

    // The candidate is scored by a job the worker adds to the scoring queue, in the same trace.
    const [score] = named(spans, "add scoring.score");
    const [scored] = named(spans, "process scoring");
    expect(score?.kind).toBe(SpanKind.PRODUCER);
    expect(scored?.kind).toBe(SpanKind.CONSUMER);
    expect(score.spanContext().traceId).toBe(add.spanContext().traceId);
    expect(scored.spanContext().traceId).toBe(add.spanContext().traceId);
  });

  it("off (the default, HEGUI_OTEL unset) and off when asked: no span at all", async () => {
    expect(otelFromEnv()).toBe(false);
    for (const otel of [undefined, false]) {
      exporter.reset();
      const { verdicts } = await reviewOne(otel);
      expect(verdicts).toHaveLength(1);
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([]);
    }
  });
});

describe("the tracing switch", () => {
  it("HEGUI_OTEL: 1/true on, 0/false/empty/unset off, anything else refused", () => {
    for (const v of ["1", "true", "TRUE"]) expect(otelFromEnv({ HEGUI_OTEL: v })).toBe(true);
    for (const v of [undefined, "", "0", "false"]) expect(otelFromEnv({ HEGUI_OTEL: v })).toBe(false);
    expect(() => otelFromEnv({ HEGUI_OTEL: "yes" })).toThrow("HEGUI_OTEL must be 1 or 0, not yes");
  });

  it("queueTelemetry and workerSettings carry bullmq-otel only when on", () => {
    expect(queueTelemetry(false)).toEqual({});
    expect(queueTelemetry(true).telemetry).toBeInstanceOf(BullMQOtel);
    const config = loadQueueConfig();
    expect(workerSettings(config, "captions", undefined, false)).not.toHaveProperty("telemetry");
    expect(workerSettings(config, "captions", undefined, true).telemetry).toBeInstanceOf(BullMQOtel);
  });

  it("startTracing keeps the provider the process registered, and registers none without an OTLP endpoint", async () => {
    const lines: string[] = [];
    const none = await startTracing({ service: "t", log: (l) => lines.push(l), env: {} });
    expect(none.exporter).toBe("global");
    expect(lines.pop()).toMatch(/no OTEL_EXPORTER_OTLP_ENDPOINT/);
    const kept = await startTracing({ service: "t", log: (l) => lines.push(l), env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1" } });
    expect(kept.exporter).toBe("global");
    expect(lines.pop()).toMatch(/already registered/);
    // This file's provider still gets the spans.
    trace.getTracer("t").startSpan("still-here").end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toContain("still-here");
  });

  it("the CLI: --otel in the help of workers and serve; a bad HEGUI_OTEL is a usage error", async () => {
    for (const cmd of ["workers", "serve"]) {
      const r = await runHegui([cmd, "--help"], ENV_WITHOUT_OTEL);
      expect(r.stdout, cmd).toMatch(/--otel\s/);
    }
    const bad = await runHegui(["submit", "/dev/null"], { ...ENV_WITHOUT_OTEL, HEGUI_OTEL: "yes", REDIS_URL: "redis://127.0.0.1:1" });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("hegui submit: HEGUI_OTEL must be 1 or 0, not yes");
  });

  it("hegui submit with HEGUI_OTEL=1 and OTEL_EXPORTER_OTLP_ENDPOINT sends its addBulk span over OTLP/HTTP", async () => {
    const bodies: string[] = [];
    const collector = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        bodies.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
    try {
      const prefix = testPrefix("otelcli");
      prefixes.push(prefix);
      const dir = mkdtempSync(join(tmpdir(), "hegui-otel-"));
      const file = join(dir, "items.jsonl");
      writeFileSync(file, JSON.stringify({ id: "otel-cli-1", channel: "caption", text: "这双鞋今天只要九块九" }) + "\n");
      const r = await runHegui(["submit", file], {
        ...ENV_WITHOUT_OTEL,
        REDIS_URL: redisUrl,
        HEGUI_PREFIX: prefix,
        HEGUI_OTEL: "1",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_SERVICE_NAME: "hegui-submit-test",
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/tracing on; spans to http:\/\/127\.0\.0\.1:\d+ \(OTLP\/HTTP\)/);
      const traces = bodies.filter((b) => b.startsWith("POST /v1/traces "));
      expect(traces.length, bodies.join("\n")).toBeGreaterThan(0);
      const all = traces.join("\n");
      expect(all).toContain("addBulk captions");
      expect(all).toContain("hegui-submit-test");
      expect(all).toContain(`"name":"${TRACER_NAME}"`);
    } finally {
      collector.close();
    }
  });
});
