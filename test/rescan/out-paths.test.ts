/**
 * Issue #11 item 1: a rescan never writes over its input, --since or one of
 * its own outputs — also through `..` and symbolic links — and refuses with
 * exit 2 and a message naming both paths, before anything is opened.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkOutputPaths, OutputPathError, resolveReal } from "../../src/io/out-paths.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";
import { tempDir, writeInput } from "./helpers.js";

const bin = fileURLToPath(new URL("../../bin/hegui.js", import.meta.url));

function hegui(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, HEGUI_LEXICONS: FIXTURE_LEXICONS }, encoding: "utf8" });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

/** A directory with x.jsonl (12 listings) and old.jsonl (an earlier verdicts file); their bytes for comparison. */
function setup() {
  const dir = tempDir("outpaths");
  writeInput(dir, 12, { name: "x.jsonl" });
  writeFileSync(join(dir, "old.jsonl"), JSON.stringify({ id: "gen-0", decision: "pass", violations: [] }) + "\n");
  mkdirSync(join(dir, "a"));
  const bytes = (f: string) => readFileSync(join(dir, f));
  return { dir, x: bytes("x.jsonl"), old: bytes("old.jsonl"), bytes };
}

describe("rescan output paths (CLI)", () => {
  it("--out equal to the input: exit 2, the input intact, a message naming both", () => {
    const s = setup();
    const r = hegui(s.dir, ["rescan", "x.jsonl", "--out", "x.jsonl", "--local"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out x\.jsonl is an input: the input FILE x\.jsonl/);
    expect(r.err).toContain(join(resolveReal(s.dir), "x.jsonl"));
    expect(s.bytes("x.jsonl").equals(s.x)).toBe(true);
    expect(readdirSync(s.dir).sort()).toEqual(["a", "old.jsonl", "x.jsonl"]); // nothing opened, no lock or checkpoint left
  });

  it("--out through ./a/../ and through a symbolic link is still the input", () => {
    const s = setup();
    let r = hegui(s.dir, ["rescan", "x.jsonl", "--out", "./a/../x.jsonl", "--local"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out \.\/a\/\.\.\/x\.jsonl is an input/);
    symlinkSync(join(s.dir, "x.jsonl"), join(s.dir, "a", "link.jsonl"));
    r = hegui(s.dir, ["rescan", "./x.jsonl", "--out", "a/link.jsonl", "--local"]);
    expect(r.code).toBe(2);
    symlinkSync(s.dir, join(s.dir, "a", "up"));
    r = hegui(join(s.dir, "a"), ["rescan", "../x.jsonl", "--out", "up/x.jsonl", "--local"]);
    expect(r.code).toBe(2);
    expect(s.bytes("x.jsonl").equals(s.x)).toBe(true);
  });

  it("--summary equal to the input, --out or --diff equal to --since: exit 2, nothing overwritten", () => {
    const s = setup();
    for (const args of [
      ["--out", "v.jsonl", "--summary", "x.jsonl"],
      ["--out", "v.jsonl", "--summary", "a/../x.jsonl"],
      ["--out", "old.jsonl", "--since", "old.jsonl"],
      ["--out", "v.jsonl", "--since", "old.jsonl", "--diff", "./old.jsonl"],
      ["--out", "v.jsonl", "--since", "old.jsonl", "--diff", "v.jsonl"],
      ["--out", "v.jsonl", "--summary", "v.jsonl"],
      ["--out", "v.jsonl", "--summary", "v.jsonl.checkpoint.json"],
    ]) {
      const r = hegui(s.dir, ["rescan", "x.jsonl", ...args, "--local"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(/refusing to write over it/);
    }
    expect(s.bytes("x.jsonl").equals(s.x)).toBe(true);
    expect(s.bytes("old.jsonl").equals(s.old)).toBe(true);
    expect(existsSync(join(s.dir, "v.jsonl"))).toBe(false);
  });

  it("distinct paths still run: verdicts, summary and diff written, no temporary file left", () => {
    const s = setup();
    const r = hegui(s.dir, ["rescan", "x.jsonl", "--out", "a/v.jsonl", "--since", "old.jsonl", "--diff", "a/d.jsonl", "--summary", "a/s.json", "--local", "--threads", "1"]);
    expect([0, 1]).toContain(r.code);
    expect(s.bytes("a/v.jsonl").toString().trim().split("\n")).toHaveLength(12);
    expect(JSON.parse(s.bytes("a/s.json").toString())).toMatchObject({ listings: 12 });
    expect(s.bytes("a/d.jsonl").toString()).toMatch(/"change":"new"/);
    expect(readdirSync(join(s.dir, "a")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(s.bytes("x.jsonl").equals(s.x)).toBe(true);
  });
});

describe("other commands writing files", () => {
  it("classifier training refuses --out equal to --data before reading anything", async () => {
    const { main } = await import("../../src/classifier/train.js");
    const dir = tempDir("train-paths");
    mkdirSync(join(dir, "a"));
    const data = join(dir, "samples.jsonl");
    writeFileSync(data, '{"text":"x","label":"claim"}\n');
    const before = readFileSync(data);
    await expect(main(["--data", data, "--out", join(dir, "a", "..", "samples.jsonl")])).rejects.toThrow(OutputPathError);
    await expect(main(["--data", data, "--out", join(dir, "a", "..", "samples.jsonl")])).rejects.toThrow(/--out .* is an input: --data /);
    expect(readFileSync(data).equals(before)).toBe(true);
  });
});

describe("checkOutputPaths", () => {
  it("catches hard links and missing directories; two inputs may be one file", () => {
    const dir = tempDir("outpaths-unit");
    writeFileSync(join(dir, "in.jsonl"), "{}\n");
    expect(() => checkOutputPaths([{ role: "in", path: join(dir, "in.jsonl") }, { role: "since", path: join(dir, "in.jsonl") }], [{ role: "out", path: join(dir, "o") }])).not.toThrow();
    expect(() => checkOutputPaths([], [{ role: "a", path: join(dir, "new/x") }, { role: "b", path: join(dir, "new/../new/x") }])).toThrow(OutputPathError);
    spawnSync("ln", [join(dir, "in.jsonl"), join(dir, "hard.jsonl")]);
    expect(() => checkOutputPaths([{ role: "in", path: join(dir, "in.jsonl") }], [{ role: "--out", path: join(dir, "hard.jsonl") }])).toThrow(/one file/);
  });
});
