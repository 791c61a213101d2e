/** The CLI end to end, as a spawned process: exit codes, bad lines, order kept. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const hegui = (args: string[], input?: string) => runCli(args, { input });

describe("hegui scan", () => {
  it("exits 0 when everything passes", async () => {
    const r = await hegui(["scan"], '{"id":"a","channel":"caption","text":"欢迎来到直播间"}\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.lines[0])).toMatchObject({ id: "a", decision: "pass", violations: [] });
  });

  it("exits 1 on a violation, with offsets into the original text", async () => {
    const text = "家人们 包 成 活";
    const r = await hegui(["scan", "-"], JSON.stringify({ id: "b", channel: "caption", text }) + "\n");
    expect(r.code).toBe(1);
    const v = JSON.parse(r.lines[0]);
    expect(v.decision).not.toBe("pass");
    expect(text.slice(v.violations[0].start, v.violations[0].end)).toBe("包 成 活");
    expect(v.lexiconVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it("keeps input order, reports bad lines by number and goes on (exit 2)", async () => {
    const input = [
      '{"id":"1","channel":"caption","text":"包成活"}',
      "{not json",
      '{"id":"3","channel":"radio","text":"x"}',
      '{"id":"4","channel":"script"}',
      "",
      "这是一行纯文本脚本 销量第一",
      '{"id":"7","channel":"caption","text":"你好"}',
    ].join("\n");
    const r = await hegui(["scan"], input);
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(6);
    expect(JSON.parse(r.lines[0]).id).toBe("1");
    expect(JSON.parse(r.lines[1])).toMatchObject({ line: 2 });
    expect(JSON.parse(r.lines[1]).error).toMatch(/JSON/);
    expect(JSON.parse(r.lines[2])).toMatchObject({ line: 3, id: "3" });
    expect(JSON.parse(r.lines[2]).error).toMatch(/channel/);
    expect(JSON.parse(r.lines[3])).toMatchObject({ line: 4 });
    expect(JSON.parse(r.lines[3]).error).toMatch(/text/);
    expect(JSON.parse(r.lines[4])).toMatchObject({ id: "stdin:6", decision: "review" });
    expect(JSON.parse(r.lines[5])).toMatchObject({ id: "7", decision: "pass" });
  });

  it("reads files and prints the pretty format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hegui-cli-"));
    const f = join(dir, "in.jsonl");
    writeFileSync(f, '{"id":"p","channel":"script","text":"这批月季包成活"}\n');
    const r = await hegui(["scan", f, "--format", "pretty"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("REVIEW");
    expect(r.out).toContain("[包成活]");
    expect(r.out).toContain("suggestion");
  });

  it("exits 2 on a missing file or a bad option", async () => {
    expect((await hegui(["scan", "/nonexistent.jsonl"])).code).toBe(2);
    expect((await hegui(["scan", "--format", "xml"])).code).toBe(2);
    expect((await hegui(["nope"])).code).toBe(2);
  });
});

describe("hegui lexicon check", () => {
  it("accepts a valid lexicon", async () => {
    const r = await hegui(["lexicon", "check", FIXTURE_LEXICONS]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/examples: (\d+)\/\1 as expected/);
  });
});
