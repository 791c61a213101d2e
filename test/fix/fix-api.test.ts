/** POST /v1/review with "fix": true: the verdict as before, plus the fixed text and its re-check. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type Running } from "../support/api-server.js";
import { shippedEngine } from "../support/engine.js";

let s: Running;
beforeAll(async () => {
  s = await startApi({ engine: shippedEngine() });
});
afterAll(() => s.close());

const post = (body: unknown) => fetch(`${s.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("POST /v1/review with fix", () => {
  const text = "这款砂锅是我用过最好用的，今天全网最低价。炖汤喝了能治好失眠，想要优惠的加我微信 gz5566 私聊。";

  it("returns the verdict of the text as sent and, under `fixed`, the fixed text re-checked", async () => {
    const res = await post({ text, fix: true });
    expect(res.status).toBe(200);
    const v = await res.json();
    expect(v.violations.length).toBeGreaterThanOrEqual(3);
    expect(v.violations.some((x: { fix?: unknown }) => x.fix)).toBe(true);
    expect(v.fixed.text).not.toBe(text);
    expect(v.fixed.text).toContain("优惠价");
    for (const gone of ["最好", "治好", "微信", "gz5566"]) expect(v.fixed.text).not.toContain(gone);
    expect(v.fixed.changes).toEqual([{ field: "text", before: text, after: v.fixed.text }]);
    expect(v.fixed.applied.length).toBeGreaterThanOrEqual(3);
    expect(v.fixed.verdict.violations.filter((x: { fix?: unknown }) => x.fix)).toEqual([]);
    // `fix` is a request option, not an item field.
    expect(v.fix).toBeUndefined();
  });

  it("without fix: the verdict alone, each violation's fix in original offsets", async () => {
    const v = await (await post({ text })).json();
    expect(v.fixed).toBeUndefined();
    const low = v.violations.find((x: { ruleId: string }) => x.ruleId === "absolute.lowest-price");
    expect(low.fix).toMatchObject({ field: "text", text: "优惠价", kind: "replace" });
    expect(text.slice(low.fix.start, low.fix.end)).toBe("全网最低价");
  });

  it("400 for a fix that is not a boolean", async () => {
    const res = await post({ text, fix: "yes" });
    expect(res.status).toBe(400);
    expect((await res.json()).path).toBe("fix");
  });

  it("a batch body with fix: true fixes each item; a bad item stays an error", async () => {
    const res = await fetch(`${s.url}/v1/review/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fix: true, items: [{ text }, { text: 5 }, { text: "欢迎来到直播间" }] }),
    });
    expect(res.status).toBe(200);
    const b = await res.json();
    expect(b.errors).toBe(1);
    expect(b.results[0].fixed.text).toContain("优惠价");
    expect(b.results[1]).toMatchObject({ index: 1, error: expect.stringMatching(/^items\.1\.text/) });
    expect(b.results[2].fixed).toMatchObject({ text: "欢迎来到直播间", changes: [], applied: [] });
  });
});
