/**
 * The bad-input matrix through the review API: every bad body gets a 4xx with a
 * clear message (413 for bodies over 1 MB), nothing crashes, and the server goes
 * on answering; in a batch a bad item gets its own error and the others are judged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../src/api/index.js";
import { BAD_INPUTS, GOOD_LINE } from "./support/bad-inputs.js";
import { startApi, type Running } from "./support/api-server.js";

let s: Running;
beforeAll(async () => {
  s = await startApi();
});
afterAll(() => s.close());

const post = (path: string, body: Buffer | string) =>
  fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("bad input through the API", () => {
  it.each(BAD_INPUTS)("%s", async (_name, line, expectError) => {
    const body = typeof line === "string" ? Buffer.from(line) : line;
    const res = await post("/v1/review", body);
    if (body.length > MAX_BODY_BYTES) {
      expect(res.status).toBe(413);
    } else if (_name === "missing id") {
      // The API's documented short form: an item without id gets `review-N` (docs/api.md).
      expect(res.status).toBe(200);
      expect((await res.json()).id).toMatch(/^review-\d+$/);
    } else if (expectError) {
      expect(res.status).toBe(400);
      const e = await res.json();
      expect(`${e.error} ${e.path ?? ""} ${JSON.stringify(e.issues ?? [])}`).toMatch(expectError);
    } else {
      expect(res.status).toBe(200);
      expect((await res.json()).decision).toMatch(/pass|review|block/);
    }
    // The server is still up and judges the next request.
    const next = await post("/v1/review", GOOD_LINE);
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ id: "after", decision: "review" });
  });

  it("a batch with each JSON-valid bad item gives per-item errors and judges the rest", async () => {
    // The batch body is built from the raw JSON texts (no re-serialising of deep nesting).
    const texts: string[] = [];
    for (const [, line] of BAD_INPUTS) {
      const text = typeof line === "string" ? line : line.toString("utf8");
      if (text.length > 100_000) continue;
      try {
        JSON.parse(text);
        texts.push(text);
      } catch {
        // not JSON: covered by the single-item test above
      }
    }
    texts.push(GOOD_LINE);
    const res = await post("/v1/review/batch", `{"items":[${texts.join(",")}]}`);
    const items = texts;
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.results).toHaveLength(items.length);
    expect(out.results.at(-1)).toMatchObject({ id: "after", decision: "review" });
    expect(out.errors).toBeGreaterThan(0);
    for (const r of out.results) expect(Boolean(r.error) || /pass|review|block/.test(r.decision)).toBe(true);
  });
});
