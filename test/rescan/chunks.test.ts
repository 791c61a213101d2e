/** The default chunk size: 500 records, fewer for a small input, so that several workers all get chunks. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CHUNK_SIZE, defaultChunkSize, MIN_CHUNK_SIZE, MIN_CHUNKS } from "../../src/rescan/chunks.js";

describe("defaultChunkSize", () => {
  it("is 500 for a large input and cuts a small one into at least 64 chunks of at least 50", () => {
    expect(defaultChunkSize(1_000_000)).toBe(DEFAULT_CHUNK_SIZE);
    expect(defaultChunkSize(32_000)).toBe(DEFAULT_CHUNK_SIZE);
    expect(defaultChunkSize(20_000)).toBe(313);
    expect(defaultChunkSize(1_500)).toBe(MIN_CHUNK_SIZE);
    expect(defaultChunkSize(10)).toBe(MIN_CHUNK_SIZE);
    expect(defaultChunkSize(0)).toBe(MIN_CHUNK_SIZE);
    for (const lines of [3_200, 5_000, 20_000, 31_999]) {
      const size = defaultChunkSize(lines);
      expect(Math.ceil(lines / size)).toBeGreaterThanOrEqual(MIN_CHUNKS);
    }
  });
});

describe("resumedChunkSize", () => {
  it("goes on with the chunk size an unfinished run of the same input was cut with", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { resumedChunkSize, runKey } = await import("../../src/rescan/rescan.js");
    const { writeCheckpoint } = await import("../../src/rescan/checkpoint.js");
    const dir = mkdtempSync(join(tmpdir(), "hegui-resume-"));
    try {
      const out = join(dir, "v.jsonl");
      const facts = { digest: "abc123", lines: 10_000 } as Parameters<typeof resumedChunkSize>[1];
      expect(resumedChunkSize(out, facts, "lexv", false)).toBeUndefined();
      // an earlier build cut this 10,000-line input into chunks of 500; today's default would be 157
      expect(defaultChunkSize(10_000)).not.toBe(DEFAULT_CHUNK_SIZE);
      const old = runKey({ digest: "abc123", lexiconVersion: "lexv", chunkSize: DEFAULT_CHUNK_SIZE, explain: false });
      writeCheckpoint(out, { runKey: old, input: "in.jsonl", chunks: 6, records: 3000, outBytes: 1, done: false });
      expect(resumedChunkSize(out, facts, "lexv", false)).toBe(DEFAULT_CHUNK_SIZE);
      // another lexicon or a finished run: no resumption
      expect(resumedChunkSize(out, facts, "other", false)).toBeUndefined();
      writeCheckpoint(out, { runKey: old, input: "in.jsonl", chunks: 20, records: 10_000, outBytes: 1, done: true });
      expect(resumedChunkSize(out, facts, "lexv", false)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
