/**
 * Finding a Redis for tests: REDIS_URL if set, else a server on 127.0.0.1:6379,
 * else `redis-server` started on a spare port, else a clear failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export async function ping(url: string, timeoutMs = 1500): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartedRedis {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Start a private redis-server (optionally with AOF persistence in `dir`). */
export async function startRedis(opts: { port?: number; dir?: string; aof?: boolean } = {}): Promise<StartedRedis> {
  const which = spawnSync("redis-server", ["--version"]);
  if (which.error) {
    throw new Error(
      "No Redis for the tests: set REDIS_URL, run a server on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).",
    );
  }
  const port = opts.port ?? (await sparePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"];
  if (opts.aof) args.push("--appendonly", "yes", "--appendfsync", "always");
  else args.push("--appendonly", "no");
  if (opts.dir) args.push("--dir", opts.dir);
  const proc = spawn("redis-server", args, { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await ping(url, 300)) {
      return {
        url,
        port,
        proc,
        stop: () =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null) return resolve();
            proc.once("exit", () => resolve());
            proc.kill("SIGTERM");
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer`);
}

export async function findOrStartRedis(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.REDIS_URL) {
    if (!(await ping(process.env.REDIS_URL))) throw new Error(`REDIS_URL=${process.env.REDIS_URL} does not answer PING`);
    return { url: process.env.REDIS_URL };
  }
  if (await ping("redis://127.0.0.1:6379")) return { url: "redis://127.0.0.1:6379" };
  const started = await startRedis();
  return { url: started.url, stop: started.stop };
}
