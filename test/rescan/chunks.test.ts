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
