/** The bad-input matrix through the CLI: each bad line gets a clear error record, nothing crashes, the rest go on. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin", "hegui.js");

beforeAll(() => {
  const r = spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}, 120_000);

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

const ok = '{"id":"after","channel":"caption","text":"包成活"}';
const nested = "[".repeat(5000) + "]".repeat(5000);
const deepObj = '{"id":"deep","channel":"caption","text":"x","extra":' + '{"a":'.repeat(3000) + "1" + "}".repeat(3000) + "}";

const matrix: Array<[name: string, line: Buffer | string, expectError: RegExp | null]> = [
  ["empty text", '{"id":"e","channel":"caption","text":""}', /text/],
  ["whitespace text", '{"id":"w","channel":"script","text":"   "}', /text/],
  ["1 MB of text", JSON.stringify({ id: "big", channel: "script", text: "这个锅很好用 ".repeat(140_000) }), null],
  ["invalid UTF-8", Buffer.concat([Buffer.from('{"id":"u","channel":"caption","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), /UTF-8/],
  ["NUL bytes", Buffer.from('{"id":"n","channel":"caption","text":"a\u0000b"}'), /NUL/],
  ["escaped NUL in JSON", '{"id":"n2","channel":"caption","text":"a\\u0000b包成活"}', null],
  ["binary", Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47]), /NUL|UTF-8|JSON/],
  ["10,000 emoji", JSON.stringify({ id: "emoji", channel: "caption", text: "😀".repeat(10_000) }), null],
  ["zero-width flood", JSON.stringify({ id: "zw", channel: "caption", text: "包" + "\u200b".repeat(50_000) + "成活" }), null],
  ["deeply nested JSON array", nested, /object/],
  ["deeply nested JSON object", deepObj, null],
  ["wrong types", '{"id":"t","channel":"caption","text":42}', /text/],
  ["fragments of wrong type", '{"id":"t2","channel":"caption","fragments":"包成活"}', /fragments/],
  ["missing id", '{"channel":"caption","text":"你好"}', /id/],
  ["unknown channel", '{"id":"c","channel":"tv","text":"你好"}', /channel/],
  ["listing without listing", '{"id":"l","channel":"listing"}', /listing/],
  ["JSON that is not an object", "[1,2,3]", /object/],
];

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
