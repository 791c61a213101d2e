/**
 * The acceptance path end to end, on both backends: `hegui serve` takes an item
 * decided review on POST /v1/review; it shows up in `hegui review list --status
 * open --format json`; `hegui review decide` changes `hegui review stats`; after
 * a restart of the server nothing decided is lost and the audit trail rebuilds
 * every task.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withUser } from "../../src/review/db.js";
import { HEGUI_BIN, ROOT, runCli } from "../support/cli.js";
import { testPrefix } from "../support/prefix.js";
import { PG_URL } from "./backends.js";

interface Serve {
  url: string;
  child: ChildProcess;
  err: () => string;
  stop(): Promise<number | null>;
}

function serve(env: Record<string, string | undefined>): Promise<Serve> {
  const full: NodeJS.ProcessEnv = { ...process.env, HEGUI_API_TOKEN: "", ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
  const child = spawn(process.execPath, [HEGUI_BIN, "serve", "--port", "0"], { cwd: ROOT, env: full });
  let out = "";
  let err = "";
  child.stderr!.on("data", (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 90_000);
    child.stdout!.on("data", (c) => {
      out += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          err: () => err,
          stop: () =>
            new Promise((r) => {
              child.once("exit", (code) => r(code));
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

const dirs: string[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (schemas.length) {
    const c = new pg.Client({ connectionString: withUser(PG_URL) });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  }
});

const cases: Array<{ name: string; env: () => Record<string, string | undefined> }> = [
  {
    name: "embedded PGlite (no DATABASE_URL)",
    env: () => {
      const d = mkdtempSync(join(tmpdir(), "hegui-review-db-"));
      dirs.push(d);
      return { DATABASE_URL: undefined, HEGUI_DB_DIR: join(d, "db") };
    },
  },
];
if (process.env.HEGUI_TEST_NO_POSTGRES !== "1") {
  cases.push({
    name: "PostgreSQL (DATABASE_URL)",
    env: () => {
      const s = `hegui_test_cli_${process.pid}_${randomBytes(3).toString("hex")}`;
      schemas.push(s);
      return { DATABASE_URL: PG_URL, HEGUI_DB_SCHEMA: s };
    },
  });
}

for (const c of cases) {
  describe(`hegui serve + hegui review on ${c.name}`, () => {
    it("lists a reviewed item, decides it, counts it in the stats, and keeps it across a restart", async () => {
      const env = { ...c.env(), HEGUI_PREFIX: testPrefix("reviewcli") };
      let s = await serve(env);
      try {
        const v = await (await fetch(`${s.url}/v1/review`, { method: "POST", body: JSON.stringify({ id: "cli-1", channel: "script", text: "这个是最好的" }) })).json();
        expect(v.decision).toBe("review");
        const list = await runCli(["review", "list", "--status", "open", "--format", "json"], { env });
        expect(list.code, list.err).toBe(0);
        const tasks = JSON.parse(list.out) as Array<{ id: number; itemId: string; violations: Array<{ id: string }> }>;
        expect(tasks.map((t) => t.itemId)).toEqual(["cli-1"]);
        const before = JSON.parse((await runCli(["review", "stats", "--format", "json"], { env })).out);
        expect(before.tasks).toEqual({ open: 1, claimed: 0, done: 0 });
        const d = await runCli(["review", "decide", String(tasks[0].id), "--reviewer", "alice", "--verdict", "reject", "--reason", "不是宣传"], { env });
        expect(d.code, d.err).toBe(0);
        const after = JSON.parse((await runCli(["review", "stats", "--format", "json"], { env })).out);
        expect(after.tasks).toEqual({ open: 0, claimed: 0, done: 1 });
        expect(after.rules[0]).toMatchObject({ ruleId: tasks[0] && "absolute.zui-hao", confirmed: 0, rejected: 1, precision: 0 });
        // A second decision is refused: exit 2.
        const again = await runCli(["review", "decide", String(tasks[0].id), "--reviewer", "bob", "--verdict", "confirm"], { env });
        expect(again.code).toBe(2);
        expect(again.err).toMatch(/decided already/);
        // Without a token the routes are closed.
        expect((await fetch(`${s.url}/v1/review-tasks`)).status).toBe(401);
        expect(await s.stop()).toBe(0);
        s = await serve(env);
        const kept = JSON.parse((await runCli(["review", "list", "--status", "done", "--format", "json"], { env })).out);
        expect(kept.map((t: { itemId: string; reason: string }) => [t.itemId, t.reason])).toEqual([["cli-1", "不是宣传"]]);
        const verify = await runCli(["review", "audit", "--verify"], { env });
        expect(verify.code, verify.err).toBe(0);
        const exported = await runCli(["review", "export", "--rejected"], { env });
        expect(JSON.parse(exported.lines[0])).toMatchObject({ term: "最好的", label: "ordinary", category: "absolute_claim" });
      } finally {
        await s.stop();
      }
      // With no server running the command opens the database itself.
      const direct = await runCli(["review", "list", "--format", "json"], { env });
      expect(direct.code, direct.err).toBe(0);
      expect(JSON.parse(direct.out).length).toBe(1);
    }, 300_000);
  });
}
