/**
 * Redis URLs with a password and with TLS (issue 8, safety): a private
 * redis-server with `requirepass` and a TLS port (self-signed certificate made
 * with openssl), reached through the same connection helpers the CLI, workers
 * and queues use.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producerConnection, RedisUnavailableError, safeUrl, workerConnection } from "../../src/io/redis.js";
import { sparePort } from "../support/redis-server.js";
import { testPrefix } from "../support/prefix.js";

const haveOpenssl = !spawnSync("openssl", ["version"]).error;
const dir = mkdtempSync(join(tmpdir(), "hegui-tls-"));
let proc: ChildProcess | undefined;
let port = 0;
let tlsPort = 0;
const PASSWORD = "s3cret-pw";

beforeAll(async () => {
  if (!haveOpenssl) return;
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ]);
  expect(made.status, String(made.stderr)).toBe(0);
  // A spare port may be taken by another test process before redis-server binds it: on an early exit,
  // try again with new ports; a slow start under load gets up to 15 s.
  let log = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    port = await sparePort();
    // The OS may hand out the same free port twice in a row.
    do tlsPort = await sparePort();
    while (tlsPort === port);
    const p = spawn("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", PASSWORD,
      "--tls-port", String(tlsPort), "--tls-cert-file", join(dir, "cert.pem"), "--tls-key-file", join(dir, "key.pem"),
      "--tls-ca-cert-file", join(dir, "cert.pem"), "--tls-auth-clients", "no",
    ], { stdio: ["ignore", "pipe", "pipe"] });
    proc = p;
    log = "";
    p.stdout!.on("data", (b: Buffer) => (log += b.toString()));
    p.stderr!.on("data", (b: Buffer) => (log += b.toString()));
    let exited = false;
    p.once("exit", () => (exited = true));
    for (let i = 0; i < 150 && !exited; i++) {
      try {
        const r = await producerConnection(`redis://:${PASSWORD}@127.0.0.1:${port}`);
        r.disconnect();
        return;
      } catch {
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    p.kill("SIGKILL");
  }
  throw new Error(`the password-protected redis-server did not start (3 tries); its last output:\n${log.slice(-2000)}`);
}, 90_000);

afterAll(() => {
  proc?.kill("SIGKILL");
  delete process.env.REDIS_TLS_CA_FILE;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveOpenssl)("Redis with a password and TLS", () => {
  it("refuses a URL without the password with a clear message", async () => {
    const err = await producerConnection(`redis://127.0.0.1:${port}`).catch((e) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err.message).toMatch(/NOAUTH|Authentication/i);
  });

  it("connects with the password in the URL, and never prints it", async () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const r = await producerConnection(url);
    expect(await r.ping()).toBe("PONG");
    r.disconnect();
    expect(safeUrl(url)).not.toContain(PASSWORD);
    const err = await producerConnection(`redis://:wrong@127.0.0.1:${port}`).catch((e) => e);
    expect(err.message).not.toContain("wrong@");
  });

  it("connects over TLS (rediss://) with the CA from REDIS_TLS_CA_FILE", async () => {
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}`;
    // Without the CA the self-signed certificate is refused.
    delete process.env.REDIS_TLS_CA_FILE;
    await expect(producerConnection(url)).rejects.toBeInstanceOf(RedisUnavailableError);
    process.env.REDIS_TLS_CA_FILE = join(dir, "cert.pem");
    const r = await producerConnection(url);
    expect(await r.ping()).toBe("PONG");
    r.disconnect();
  });

  it("runs a BullMQ job end to end over TLS with a password", async () => {
    process.env.REDIS_TLS_CA_FILE = join(dir, "cert.pem");
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}`;
    const prefix = testPrefix("tls");
    const conn = workerConnection(url);
    const queue = new Queue("t", { connection: conn, prefix });
    const events = new QueueEvents("t", { connection: workerConnection(url), prefix });
    const worker = new Worker("t", async (job) => ({ echoed: job.data.n }), { connection: workerConnection(url), prefix });
    // Both ends connected (TLS handshakes take a while on a loaded machine) before the job goes in.
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
    const job = await queue.add("x", { n: 7 });
    expect(await job.waitUntilFinished(events, 10_000)).toEqual({ echoed: 7 });
    await worker.close();
    await events.close();
    await queue.close();
    conn.disconnect();
  });
});
