/** The bad-input matrix through the CLI: each bad line gets a clear error record, nothing crashes, the rest go on. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BAD_INPUTS as matrix, GOOD_LINE as ok } from "./support/bad-inputs.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "hegui.js");

function scan(input: Buffer | string) {
  const r = spawnSync(process.execPath, [bin, "scan"], {
    cwd: root,
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HEGUI_LEXICONS: FIXTURE_LEXICONS },
  });
  const lines = r.stdout.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return { code: r.status, lines, err: r.stderr.toString() };
}

describe("bad input through the CLI", () => {
  it.each(matrix)("%s", (_name, line, expectError) => {
    const input = Buffer.concat([Buffer.from(line), Buffer.from("\n" + ok + "\n")]);
    const r = scan(input);
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
