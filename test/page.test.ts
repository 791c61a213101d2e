/**
 * The review page end to end in real headless Chromium (Debian's `chromium`,
 * driven by playwright-core): type a script with three violations, see three
 * highlights and the decision, hover and apply a suggestion. Saves screenshots
 * to test/artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type Running } from "./support/api-server.js";
import { fixtureEngine } from "./support/engine.js";

const CHROMIUM = process.env.HEGUI_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// Three categories the fixture lexicon catches: absolute_claim, private_trade, counterfeit.
const SCRIPT = "家人们，这款包成活，放心买！想要优惠的加微信，还有大牌高仿包包。";

let server: Running;
let context: BrowserContext;
let page: Page;
let profile: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the page test needs Debian's browser; run \`apt-get update && apt-get install -y chromium\``);
  }
  server = await startApi();
  profile = mkdtempSync(join(tmpdir(), "hegui-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1360, height: 860 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (r) => requests.push(r.url()));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const reviews = () => requests.filter((u) => u.endsWith("/v1/review")).length;
const marks = () => page.locator("#highlights mark.hl");

describe("review page", () => {
  it("shows three violations highlighted in place, coloured by category, and the decision", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Console errors include Content-Security-Policy refusals: the page must need nothing but this server.
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.textContent("#lexicon-version")).toBe(fixtureEngine().lexiconVersion);

    await page.locator("#script").pressSequentially(SCRIPT, { delay: 15 });
    await expect.poll(() => marks().count(), { timeout: 10_000 }).toBe(3);

    const found = await marks().evaluateAll((ms) =>
      ms.map((m) => ({ text: m.textContent, category: (m as HTMLElement).dataset.category, color: getComputedStyle(m).borderBottomColor })),
    );
    expect(found.map((m) => [m.text, m.category])).toEqual([
      ["包成活", "absolute_claim"],
      ["加微信", "private_trade"],
      ["高仿", "counterfeit"],
    ]);
    expect(new Set(found.map((m) => m.color)).size).toBe(3);

    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("block");
    expect(await page.textContent("#decision-label")).toBe("拦截");
    expect(await page.locator(".vcard").count()).toBe(3);
    // Debounced: typing 30-odd characters sends a handful of reviews, not one per key.
    expect(reviews()).toBeGreaterThanOrEqual(1);
    expect(reviews()).toBeLessThanOrEqual(4);
    // Highlights sit over the words in the textarea: same box, same line.
    const first = await marks().first().boundingBox();
    const area = await page.locator("#script").boundingBox();
    expect(first && area && first.y > area.y && first.y < area.y + 60).toBe(true);
    expect(errors).toEqual([]);
  });

  it("shows rule, severity, confidence and suggestion on hover; screenshot", async () => {
    await marks().first().hover();
    const tip = page.locator("#tip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.textContent();
    expect(text).toContain("绝对化用语");
    expect(text).toContain("一般");
    expect(text).toContain("置信度 90%");
    expect(text).toContain(fixtureEngine().lexicon.byId.get("fx.bao-chenghuo")!.rule);
    expect(text).toContain("成活率高，附养护指南");
    await page.screenshot({ path: join(ARTIFACTS, "page-review.png"), fullPage: true });
  });

  it("applies a suggestion from a clicked highlight and checks again", async () => {
    await marks().first().click();
    const apply = page.locator("#tip button.apply");
    await expect.poll(() => apply.isVisible()).toBe(true);
    await apply.click();
    await expect.poll(() => page.inputValue("#script")).toBe(SCRIPT.replace("包成活", "成活率高，附养护指南"));
    await expect.poll(() => marks().evaluateAll((ms) => ms.map((m) => (m as HTMLElement).dataset.category))).toEqual(["private_trade", "counterfeit"]);
    expect(await page.locator(".vcard").count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, "page-after-apply.png"), fullPage: true });
  });

  it("passes once every suggestion is applied, and never leaves the server", async () => {
    await page.click("#apply-all");
    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("pass");
    expect(await marks().count()).toBe(0);
    expect(await page.textContent("#decision-label")).toBe("通过");
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
  });
});

describe("listing attributes on the page", () => {
  it("checks spoken claims against attribute rows, and forgets a removed row", async () => {
    await page.fill("#script", "");
    await page.click("#attrs summary");
    const [key, value] = await page.locator(".attr-row input").all();
    await key.fill("材质");
    await value.fill("涤纶");
    await page.locator("#script").fill("这件衣服是纯棉的，穿着舒服");
    await expect.poll(() => marks().evaluateAll((ms) => ms.map((m) => [m.textContent, (m as HTMLElement).dataset.category]))).toEqual([["纯棉", "attribute_mismatch"]]);
    expect(await page.getAttribute("#decision", "data-decision")).toBe("review");
    await page.locator(".attr-row button").click();
    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("pass");
  });
});
