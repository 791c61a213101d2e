/** The workers' batched log sink (src/queue/logger.ts): routine lines wait for their batch, warnings and errors do not. */
import { describe, expect, it } from "vitest";
import { batchedSink, createLogger } from "../../src/queue/logger.js";

describe("batched log sink", () => {
  it("holds info lines for the batch and writes them in one call", async () => {
    const out: string[] = [];
    const log = createLogger({ name: "t", sink: batchedSink((l) => out.push(l), 5) });
    log.info({ job: 1 }, "done");
    log.info({ job: 2 }, "done");
    expect(out).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    expect(out).toHaveLength(1);
    expect(out[0].split("\n").map((l) => JSON.parse(l).job)).toEqual([1, 2]);
  });
  it("writes a warning or an error at once, after the lines waiting before it", () => {
    const out: string[] = [];
    const log = createLogger({ name: "t", sink: batchedSink((l) => out.push(l), 1000) });
    log.info({ job: 1 }, "done");
    log.error({ refused: "v2" }, "lexicon refused");
    expect(out).toHaveLength(1);
    const lines = out[0].split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.level)).toEqual(["info", "error"]);
    log.warn("slow");
    expect(out).toHaveLength(2);
  });
});
