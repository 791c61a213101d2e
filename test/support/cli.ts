/**
 * Spawning the built CLI from tests, asynchronously: a spawnSync blocks the
 * test worker, and on a loaded machine vitest's RPC to it times out
 * ("Timeout calling onTaskUpdate") and the run ends with errors.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_LEXICONS } from "./engine.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const HEGUI_BIN = join(ROOT, "bin", "hegui.js");

export interface Spawned {
  code: number | null;
  stdout: Buffer;
  out: string;
  err: string;
  /** Non-empty stdout lines. */
  lines: string[];
}

export interface SpawnOptions {
  input?: string | Buffer;
  /** Added to the environment; undefined removes a variable. NO_COLOR/FORCE_COLOR are removed unless given. */
  env?: Record<string, string | undefined>;
}

export function spawnCollect(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HEGUI_LEXICONS: FIXTURE_LEXICONS };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    p.stdout.on("data", (b: Buffer) => out.push(b));
    p.stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
    p.once("error", reject);
    p.once("close", (code) => {
      const stdout = Buffer.concat(out);
      const text = stdout.toString("utf8");
      resolve({ code, stdout, out: text, err, lines: text.split("\n").filter(Boolean) });
    });
    p.stdin.on("error", () => {});
    p.stdin.end(opts.input ?? "");
  });
}

/** `hegui ARGS` with the fixture lexicons. */
export const runCli = (args: string[], opts: SpawnOptions = {}) => spawnCollect(process.execPath, [HEGUI_BIN, ...args], opts);
