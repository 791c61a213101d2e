/** `hegui serve` as a process (SIGTERM ends it cleanly) and graceful close of the server. */
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startApi } from "./support/api-server.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("graceful close", () => {
  it("lets a running request finish, refuses new connections, and does not wait for idle keep-alive sockets", async () => {
    const s = await startApi();
    // An idle keep-alive connection must not hold the close for the keep-alive timeout.
    const agentRes = await fetch(`${s.url}/healthz`);
    await agentRes.text();

    // A request whose body is still arriving when the close starts.
    const body = JSON.stringify({ text: "包成活" });
    const pending = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = httpRequest(`${s.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        let data = "";
        res.on("data", (c) => (data += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data, connection: res.headers.connection }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 5));
      setTimeout(() => req.end(body.slice(5)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const closed = s.api.close(5000);
    const res = await pending;
    await closed;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).violations[0].term).toBe("包成活");
    expect(res.connection).toBe("close");
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });
});

describe("hegui serve", () => {
  it("listens on --port, answers, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(root, "bin", "hegui.js"), "serve", "--port", "0", "--lexicons", FIXTURE_LEXICONS], {
      cwd: root,
      env: { ...process.env, HEGUI_API_TOKEN: "" },
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 30_000);
      child.stdout.on("data", (c) => {
        out += c;
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
    });
    const h = await (await fetch(`${url}/healthz`)).json();
    expect(h.status).toBe("ok");
    const v = await (await fetch(`${url}/v1/review`, { method: "POST", body: JSON.stringify({ text: "加微信" }) })).json();
    expect(v.violations[0].category).toBe("private_trade");
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(err).toContain("SIGTERM");
  });

  it("rejects a bad --port with exit 2", async () => {
    const child = spawn(process.execPath, [join(root, "bin", "hegui.js"), "serve", "--port", "http"], { cwd: root });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be an integer/);
  });
});
