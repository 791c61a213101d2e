/** `hegui account show|appeal|exam|rebuild`, in-process against the test Redis. */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import "../../src/cli/cmd-account.js";
import { run, USAGE } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";
import { Ledger } from "../../src/ledger/index.js";
import { testPrefix } from "../support/prefix.js";
import { item, verdict, violation } from "./helpers.js";

const redis = new Redis(inject("redisUrl"));
const prefix = testPrefix("accountcli");
const saved = { url: process.env.REDIS_URL, prefix: process.env.HEGUI_PREFIX };

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), stdoutIsTTY: false };
  return { cli, out, err };
}

const v1 = violation("i1", "absolute_claim", "general");

beforeAll(async () => {
  process.env.REDIS_URL = inject("redisUrl");
  process.env.HEGUI_PREFIX = prefix;
  const it1 = item("i1", { id: "acct-1", role: "merchant" });
  await new Ledger(redis, prefix).applyVerdict(it1, verdict(it1, [v1]));
});
afterAll(async () => {
  process.env.REDIS_URL = saved.url;
  if (saved.prefix === undefined) delete process.env.HEGUI_PREFIX;
  else process.env.HEGUI_PREFIX = saved.prefix;
  await redis.quit();
});

describe("hegui account", () => {
  it("is in the usage text", () => {
    expect(USAGE).toContain("hegui account show ID");
    expect(USAGE).toContain("hegui account appeal ID VIOLATION_ID");
  });
  it("show prints the account as JSON (not a TTY) and readable text with --format pretty", async () => {
    const a = io();
    expect(await run(["account", "show", "acct-1"], a.cli)).toBe(0);
    const s = JSON.parse(a.out[0]);
    expect(s).toMatchObject({ accountId: "acct-1", credit: { deducted: 3, remaining: 9 }, deposit: { deducted: 200 } });
    const b = io();
    expect(await run(["account", "show", "acct-1", "--format", "pretty"], b.cli)).toBe(0);
    expect(b.out.join("\n")).toMatch(/account acct-1 \(merchant\)[\s\S]*9\/12 points left[\s\S]*absolute_claim general/);
  });
  it("appeal reverses the violation; an unknown violation exits 2 with a message", async () => {
    const a = io();
    expect(await run(["account", "appeal", "acct-1", v1.id!], a.cli)).toBe(0);
    expect(JSON.parse(a.out[0])).toMatchObject({ credit: { deducted: 0 }, deposit: { deducted: 0 } });
    const b = io();
    expect(await run(["account", "appeal", "acct-1", "vmissing"], b.cli)).toBe(2);
    expect(b.err[0]).toContain("has no violation vmissing");
  });
  it("bad usage exits 2", async () => {
    const a = io();
    expect(await run(["account", "show"], a.cli)).toBe(2);
    expect(await run(["account", "frobnicate", "x"], a.cli)).toBe(2);
    expect(await run(["account", "show", "x", "--format", "xml"], a.cli)).toBe(2);
  });
  it("rebuild gives the same account as show", async () => {
    const a = io();
    await run(["account", "show", "acct-1"], a.cli);
    await run(["account", "rebuild", "acct-1"], a.cli);
    // The CLI reads the wall clock: compare everything but the moment of viewing.
    const { asOf: _a, ...shown } = JSON.parse(a.out[0]);
    const { asOf: _b, ...rebuilt } = JSON.parse(a.out[1]);
    expect(rebuilt).toEqual(shown);
  });
});
