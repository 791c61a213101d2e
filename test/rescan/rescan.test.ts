/**
 * `hegui rescan` in-process against a real Redis: one verdict per listing in
 * input order, bad lines as error records, gzip input, --local equal to queue
 * mode, resuming after an interruption, --since after a lexicon change.
 */
import { readFileSync, appendFileSync, existsSync, writeFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { hostname } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { publishLexicon } from "../../src/lexicon/reload.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RescanAbortError } from "../../src/rescan/backend.js";
import { lexiconDirVersion, rescan, type RescanOptions } from "../../src/rescan/rescan.js";
import { LexiconError } from "../../src/lexicon/errors.js";
import { readLexiconDir } from "../../src/lexicon/read.js";
import { readCheckpoint } from "../../src/rescan/checkpoint.js";
import { lockOutput } from "../../src/rescan/out-lock.js";
import { RESCAN_QUEUE, startRescanWorker, type RunningRescanWorker } from "../../src/rescan/worker.js";
import { testPrefix } from "../support/prefix.js";
import { captureIO, engineFor, expectedVerdicts, frozenLexicons, readLines, tempDir, writeInput, type Input } from "./helpers.js";

const redisUrl = inject("redisUrl");
const lex = frozenLexicons();
const dir = tempDir("rescan");
const prefix = testPrefix("rescan");
let workers: RunningRescanWorker[] = [];
let input: Input;
let expected: Map<string, string>;

beforeAll(async () => {
  input = writeInput(dir, 1200, { bad: true });
  expected = await expectedVerdicts(engineFor(lex), input);
  workers = await Promise.all([1, 2].map(() => startRescanWorker({ connection: redisUrl, prefix, engine: engineFor(lex) })));
}, 180_000);

afterAll(async () => {
  if (workers.length === 0) return;
  await Promise.all(workers.map((w) => w.close()));
  const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix });
  await q.obliterate({ force: true });
  await q.close();
});

const base = (out: string, extra: Partial<RescanOptions> = {}): RescanOptions => ({
  file: input.path,
  out,
  lexicons: lex,
  chunkSize: 100,
  prefix,
  redisUrl,
  ...extra,
});

/** Every output line against the input: a verdict equal to the engine's, or the error record of a bad line. */
function checkOutput(out: string) {
  const lines = readLines(readFileSync(out, "utf8"));
  expect(lines).toHaveLength(input.records.length);
  input.records.forEach((r, i) => {
    if (r.item) expect(lines[i]).toBe(expected.get(r.item.id));
    else {
      const rec = JSON.parse(lines[i]);
      expect(rec.line).toBe(r.line);
      expect(typeof rec.error).toBe("string");
      expect(rec.decision).toBeUndefined();
    }
  });
  return lines;
}

describe("hegui rescan (queue mode)", () => {
  it("writes exactly one verdict per listing, in input order, and bad lines as error records", async () => {
    const out = join(dir, "queue.jsonl");
    const io = captureIO();
    const r = await rescan(base(out), io);
    const lines = checkOutput(out);
    expect(r.code).toBe(2); // bad lines present
    expect(r.summary!.listings).toBe(1200);
    expect(r.summary!.errors).toBe(3);
    expect(r.summary!.records).toBe(1203);
    const errs = lines.map((l) => JSON.parse(l)).filter((v) => v.error);
    expect(errs.map((e) => e.error).join("\n")).toMatch(/invalid JSON/);
    expect(errs.map((e) => e.error).join("\n")).toMatch(/not a listing/);
    expect(errs.map((e) => e.error).join("\n")).toMatch(/listing/);
    // Summary: JSON file and the table on stderr agree with the verdicts.
    const flagged = lines.map((l) => JSON.parse(l)).filter((v) => v.violations?.length).length;
    const summary = JSON.parse(readFileSync(`${out}.summary.json`, "utf8"));
    expect(summary.withViolations).toBe(flagged);
    expect(flagged).toBeGreaterThan(50);
    expect(summary.decisions.pass + summary.decisions.review + summary.decisions.block).toBe(1200);
    expect(Object.keys(summary.categories).length).toBeGreaterThan(3);
    expect(summary.topTerms.length).toBeGreaterThan(0);
    expect(io.errLines.join("\n")).toMatch(/category\s+listings\s+violations\s+review\s+block/);
    expect(io.progressText.join("")).toMatch(/1,203\/1,204 listings/);
    // Results are taken out of Redis once written.
    const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix });
    const counts = await q.getJobCounts("completed", "waiting", "active", "failed");
    await q.close();
    expect(counts).toEqual({ completed: 0, waiting: 0, active: 0, failed: 0 });
    expect(readCheckpoint(out)?.done).toBe(true);
  });

  it("reads .jsonl.gz input and gives the same verdicts", async () => {
    const gz = join(dir, "listings.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(input.path)));
    const out = join(dir, "gz.jsonl");
    const r = await rescan(base(out, { file: gz }), captureIO());
    expect(r.summary!.listings).toBe(1200);
    checkOutput(out);
  });

  it("--local (worker threads, no Redis) gives byte-identical verdicts to queue mode", async () => {
    const q = join(dir, "cmp-queue.jsonl");
    const l = join(dir, "cmp-local.jsonl");
    await rescan(base(q), captureIO());
    const r = await rescan(base(l, { local: true, threads: 2, prefix: undefined, redisUrl: "redis://127.0.0.1:1" }), captureIO());
    expect(r.summary!.mode).toBe("local");
    expect(readFileSync(l, "utf8")).toBe(readFileSync(q, "utf8"));
  });

  it("resumes after an interruption: the half-written chunk is cut off, nothing lost or doubled", async () => {
    const out = join(dir, "resume.jsonl");
    const ctl = new AbortController();
    const io = captureIO();
    // Stop once four chunks are out.
    const poll = setInterval(() => {
      if (existsSync(out) && readLines(readFileSync(out, "utf8")).length >= 400) ctl.abort();
    }, 5);
    const first = await rescan(base(out, { signal: ctl.signal }), io);
    clearInterval(poll);
    expect(first.interrupted).toBe(true);
    const cp = readCheckpoint(out)!;
    expect(cp.done).toBe(false);
    expect(cp.chunks).toBeGreaterThanOrEqual(4);
    expect(cp.chunks).toBeLessThan(13);
    // A crash in the middle of the next write leaves a partial line behind.
    appendFileSync(out, '{"id":"g7-0000999","decision":"pa');
    const io2 = captureIO();
    const second = await rescan(base(out), io2);
    expect(io2.errLines.join("\n")).toMatch(/resuming .* after chunk \d+/);
    expect(second.summary!.resumedAtRecord).toBe(cp.records);
    expect(second.summary!.processedThisRun).toBe(1203 - cp.records);
    expect(second.summary!.listings).toBe(1200); // the summary counts the kept part too
    checkOutput(out);
    // Running it again does nothing more.
    const third = await rescan(base(out), captureIO());
    expect(third.summary!.processedThisRun).toBe(0);
    checkOutput(out);
  });

  it("--since lists the listings whose violations changed after a lexicon change", async () => {
    // The old lexicon lacks one category; the new one has it.
    const old = frozenLexicons((d) => rmSync(join(d, "private_trade.yaml")));
    const oldOut = join(dir, "since-old.jsonl");
    const newOut = join(dir, "since-new.jsonl");
    await rescan(base(oldOut, { local: true, threads: 1, lexicons: old }), captureIO());
    const r = await rescan(base(newOut, { since: oldOut }), captureIO());
    const diffPath = `${newOut}.diff.jsonl`;
    const diff = readLines(readFileSync(diffPath, "utf8")).map((l) => JSON.parse(l));
    // Expected from the two engines directly.
    const before = await expectedVerdicts(engineFor(old), input);
    const key = (line: string) => {
      const v = JSON.parse(line);
      return JSON.stringify([v.decision, [...new Set(v.violations.map((x: { category: string; term: string }) => `${x.category}/${x.term}`))].sort()]);
    };
    const changed = [...expected.keys()].filter((id) => key(expected.get(id)!) !== key(before.get(id)!));
    expect(changed.length).toBeGreaterThan(0);
    expect(diff.map((d) => d.id).sort()).toEqual(changed.sort());
    for (const d of diff) {
      expect(d.change).toBe("changed");
      expect(d.removed).toEqual([]); // adding a category only adds violations here
    }
    expect(diff.flatMap((d) => d.added.map((a: { category: string }) => a.category))).toContain("private_trade");
    expect(r.diff).toMatchObject({ changed: changed.length, new: 0, gone: 0 });
  });

  it("refuses a second rescan into the same output, and takes over a dead one's lock", async () => {
    const out = join(dir, "locked.jsonl");
    const unlock = lockOutput(out);
    try {
      await expect(rescan(base(out), captureIO())).rejects.toThrow(/being written by another rescan/);
    } finally {
      unlock();
    }
    writeFileSync(`${out}.lock`, `${hostname()}:999999999\n`); // a pid that cannot exist
    const r = await rescan(base(out), captureIO());
    expect(r.summary!.listings).toBe(1200);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("without --lexicons, expects the lexicon last published to the workers", async () => {
    const published = frozenLexicons((d) => rmSync(join(d, "private_trade.yaml")));
    const p3 = testPrefix("rescan-pub");
    const redis = new Redis(redisUrl);
    const saved = process.env.HEGUI_LEXICONS;
    delete process.env.HEGUI_LEXICONS;
    const w = await startRescanWorker({ connection: redisUrl, prefix: p3, engine: engineFor(published) });
    try {
      await publishLexicon(redis, p3, published);
      const out = join(dir, "published.jsonl");
      const io = captureIO();
      const r = await rescan({ ...base(out, { prefix: p3 }), lexicons: undefined }, io);
      expect(io.errLines.join("\n")).toContain(`using the published lexicon ${published}`);
      expect(r.summary!.lexiconVersion).toBe(engineFor(published).lexiconVersion);
      expect(r.summary!.listings).toBe(1200);
    } finally {
      if (saved !== undefined) process.env.HEGUI_LEXICONS = saved;
      await w.close();
      const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix: p3 });
      await q.obliterate({ force: true });
      await q.close();
      await redis.del(`${p3}:lexicon:current`, `${p3}:lexicon:snapshot:${engineFor(published).lexiconVersion}`);
      redis.disconnect();
    }
  });

  it("in queue mode takes the lexicon's version from its files, and names a broken lexicon when the workers refuse the run", async () => {
    const good = frozenLexicons();
    expect(lexiconDirVersion(good)).toBe(readLexiconDir(good).version);
    const broken = frozenLexicons((d) => writeFileSync(join(d, "counterfeit.yaml"), "category: counterfeit\nentries: [oops\n"));
    const p4 = testPrefix("rescan-broken");
    const w = await startRescanWorker({ connection: redisUrl, prefix: p4, engine: engineFor(good) });
    try {
      await expect(rescan({ ...base(join(dir, "broken.jsonl"), { prefix: p4 }), lexicons: broken }, captureIO())).rejects.toThrow(LexiconError);
    } finally {
      await w.close();
      const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix: p4 });
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it("stops with a clear message when the workers run another lexicon", async () => {
    const other = frozenLexicons((d) => rmSync(join(d, "counterfeit.yaml")));
    const p2 = testPrefix("rescan-lex");
    const w = await startRescanWorker({ connection: redisUrl, prefix: p2, engine: engineFor(other) });
    try {
      await expect(rescan(base(join(dir, "lex.jsonl"), { prefix: p2 }), captureIO())).rejects.toThrow(RescanAbortError);
      await expect(rescan(base(join(dir, "lex.jsonl"), { prefix: p2 }), captureIO())).rejects.toThrow(/wants lexicon [0-9a-f]{12} but this worker has/);
    } finally {
      await w.close();
      const q = new Queue(RESCAN_QUEUE, { connection: { url: redisUrl }, prefix: p2 });
      await q.obliterate({ force: true });
      await q.close();
    }
  });
});
