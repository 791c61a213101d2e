/**
 * Issue #11 item 6: every item is validated before any use of its fields.
 * An id that is not a string or a number, or a free-form value nested too
 * deep or too large (listing.attributes, extra), gives one error record for
 * its line — in `hegui scan`, `hegui submit`, /v1/review and
 * /v1/review/batch — and every other line is judged.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_VALUE_BYTES, MAX_VALUE_DEPTH, parseItem, valueProblem } from "../src/io/item-schema.js";
import { INGEST_QUEUES } from "../src/queue/names.js";
import { submit } from "../src/queue/submit.js";
import { stringifyValue } from "../src/rules/attributes.js";
import { startApi, type Running } from "./support/api-server.js";
import { fixtureEngine, FIXTURE_LEXICONS, shippedEngine } from "./support/engine.js";
import { testPrefix } from "./support/prefix.js";
import { tempDir } from "./rescan/helpers.js";

const bin = fileURLToPath(new URL("../bin/hegui.js", import.meta.url));
const nest = (levels: number, inner: string) => "[".repeat(levels) + inner + "]".repeat(levels);

/** Good lines around the bad ones; the bad ones and the error each must get. */
const LINES: Array<[line: string, error?: RegExp]> = [
  ['{"id":"a","channel":"caption","text":"包成活"}'],
  ['{"id":{"toString":1},"channel":"caption","text":"包成活"}', /^id: must be a non-empty string or a number/],
  ['{"id":"b","channel":"script","text":"今天天气不错"}'],
  [`{"id":"deep","channel":"listing","listing":{"title":"多肉","attributes":{"材质":${nest(4000, '"棉"')}}}}`, /^listing\.attributes: nested deeper than 8 levels/],
  [`{"id":"x9","channel":"caption","text":"你好","extra":{"k":${nest(9, "1")}}}`, /^extra: nested deeper than 8 levels/],
  [`{"id":"c","channel":"listing","listing":{"title":"多肉","attributes":{"产地":${nest(6, '"云南"')}}}}`],
  ['{"id":7,"channel":"caption","text":"加我微信"}'],
];
const GOOD_IDS = ["a", "b", "c", "7"];

let api: Running;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("free-form value caps", () => {
  it("depth and size limits, checked without recursion", () => {
    expect(valueProblem({ a: "x" })).toBeUndefined();
    expect(valueProblem(JSON.parse(nest(MAX_VALUE_DEPTH - 1, "1")))).toBeUndefined(); // arrays: levels, plus the value itself
    expect(valueProblem({ a: JSON.parse(nest(MAX_VALUE_DEPTH, "1")) })).toMatch(/deeper/);
    expect(valueProblem(JSON.parse(nest(100_000, "1")))).toMatch(/deeper/);
    expect(valueProblem({ a: "字".repeat(MAX_VALUE_BYTES / 3 - 20) })).toBeUndefined();
    expect(valueProblem({ a: "字".repeat(MAX_VALUE_BYTES / 3 + 1) })).toMatch(/64 KB/);
    expect(valueProblem(Array.from({ length: 20_000 }, () => 1))).toMatch(/64 KB/);
  });

  it("unknown fields are capped too, with their path", () => {
    const r = parseItem({ id: "u", channel: "caption", text: "你好", meta: JSON.parse(nest(20, "1")) });
    expect(r).toMatchObject({ ok: false, id: "u" });
    expect((r as { error: string }).error).toMatch(/^meta: nested deeper/);
    const l = parseItem({ id: "u", channel: "listing", listing: { title: "t", more: JSON.parse(nest(20, "1")) } });
    expect((l as { error: string }).error).toMatch(/^listing\.more: nested deeper/);
  });

  it("the engine reads deep attribute values without recursion (called directly, without the schema)", () => {
    const deep = JSON.parse(nest(50_000, '"纯棉"'));
    expect(stringifyValue(deep)).toBe("纯棉");
    expect(stringifyValue([1, [2, null, 3], { a: "x", b: ["y"] }, "z"])).toBe("1、2、、3、x、y、z");
    const v = fixtureEngine().review({ id: "d", channel: "listing", listing: { title: "纯棉T恤", attributes: { 材质: deep } } });
    expect(v.decision).toMatch(/pass|review|block/);
  });
});

describe("bad ids and deep values: one error record, every other line judged", () => {
  it("hegui scan", () => {
    const dir = tempDir("ids");
    const file = join(dir, "in.jsonl");
    writeFileSync(file, LINES.map(([l]) => l).join("\n") + "\n");
    const r = spawnSync(process.execPath, [bin, "scan", file], { encoding: "utf8", env: { ...process.env, HEGUI_LEXICONS: FIXTURE_LEXICONS } });
    expect(r.stderr).not.toMatch(/TypeError|at .*\.js/);
    expect(r.status).toBe(2);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(LINES.length);
    LINES.forEach(([, err], i) => {
      if (err) {
        expect(out[i]).toMatchObject({ line: i + 1 });
        expect(out[i].error).toMatch(err);
        expect(out[i].decision).toBeUndefined();
      } else expect(out[i].decision).toMatch(/pass|review|block/);
    });
    expect(out[1].id).toBeUndefined(); // an object id is never converted to text
    expect(out.filter((o) => o.decision).map((o) => o.id)).toEqual(GOOD_IDS);
  });

  it("hegui submit: the good items are enqueued, each bad line gets its error record", async () => {
    const dir = tempDir("ids-submit");
    const file = join(dir, "in.jsonl");
    writeFileSync(file, LINES.map(([l]) => l).join("\n") + "\n");
    const prefix = testPrefix("ids");
    const redisUrl = inject("redisUrl");
    const out: string[] = [];
    const s = await submit({ files: [file], wait: false, prefix, redisUrl, out: (l) => out.push(l), err: () => {} });
    expect(s).toMatchObject({ submitted: GOOD_IDS.length, bad: LINES.length - GOOD_IDS.length });
    const recs = out.map((l) => JSON.parse(l));
    expect(recs.map((r) => r.line)).toEqual(LINES.flatMap(([, e], i) => (e ? [i + 1] : [])));
    recs.forEach((r) => expect(r.error).toMatch(LINES[r.line - 1][1]!));
    const ids: string[] = [];
    for (const q of INGEST_QUEUES) {
      const queue = new Queue(q, { connection: { url: redisUrl }, prefix });
      ids.push(...(await queue.getJobs(["waiting", "prioritized", "delayed"])).map((j) => j.data.item.id));
      await queue.obliterate({ force: true });
      await queue.close();
    }
    expect(ids.sort()).toEqual([...GOOD_IDS].sort());
  });

  it("/v1/review: 400 naming the field", async () => {
    for (const [line, err] of LINES) {
      const res = await fetch(`${api.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json" }, body: line });
      const body = await res.json();
      if (!err) {
        expect(res.status).toBe(200);
        continue;
      }
      expect(res.status).toBe(400);
      expect(`${body.error} ${JSON.stringify(body.issues ?? [])}`).toMatch(new RegExp(err.source.slice(1)));
    }
  });

  it("/v1/review/batch: per-item error entries, not a 500", async () => {
    const body = `{"items":[${LINES.map(([l]) => l).join(",")}]}`;
    const res = await fetch(`${api.url}/v1/review/batch`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.count).toBe(LINES.length);
    expect(r.errors).toBe(LINES.length - GOOD_IDS.length);
    LINES.forEach(([, err], i) => {
      const x = r.results[i];
      if (err) {
        expect(x.index).toBe(i);
        expect(x.error).toMatch(new RegExp(`^items\\.${i}\\.${err.source.slice(1)}`));
      } else expect(x.decision).toMatch(/pass|review|block/);
    });
    expect(r.results[1].id).toBeUndefined();
    expect(r.results[3].id).toBe("deep");
  });
});

describe("a shop given beside the listing", () => {
  const shop = { type: "鲜花店", model: "代运营", deliveryRange: "35km" };
  it("is read as listing.shop", () => {
    const r = parseItem({ id: "s1", channel: "listing", listing: { title: "玫瑰花束" }, shop });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.item.listing?.shop).toEqual(shop);
  });
  it("gives way to a shop inside the listing", () => {
    const inner = { type: "鲜花店", model: "直营" };
    const r = parseItem({ id: "s2", channel: "listing", listing: { title: "玫瑰花束", shop: inner }, shop });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.item.listing?.shop).toEqual(inner);
  });
  it("is validated like one (a delivery range must be text or a number)", () => {
    const r = parseItem({ id: "s3", channel: "listing", listing: { title: "玫瑰花束" }, shop: { deliveryRange: [1] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/shop\.deliveryRange/);
  });
  it("reaches the retail rules through the engine", () => {
    const r = parseItem({ id: "s4", channel: "listing", listing: { title: "玫瑰花束 同城", description: "附养护卡：每天换水" }, shop });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = shippedEngine().review(r.item);
    expect(v.violations.map((x) => x.ruleId)).toContain("retail_rule.delivery-range");
  });
});
