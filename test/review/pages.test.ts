/**
 * The reviewer desk and the live monitor in real headless Chromium: sign in
 * with a reviewer token, decide three tasks with the keyboard alone, then see a
 * caption violation sent through the queues (captions → scoring → verdict
 * stream) appear on /live. Screenshots in test/artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createServer, type ApiServer } from "../../src/api/server.js";
import { startWorkers, type RunningWorkers } from "../../src/queue/workers.js";
import { ReviewHttp } from "../../src/review/http.js";
import { openStore } from "../../src/review/index.js";
import type { ReviewStore } from "../../src/review/store.js";
import { fixtureEngine } from "../support/engine.js";
import { testPrefix } from "../support/prefix.js";

const CHROMIUM = process.env.HEGUI_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const redisUrl = inject("redisUrl");
const prefix = testPrefix("reviewpages");
let store: ReviewStore;
let api: ApiServer;
let url: string;
let token: string;
let workers: RunningWorkers;
let context: BrowserContext;
let page: Page;
let profile: string;
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`apt-get update && apt-get install -y chromium\``);
  store = await openStore({ url: "", dataDir: "memory" });
  token = await store.addUser("王审核", "reviewer");
  api = createServer({ engine: fixtureEngine(), token: null, log: () => {}, reviewDesk: new ReviewHttp(store, undefined, { redisUrl, prefix }) });
  ({ url } = await api.listen(0, "127.0.0.1"));
  workers = await startWorkers({ queues: ["captions", "scoring"], engine: fixtureEngine(), redisUrl, prefix, reviewTask: null, log: () => {} });
  profile = mkdtempSync(join(tmpdir(), "hegui-chromium-review-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1360, height: 860 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await workers?.close();
  await api?.close(500);
  await store?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function post(text: string, channel: string, extra: Record<string, unknown> = {}) {
  const r = await fetch(`${url}/v1/review`, { method: "POST", body: JSON.stringify({ text, channel, ...extra }) });
  return (await r.json()) as { decision: string };
}

describe("reviewer desk and live monitor", () => {
  it("closes the review routes without a token", async () => {
    expect((await fetch(`${url}/v1/review-tasks`)).status).toBe(401);
    expect((await fetch(`${url}/v1/review-tasks/1/decide`, { method: "POST", body: "{}" })).status).toBe(401);
    const bad = await fetch(`${url}/v1/review-tasks`, { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    const me = await fetch(`${url}/v1/review-me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ name: "王审核", role: "reviewer" });
    // A reviewer is no lead.
    const audit = await fetch(`${url}/v1/review-audit`, { headers: { authorization: `Bearer ${token}` } });
    expect(audit.status).toBe(403);
  });

  it("signs in and decides three tasks with the keyboard", async () => {
    for (const [text, channel, extra] of [
      ["这款包成活，放心买", "script", {}],
      ["今天全网最低价", "script", {}],
      ["想要的加微信", "caption", { room: "room-3" }],
    ] as const) {
      expect((await post(text, channel, extra)).decision).toBe("review");
    }
    expect((await store.list({ status: "open" })).length).toBe(3);
    await page.goto(`${url}/review`);
    await page.locator("#token").fill(token);
    await page.locator("#token").press("Enter");
    await expect.poll(() => page.textContent("#who")).toContain("王审核");
    await expect.poll(() => page.locator("#task").isVisible()).toBe(true);
    // The live room comes first (same severity): its caption is highlighted in place.
    await expect.poll(() => page.locator("#task-text mark").first().textContent()).toBe("加微信");
    await page.screenshot({ path: join(ARTIFACTS, "review-desk.png"), fullPage: true });
    const keys = ["y", "n", "y"];
    for (const [i, key] of keys.entries()) {
      await page.keyboard.press(key);
      await expect.poll(() => page.evaluate(() => document.body.dataset.decided ?? "0")).toBe(String(i + 1));
    }
    await expect.poll(() => page.locator("#empty").isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "review-desk-done.png"), fullPage: true });
    const done = await store.list({ status: "done" });
    expect(done.length).toBe(3);
    expect(done.every((t) => t.decidedBy === "王审核")).toBe(true);
    const st = await store.stats();
    expect(st.categories.reduce((s, c) => s + c.confirmed, 0)).toBe(2);
    expect(st.categories.reduce((s, c) => s + c.rejected, 0)).toBe(1);
    expect(await store.verifyAudit()).toEqual([]);
    // The keys went Y (the live room's 加微信), N (包成活, the older script), Y (全网最低价): /metrics tells per rule.
    const m = await (await fetch(`${url}/metrics`)).text();
    expect(m).toMatch(/hegui_review_rule_precision\{rule="fx\.add-wechat",category="private_trade",lexicon_version="[^"]+"\} 1\n/);
    expect(m).toMatch(/hegui_review_rule_precision\{rule="fx\.bao-chenghuo",category="absolute_claim",lexicon_version="[^"]+"\} 0\n/);
    expect(m).toMatch(/hegui_review_tasks\{status="done"\} 3\n/);
  });

  it("shows a lead everyone's decisions", async () => {
    const lead = await store.addUser("李组长", "lead");
    await page.locator("#signout").click();
    await page.locator("#token").fill(lead);
    await page.locator("#token").press("Enter");
    await expect.poll(() => page.textContent("#who")).toContain("李组长");
    await expect.poll(() => page.locator("#lead").isVisible()).toBe(true);
    await expect.poll(() => page.locator("#audit li").count()).toBeGreaterThan(0);
    const rows = await page.locator("#audit li").allTextContents();
    expect(rows.filter((r) => r.includes("王审核") && r.includes("结案")).length).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, "review-lead.png"), fullPage: true });
  });

  it("shows a caption violation sent through the queues on /live", async () => {
    await page.goto(`${url}/live`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live ?? "")).toBe("open");
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const captions = new Queue("captions", { connection: redis, prefix });
    try {
      const t0 = Date.now();
      await captions.add("item", { item: { id: "live-1", channel: "caption", room: "room-7", seq: 1, text: "想要优惠的加微信" } });
      const mark = page.locator('.live-entry[data-id="live-1"] mark');
      await expect.poll(() => mark.count(), { timeout: 20_000, interval: 50 }).toBe(1);
      const ms = Date.now() - t0;
      expect(await mark.textContent()).toBe("加微信");
      // The caption line itself, its hit highlighted in place.
      expect(await page.locator('.live-entry[data-id="live-1"] .live-text').textContent()).toBe("想要优惠的加微信");
      expect(await page.locator('.room[data-room="room-7"]').count()).toBe(1);
      writeFileSync(join(ARTIFACTS, "live-latency.json"), JSON.stringify({ captionToMonitorMs: ms }) + "\n");
      await page.screenshot({ path: join(ARTIFACTS, "live-monitor.png"), fullPage: true });
      // The acceptance: on the monitor within 2 s of entering the queues.
      expect(ms).toBeLessThan(2000);
    } finally {
      await captions.close();
      redis.disconnect();
    }
    expect(errors, errors.join("\n")).toEqual([]);
  });
});
