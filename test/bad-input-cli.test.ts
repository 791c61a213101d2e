/** The bad-input matrix through the CLI: each bad line gets a clear error record, nothing crashes, the rest go on. */
import { describe, expect, it } from "vitest";
import { BAD_INPUTS as matrix, GOOD_LINE as ok } from "./support/bad-inputs.js";
import { runCli } from "./support/cli.js";

async function scan(input: Buffer | string) {
  const r = await runCli(["scan"], { input });
  return { code: r.code, lines: r.lines.map((l) => JSON.parse(l)), err: r.err };
}

describe("bad input through the CLI", () => {
  it.each(matrix)("%s", async (_name, line, expectError) => {
    const input = Buffer.concat([Buffer.from(line), Buffer.from("\n" + ok + "\n")]);
    const r = await scan(input);
    expect(r.err).not.toMatch(/TypeError|RangeError|at .*\.js/);
    expect(r.lines).toHaveLength(2);
    if (expectError) {
      expect(r.lines[0]).toMatchObject({ line: 1 });
      expect(r.lines[0].error).toMatch(expectError);
      expect(r.code).toBe(2);
    } else {
      expect(r.lines[0].decision).toMatch(/pass|review|block/);
    }
    expect(r.lines[1]).toMatchObject({ id: "after", decision: "review" });
  });
});
