/**
 * Build dist/ once per test run, in the global setup, before any test file starts:
 * the CLI, worker processes and --local threads run compiled code. One build,
 * not one per file: builds in several test files at once rewrote dist/ while
 * other files' processes were loading it, and a synchronous tsc under load
 * blocked a test worker past vitest's 60 s RPC timeout.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export async function buildDist(): Promise<void> {
  const p = spawn(process.execPath, [fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.json"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  p.stdout!.on("data", (b: Buffer) => (text += b.toString()));
  p.stderr!.on("data", (b: Buffer) => (text += b.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    p.once("error", reject);
    p.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`build failed (tsc -p tsconfig.json exited ${code}):\n${text}`);
}
