/**
 * The per-item deadline: the engine ends a long item with DeadlineExceeded
 * instead of running on; `hegui scan` writes an error record for it and judges
 * the other lines; the API answers 422 deadline_exceeded; `hegui serve` judges
 * on a review thread, so /healthz answers while a long item runs.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, DeadlineExceeded } from "../src/deadline.js";
import { createEngine } from "../src/engine.js";
import { startApi } from "./support/api-server.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "hegui.js");
/** An item that takes the engine far longer than a few milliseconds: a term hit every three characters. */
const heavyText = (n: number) => "加微信".repeat(Math.ceil(n / 3)).slice(0, n);
/**
 * An item far heavier than any deadline below on every machine here (they differ by 3x): a
 * listing of three fields of a million characters of dense hits, several seconds of work on
 * the fastest. The deadline stops it after its own length, so the test pays only that. (One
 * 300,000-character text came in under 1 s once the per-hit path got faster.)
 */
const heavyListing = () => {
  const t = heavyText(1_000_000);
  return { title: t, description: t, sellingPoints: [t] };
};

describe("the engine's deadline", () => {
  it("ends a long item with DeadlineExceeded and judges short ones", () => {
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, deadlineMs: 5 });
    expect(() => engine.review({ id: "long", channel: "script", text: heavyText(60_000) })).toThrow(DeadlineExceeded);
    expect(() => engine.review({ id: "long", channel: "script", text: heavyText(60_000) })).toThrow("deadline exceeded");
    const relaxed = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, deadlineMs: 60_000 });
    expect(relaxed.review({ id: "short", channel: "script", text: "加微信" }).violations.length).toBeGreaterThan(0);
  });

  it("checks the deadline inside the stages, not only at the end", () => {
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, deadlineMs: 60_000 });
    // A deadline already past stops the item at the first check.
    const past = new Deadline(0);
    const until = performance.now() + 2;
    while (performance.now() < until) {
      // wait out the zero-length deadline
    }
    const t0 = performance.now();
    expect(() => engine.review({ id: "x", channel: "script", text: heavyText(60_000) }, { deadline: past })).toThrow(DeadlineExceeded);
    const stopped = performance.now() - t0;
    const t1 = performance.now();
    engine.review({ id: "y", channel: "script", text: heavyText(60_000) }, { deadline: Deadline.none() });
    const full = performance.now() - t1;
    // Relative, not absolute: stopping at the first check costs a small part of judging the whole item.
    expect(stopped).toBeLessThan(full / 2);
  });

  it("HEGUI_ITEM_DEADLINE_MS must be a positive integer", () => {
    const r = spawnSync(process.execPath, [bin, "scan"], { cwd: root, input: '{"id":"a","channel":"script","text":"你好"}\n', encoding: "utf8", env: { ...process.env, HEGUI_ITEM_DEADLINE_MS: "soon" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/HEGUI_ITEM_DEADLINE_MS must be a positive integer/);
  });
});

describe("hegui scan", () => {
  it("writes an error record for the item over the deadline and judges the others", () => {
    const input = [
      JSON.stringify({ id: "before", channel: "script", text: "全网最低价" }),
      JSON.stringify({ id: "heavy", channel: "listing", listing: heavyListing() }),
      JSON.stringify({ id: "after", channel: "script", text: "今天天气不错" }),
    ].join("\n");
    const r = spawnSync(process.execPath, [bin, "scan", "-"], { cwd: root, input, encoding: "utf8", env: { ...process.env, HEGUI_LEXICONS: FIXTURE_LEXICONS, HEGUI_ITEM_DEADLINE_MS: "1000" } });
    const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: "before" });
    expect(lines[0].decision).toBeDefined();
    expect(lines[1]).toEqual({ line: 2, id: "heavy", error: "deadline exceeded" });
    expect(lines[2]).toMatchObject({ id: "after", decision: "pass" });
    expect(r.status).toBe(2);
  });
});

describe("the API", () => {
  it("answers 422 deadline_exceeded for an item over the deadline; a batch gives that item an error", async () => {
    // Long enough for an ordinary item (the first one of a process included), far too short for the heavy one.
    const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, deadlineMs: 1000 });
    // The heavy item is about 9 MB of JSON: past the default body limit, so the limit is raised here.
    const api = await startApi({ engine, maxBodyBytes: 32 * 1024 * 1024 });
    try {
      const r = await fetch(`${api.url}/v1/review`, { method: "POST", body: JSON.stringify({ id: "heavy", channel: "listing", listing: heavyListing() }) });
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ id: "heavy", error: "deadline exceeded", code: "deadline_exceeded" });
      const b = await fetch(`${api.url}/v1/review/batch`, {
        method: "POST",
        body: JSON.stringify({ items: [{ id: "ok", channel: "script", text: "加微信" }, { id: "heavy", channel: "listing", listing: heavyListing() }] }),
      });
      expect(b.status).toBe(200);
      const body = (await b.json()) as { errors: number; results: Array<Record<string, unknown>> };
      expect(body.errors).toBe(1);
      expect(body.results[0]).toMatchObject({ id: "ok" });
      expect(body.results[0].decision).toBeDefined();
      expect(body.results[1]).toMatchObject({ index: 1, id: "heavy", error: "deadline exceeded", code: "deadline_exceeded" });
    } finally {
      await api.close();
    }
  });
});

describe("hegui serve", () => {
  let proc: ChildProcess | undefined;
  afterAll(() => {
    if (proc && proc.exitCode === null) proc.kill("SIGTERM");
  });

  it("answers /healthz while a long item is judged, then ends the item with 422", async () => {
    proc = spawn(process.execPath, [bin, "serve", "--port", "0", "--lexicons", FIXTURE_LEXICONS], {
      cwd: root,
      // The heavy item below takes several seconds: a deadline of 1.5 s ends it on a fast machine too.
      // The item has million-character fields (about 9 MB): over serve's default caps of 20,000 characters
      // per field and 1 MB per body (413), so both are lifted here.
      env: { ...process.env, HEGUI_ITEM_DEADLINE_MS: "1500", HEGUI_API_TOKEN: "", HEGUI_MAX_FIELD_CHARS: "0", HEGUI_MAX_BODY_BYTES: String(32 * 1024 * 1024) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = /hegui serve: (http:\/\/[^/\s]+)\//.exec(out);
        if (m) {
          clearInterval(t);
          resolve(m[1]);
        }
      }, 50);
      proc!.once("exit", (code) => {
        clearInterval(t);
        reject(new Error(`hegui serve exited (${code}): ${out}`));
      });
    });

    let heavyDone = false;
    const heavy = fetch(`${url}/v1/review`, { method: "POST", body: JSON.stringify({ id: "heavy", channel: "listing", listing: heavyListing() }) }).then(async (r) => {
      heavyDone = true;
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    });
    // Let the heavy request reach the review thread, then ask for health while it runs.
    await new Promise((r) => setTimeout(r, 300));
    const answered: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const h = await fetch(`${url}/healthz`);
      expect(h.status).toBe(200);
      answered.push(!heavyDone);
    }
    // Every health check was answered while the long item was still being judged.
    expect(answered).toEqual([true, true, true]);
    const r = await heavy;
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ id: "heavy", error: "deadline exceeded", code: "deadline_exceeded" });
    // And the server goes on judging.
    const ok = await fetch(`${url}/v1/review`, { method: "POST", body: JSON.stringify({ text: "全网最低价" }) });
    expect(ok.status).toBe(200);
  }, 120_000);
});
