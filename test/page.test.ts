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
import { fixtureEngine, shippedEngine } from "./support/engine.js";

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

  it("offers no rewrite where the verdict carries no fix, and no developer timing in the header", async () => {
    // The fixture lexicon has no fixes: the suggestion is advice to read, never pasted into the text.
    expect(await page.locator("button.apply").count()).toBe(0);
    expect(await page.isDisabled("#apply-all")).toBe(true);
    expect(await page.locator(".vcard .vhint").first().textContent()).toContain("没有可自动套用的修改");
    const header = (await page.textContent("header.topbar")) ?? "";
    expect(header).toContain("已检查");
    expect(header).not.toMatch(/引擎|\d\s*ms/);
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

/**
 * With the shipped lexicons (they carry fixes): 全部应用建议 applies the verdict's fixes
 * only, the page checks the rewritten text again, and it never says 可以发布 while a claim
 * remains; evidence and penalties are shown per violation.
 */
describe("fixes, evidence and penalties with the shipped lexicons", () => {
  let shipped: Running;
  // Every state the decision box showed, with the editor text at that moment.
  const seen = () =>
    page.evaluate(() => (window as unknown as { __decisions: Array<{ label: string; note: string; text: string }> }).__decisions ?? []);

  beforeAll(async () => {
    shipped = await startApi({ engine: shippedEngine() });
    await page.goto(`${shipped.url}/`);
    await page.waitForFunction((v) => document.getElementById("lexicon-version")?.textContent === v, shippedEngine().lexiconVersion);
    await page.evaluate(() => {
      const w = window as unknown as { __decisions: Array<{ label: string; note: string; text: string }> };
      w.__decisions = [];
      const box = document.getElementById("decision")!;
      const record = () =>
        w.__decisions.push({
          label: document.getElementById("decision-label")!.textContent ?? "",
          note: document.getElementById("decision-note")!.textContent ?? "",
          text: (document.getElementById("script") as HTMLTextAreaElement).value,
        });
      new MutationObserver(record).observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });
  afterAll(() => shipped?.close());

  // Our own words: a cure claim, a replica claim and a private-channel lure, each in its own clause.
  const CLAIMS = "家人们，这款灵芝孢子粉，高血压糖尿病吃了都能根治。想要优惠的加我微信私聊，还有LV高仿包包跟专柜一模一样。今天下单送一罐。";
  const MARKERS = ["根治", "微信", "高仿"];

  it("全部应用建议 removes the cure, replica and lure clauses and never says 可以发布 while one remains", async () => {
    await page.locator("#script").fill(CLAIMS);
    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("block");
    const cats = await marks().evaluateAll((ms) => ms.map((m) => (m as HTMLElement).dataset.category));
    for (const c of ["false_efficacy", "private_trade", "counterfeit"]) expect(cats).toContain(c);
    // Per violation: penalties (扣分, 保证金) and the evidence in Chinese.
    const cards = (await page.locator(".vcard").allTextContents()).join("\n");
    expect(cards).toMatch(/扣 \d+ 分/);
    expect(cards).toMatch(/扣保证金 [\d,]+ 元|扣除全部保证金/);
    expect(cards).toContain("句式命中");
    expect(await page.textContent("#decision-penalties")).toMatch(/可能的处罚：.*扣 \d+ 分/);
    await page.screenshot({ path: join(ARTIFACTS, "page-penalties.png"), fullPage: true });

    // Apply every fix; re-check; apply again while the page still offers fixes (at most three rounds).
    for (let round = 0; round < 3 && !(await page.isDisabled("#apply-all")); round++) {
      await page.click("#apply-all");
      await expect.poll(() => page.textContent("#decision-label")).not.toBe("重新检查中");
      await expect.poll(() => page.textContent("#status-text")).toBe("已检查");
    }
    const text = await page.inputValue("#script");
    for (const m of MARKERS) expect(text).not.toContain(m);
    expect(text).toContain("今天下单送一罐");
    // After an automatic rewrite the page asks for the whole text to be read again.
    expect(await page.isVisible("#rewrite-note")).toBe(true);
    expect(await page.textContent("#rewrite-note")).toContain("再读一遍全文");
    expect(await page.textContent("#decision-note")).toContain("通读全文");
    await page.screenshot({ path: join(ARTIFACTS, "page-after-fixes.png"), fullPage: true });

    // Never 可以发布 (or 通过) for a text that still held a claim, at any moment.
    const states = await seen();
    expect(states.length).toBeGreaterThan(2);
    const wrong = states.filter((st) => (st.note.includes("可以发布") || st.label === "通过") && MARKERS.some((m) => st.text.includes(m)));
    expect(wrong).toEqual([]);
    // 可以发布 is not said for a text the page rewrote itself.
    expect(states.filter((st) => st.text !== CLAIMS && st.note.includes("可以发布"))).toEqual([]);
  });

  it("a claim without a fix stays, and the page does not pass the text", async () => {
    await page.locator("#script").fill("这款减肥药是处方药，不用处方直接拍。想要的加我微信私聊。");
    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("block");
    await page.click("#apply-all");
    await expect.poll(() => page.inputValue("#script")).not.toContain("微信");
    await expect.poll(() => page.textContent("#status-text")).toBe("已检查");
    await expect.poll(() => page.getAttribute("#decision", "data-decision")).toBe("block");
    expect(await page.inputValue("#script")).toContain("处方药");
    expect(await page.textContent("#decision-note")).toContain("仍有");
    expect((await page.locator(".vcard").allTextContents()).join("")).toContain("没有可自动套用的修改");
    const states = await seen();
    expect(states.filter((st) => st.text.includes("处方药") && (st.label === "通过" || st.note.includes("可以发布")))).toEqual([]);
  });

  it("shows an attribute mismatch as the claim beside the listing attribute, with its penalties", async () => {
    await page.fill("#script", "");
    if (!(await page.isVisible(".attr-row input"))) await page.click("#attrs summary");
    if ((await page.locator(".attr-row").count()) === 0) await page.click("#add-attr");
    const [key, value] = await page.locator(".attr-row input").all();
    await key.fill("材质");
    await value.fill("聚酯纤维95% 氨纶5%");
    await page.locator("#script").fill("这件卫衣是纯棉的，穿着透气舒服");
    await expect.poll(() => page.locator(".vevidence.attr").count()).toBe(1);
    const ev = page.locator(".vevidence.attr");
    expect(await ev.locator(".said").textContent()).toBe("文案所说纯棉");
    expect(await ev.locator(".listed").textContent()).toBe("商品属性（材质）材质：聚酯纤维95% 氨纶5%");
    const card = (await page.locator(".vcard").first().textContent()) ?? "";
    expect(card).toContain("规则核对：材质");
    expect(card).toContain("扣保证金 200 元");
    expect(card).toContain("扣 3 分");
    expect(card).toMatch(/真实宝：买家可获赔，最高 1,?000 元/);
    // No English explanation notes on the page.
    expect(card).not.toMatch(/claims|listing material/);
    expect(await page.locator(".vcard button.apply").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "page-attribute-evidence.png"), fullPage: true });
  });
});
