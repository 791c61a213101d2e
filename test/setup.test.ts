/**
 * `npm run setup` on a fresh clone prints no `npm error` line (issue 14): the
 * lockfile must satisfy this npm's `npm ci` as it is, without the npm 10
 * fallback. `npm ci --dry-run` runs the same lockfile check without installing.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

function npm(args: string[], cwd: string): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn("npm", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    p.stdout!.on("data", (b: Buffer) => (text += b.toString()));
    p.stderr!.on("data", (b: Buffer) => (text += b.toString()));
    p.once("error", reject);
    p.once("close", (code) => resolve({ code, text }));
  });
}

describe("npm run setup", () => {
  it("npm ci accepts package-lock.json as it is: no `npm error` line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hegui-setup-"));
    copyFileSync(join(root, "package.json"), join(dir, "package.json"));
    copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
    const r = await npm(["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
    expect(r.text.split("\n").filter((l) => l.startsWith("npm error")), r.text).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);

  it("setup is npm ci first", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.setup.startsWith("npm ci ")).toBe(true);
  });
});
