/**
 * Issue 16 item 5: hegui as a library, imported the way a user would.
 *
 * `npm pack` makes the tarball (of the dist/ the global setup built); it is
 * installed into a scratch project in a temp dir — unpacked to
 * node_modules/hegui, its runtime dependencies linked from this checkout's
 * node_modules (the machine is offline: no registry) — and from that project:
 *
 *   node -e "import('hegui').then(m => console.log(typeof m.createEngine))"   → function
 *
 * plus a review through the package's own lexicons, config and models, the
 * "hegui/lexicon" subpath, a deep import the exports map refuses, and `tsc`
 * type-checking a TypeScript file against the package's declarations.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; dependencies: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), "hegui-pack-"));
const project = join(work, "project");

function node(code: string): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env.HEGUI_LEXICONS; // the package's own lexicons
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: project, encoding: "utf8", env });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr };
}

describe("the packed package, installed in a scratch project", () => {
  let tarball: string;

  beforeAll(() => {
    // --ignore-scripts: `prepare` would build again; the global setup built dist/.
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" });
    tarball = join(work, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
    const dest = join(project, "node_modules", "hegui");
    mkdirSync(dest, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", dest, "--strip-components=1"]);
    // The runtime dependencies, as `npm install` would have put them (linked: no registry here).
    for (const dep of Object.keys(pkg.dependencies)) {
      const link = join(project, "node_modules", dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", dep), link, "dir");
    }
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module", dependencies: { hegui: `file:${tarball}` } }, null, 2));
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the compiled code, declarations, lexicons, config, models and the review migrations, and no sources or tests", () => {
    const dest = join(project, "node_modules", "hegui");
    for (const f of ["package.json", "bin/hegui.js", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/lexicon/public.d.ts", "dist/src/api/index.d.ts", "lexicons/_groups.yaml", "config/policy.json", "config/queues.json", "migrations/001_review.sql"]) {
      expect(existsSync(join(dest, f)), f).toBe(true);
    }
    for (const f of ["src/index.ts", "test", "dist/bench", "node_modules"]) expect(existsSync(join(dest, f)), f).toBe(false);
  });

  it(`node -e "import('hegui').then(m => console.log(typeof m.createEngine))" prints function`, () => {
    const r = node("import('hegui').then(m => console.log(typeof m.createEngine))");
    expect(r.err).toBe("");
    expect(r.out).toBe("function");
  });

  it("reviews an item with the package's own lexicons and policy, through review() and createEngine()", () => {
    const r = node(`
      import { createEngine, review, CATEGORIES } from "hegui";
      const item = { id: "p1", channel: "script", text: "这是全网最低价的产品" };
      const a = review(item);
      const b = createEngine({ explain: false }).review(item);
      let bad;
      try { review({ id: "p2", channel: "nope", text: "x" }); } catch (e) { bad = e.constructor.name + ": " + e.message; }
      console.log(JSON.stringify({ decision: a.decision, ids: a.violations.map((v) => v.ruleId), same: b.decision === a.decision, categories: CATEGORIES.length, bad }));
    `);
    expect(r.err).toBe("");
    const o = JSON.parse(r.out) as { decision: string; ids: string[]; same: boolean; categories: number; bad: string };
    expect(o.decision).not.toBe("pass");
    expect(o.ids.length).toBeGreaterThan(0);
    expect(o.same).toBe(true);
    expect(o.categories).toBe(16);
    expect(o.bad).toMatch(/^TypeError: .*channel/);
  });

  it("hegui/lexicon is exported; internals are not", () => {
    const r = node(`import('hegui/lexicon').then(m => console.log(typeof m.LexiconFollower, typeof m.publishLexicon, m.loadLexicon().version.length))`);
    expect(r.err).toBe("");
    expect(r.out).toBe("function function 12");
    const deep = node(`import('hegui/dist/src/engine.js').then(() => console.log("imported"), (e) => console.log(e.code))`);
    expect(deep.out).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("TypeScript finds the declarations through the exports map", () => {
    writeFileSync(
      join(project, "use.ts"),
      `import { createEngine, review, type Verdict, type Item, type Decision } from "hegui";
import type { Announcement } from "hegui/lexicon";
const item: Item = { id: "t", channel: "caption", text: "hello" };
const v: Verdict = review(item, { engine: createEngine() });
const d: Decision = v.decision;
const a: Announcement | undefined = undefined;
export { d, a };
// @ts-expect-error a decision is not a number
const n: number = v.decision;
export { n };
`,
    );
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["use.ts"] }));
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);
});
