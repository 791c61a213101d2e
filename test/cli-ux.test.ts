/**
 * The CLI as a new user meets it (issue 14 item 4): --version, --help for every
 * command, a closed pipe, colours, pretty labels and totals, clear errors.
 * Processes are spawned asynchronously so a slow machine does not block the test worker.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { wantsColor } from "../src/cli/io.js";
import { CATEGORY_NAMES, DECISION_NAMES, SEVERITY_NAMES } from "../src/cli/labels.js";
import { HEGUI_BIN, ROOT, runCli, spawnCollect } from "./support/cli.js";
import { testPrefix } from "./support/prefix.js";

const root = ROOT;
const bin = HEGUI_BIN;
const dir = mkdtempSync(join(tmpdir(), "hegui-cli-ux-"));
const ESC = "\x1b[";

const hegui = runCli;
/** `hegui ARGS | head -N` under pipefail: the exit code is hegui's own. */
const heguiHead = (args: string, n: number, env: Record<string, string> = {}) =>
  spawnCollect("bash", ["-c", `set -o pipefail; "${process.execPath}" "${bin}" ${args} | head -${n}`], { env });

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const violating = '{"id":"v","channel":"script","text":"这批月季包成活"}';
const clean = '{"id":"c","channel":"caption","text":"欢迎来到直播间"}';

describe("--version and --help", () => {
  it("hegui --version prints package.json's version", async () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await hegui([flag]);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(`hegui ${pkg.version}`);
    }
  });

  it.each([
    ["scan", "hegui scan"],
    ["rescan", "hegui rescan"],
    ["workers", "hegui workers"],
    ["submit", "hegui submit"],
    ["verdicts", "hegui verdicts"],
    ["serve", "hegui serve"],
    ["account", "hegui account show"],
    ["account show", "hegui account show"],
    ["account appeal", "hegui account appeal"],
    ["account exam", "hegui account exam"],
    ["account rebuild", "hegui account rebuild"],
    ["lexicon", "hegui lexicon check"],
    ["lexicon check", "hegui lexicon check"],
    ["lexicon publish", "hegui lexicon publish"],
  ])("hegui %s --help prints its usage, exit 0, without touching Redis or files", async (cmd, usage) => {
    // A Redis URL that cannot answer: help must not try to connect.
    const r = await hegui([...cmd.split(" "), "--help"], { env: { REDIS_URL: "redis://127.0.0.1:1" } });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`usage: ${usage}`)).toBe(true);
    const h = await hegui([...cmd.split(" "), "-h"], { env: { REDIS_URL: "redis://127.0.0.1:1" } });
    expect(h.out).toBe(r.out);
    const viaHelp = await hegui(["help", ...cmd.split(" ")]);
    expect(viaHelp.out).toBe(r.out);
  });

  it("every option scan accepts is in its help", async () => {
    const r = await hegui(["scan", "--help"]);
    for (const opt of ["--format", "--lexicons", "--no-explain", "NO_COLOR", "FORCE_COLOR"]) expect(r.out).toContain(opt);
  });

  it("an unknown option is named without node's quoting, exit 2", async () => {
    const r = await hegui(["scan", "--frmat", "pretty"]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("hegui scan: unknown option --frmat (hegui scan --help lists the options)");
  });
});

describe("a closed pipe", () => {
  it("hegui scan samples/scripts.jsonl | head -1: exit 0, no stack", async () => {
    const r = await heguiHead("scan samples/scripts.jsonl", 1);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(JSON.parse(r.lines[0]).id).toBeTruthy();
  });

  it("more output than a pipe holds, cut after one line: exit 0, no stack", async () => {
    // ~3,000 verdicts with explain traces: far more than the 64 KB a pipe buffers, so writes do hit EPIPE.
    const f = file("many.jsonl", Array.from({ length: 3000 }, (_, i) => `{"id":"m${i}","channel":"script","text":"这批月季包成活 第${i}条"}`).join("\n") + "\n");
    const r = await heguiHead(`scan ${f}`, 1);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
  });
});

describe("colours, Chinese labels and totals", () => {
  const input = [violating, clean, "{broken"].join("\n") + "\n";

  it("FORCE_COLOR=1 colours pretty output in a pipe; NO_COLOR=1 turns colours off (and wins)", async () => {
    const forced = await hegui(["scan", "--format", "pretty"], { input, env: { FORCE_COLOR: "1" } });
    expect(forced.out).toContain(ESC);
    const plain = await hegui(["scan", "--format", "pretty"], { input });
    expect(plain.out).not.toContain(ESC);
    expect(plain.out).toContain("[包成活]");
    const none = await hegui(["scan", "--format", "pretty"], { input, env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(none.out).not.toContain(ESC);
    expect(none.out).toBe(plain.out);
    // Colour only decorates: without the escapes the text is the same.
    expect(forced.out.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain.out.replace(/\[包成活\]/, "包成活"));
  });

  it("wantsColor follows NO_COLOR, FORCE_COLOR, then the terminal", () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(true, { TERM: "dumb" })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(wantsColor(true, { FORCE_COLOR: "0" })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });

  it("pretty output labels in Chinese with the English id beside and closes with totals that agree with the JSONL verdicts", async () => {
    const jsonl = await hegui(["scan"], { input });
    const verdicts = jsonl.lines.map((l) => JSON.parse(l)).filter((v) => v.decision);
    const count = (d: string) => verdicts.filter((v) => v.decision === d).length;
    const violations = verdicts.reduce((n, v) => n + v.violations.length, 0);
    expect(violations).toBeGreaterThan(0);

    const r = await hegui(["scan", "--format", "pretty"], { input });
    expect(r.code).toBe(2); // the broken line
    const cat = verdicts.find((v) => v.violations.length).violations[0];
    expect(r.out).toContain(`${CATEGORY_NAMES[cat.category as keyof typeof CATEGORY_NAMES]} ${cat.category}`);
    expect(r.out).toContain(`${SEVERITY_NAMES[cat.severity as keyof typeof SEVERITY_NAMES]} ${cat.severity}`);
    expect(r.out).toContain(`${DECISION_NAMES.pass} PASS`);
    const last = r.lines[r.lines.length - 1];
    expect(last).toBe(
      `合计 ${verdicts.length} items: 通过 pass ${count("pass")}, 需复核 review ${count("review")}, 拦截 block ${count("block")}; ${violations} violation${violations === 1 ? "" : "s"}; 1 error`,
    );
  });

  it("the terminal's labels are the review page's", async () => {
    const web = (await import(new URL("../web/labels.js", import.meta.url).href)) as { CATEGORY_NAMES: object; SEVERITY_NAMES: object; DECISIONS: Record<string, { label: string }> };
    expect(CATEGORY_NAMES).toEqual(web.CATEGORY_NAMES);
    expect(SEVERITY_NAMES).toEqual(web.SEVERITY_NAMES);
    expect(DECISION_NAMES).toEqual(Object.fromEntries(Object.entries(web.DECISIONS).map(([k, v]) => [k, v.label])));
  });
});

describe("clear errors", () => {
  it("an empty file: exit 2 with a message naming it", async () => {
    const f = file("empty.jsonl", "");
    const r = await hegui(["scan", f]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${f}: no items`);
    const blank = await hegui(["scan", file("blank.jsonl", "\n  \n")]);
    expect(blank.code).toBe(2);
    expect(blank.err).toMatch(/no items/);
  });

  it("no input on stdin: exit 2 with a message", async () => {
    const r = await hegui(["scan"], { input: "" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no input on stdin/);
  });

  it("a missing file: `cannot read FILE: no such file`, exit 2, for scan and submit", async () => {
    const missing = join(dir, "nope.jsonl");
    for (const cmd of ["scan", "submit"]) {
      const r = await hegui([cmd, missing], { env: { REDIS_URL: "redis://127.0.0.1:1" } });
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(`hegui ${cmd}: cannot read ${missing}: no such file`);
    }
    const d = await hegui(["scan", dir]);
    expect(d.code).toBe(2);
    expect(d.err.trim()).toBe(`hegui scan: cannot read ${dir}: is a directory`);
  });

  it('a line without id: `line 3: missing "id"`, the other lines judged', async () => {
    const f = file("noid.jsonl", [clean, violating, '{"channel":"caption","text":"你好"}', ""].join("\n"));
    const r = await hegui(["scan", f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}, line 3: missing "id"`);
    expect(JSON.parse(r.lines[2])).toMatchObject({ line: 3, error: 'missing "id"' });
    expect(r.lines.slice(0, 2).map((l) => JSON.parse(l).id)).toEqual(["c", "v"]);
    // A wrong type is still told apart from an absent field.
    const t = await hegui(["scan"], { input: '{"id":"t","channel":"caption","text":42}\n' });
    expect(JSON.parse(t.lines[0]).error).toMatch(/^text: /);
  });

  it("plain-text lines and JSONL lines have the same size limit", async () => {
    const long = "好".repeat(1_000_001);
    const plain = await hegui(["scan"], { input: long + "\n" + "欢迎来到直播间\n" });
    const json = await hegui(["scan"], { input: JSON.stringify({ id: "x", channel: "script", text: long }) + "\n" + "欢迎来到直播间\n" });
    for (const r of [plain, json]) {
      expect(r.code).toBe(2);
      expect(JSON.parse(r.lines[0]).error).toMatch(/^text: longer than 1000000 characters/);
      expect(JSON.parse(r.lines[1]).decision).toBe("pass");
    }
  });
});

describe("verdicts from the stream", () => {
  const url = inject("redisUrl");
  const prefix = testPrefix("cliux");
  const redis = new Redis(url);
  const key = `${prefix}:verdicts`;
  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  async function fill(n: number): Promise<void> {
    const verdict = (i: number) =>
      JSON.stringify({
        id: `s${i}`,
        decision: i % 2 ? "review" : "pass",
        score: i % 2 ? 0.5 : 0,
        lexiconVersion: "000000000000",
        violations: i % 2 ? [{ category: "absolute_claim", severity: "general", confidence: 0.7, matched: "第一", field: "text", start: 0, end: 2, rule: "r", ruleId: "x", spans: [] }] : [],
      });
    const pipe = redis.pipeline();
    for (let i = 0; i < n; i++) pipe.xadd(key, "*", "type", "verdict", "id", `s${i}`, "data", verdict(i));
    pipe.xadd(key, "*", "type", "error", "id", "bad", "data", JSON.stringify({ id: "bad", error: "no text" }));
    await pipe.exec();
  }

  it("hegui verdicts --format pretty: labels and totals; hegui verdicts | head: exit 0, no stack", async () => {
    await fill(3000);
    const env = { REDIS_URL: url, HEGUI_PREFIX: prefix };
    const cut = await heguiHead("verdicts", 3, env);
    expect(cut.err).toBe("");
    expect(cut.code).toBe(0);
    expect(cut.lines).toHaveLength(3);

    const r = await hegui(["verdicts", "--format", "pretty"], { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain("绝对化用语 absolute_claim");
    expect(r.out).toContain("bad: ERROR no text");
    expect(r.lines[r.lines.length - 1]).toBe("合计 3000 items: 通过 pass 1500, 需复核 review 1500, 拦截 block 0; 1500 violations; 1 error");
    const bad = await hegui(["verdicts", "--format", "xml"], { env });
    expect(bad.code).toBe(2);
  });
});
