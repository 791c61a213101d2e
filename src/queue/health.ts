/**
 * The small HTTP server of `hegui workers --metrics-port N [--metrics-host H]`:
 *
 *   GET /metrics   Prometheus text (src/queue/metrics.ts)
 *   GET /healthz   200 {status:"ok", lexiconVersion, pid, uptimeSeconds} while the process runs; 503 once it stops
 *   GET /readyz    200 when the workers take jobs (Redis connected, workers running); else 503 with the reason
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface HealthSource {
  registry: Registry;
  lexiconVersion(): string;
  /** undefined when ready, else why not. */
  notReady(): string | undefined;
  stopping(): boolean;
}

export interface HealthServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

function json(res: import("node:http").ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(data), "cache-control": "no-store" });
  res.end(data);
}

export async function startHealthServer(src: HealthSource, port: number, host = "127.0.0.1"): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const known = path === "/metrics" || path === "/healthz" || path === "/readyz";
    if (!known) return json(res, 404, { error: `no such endpoint: ${req.method} ${path}`, code: "not_found" });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET");
      return json(res, 405, { error: `${path} takes GET`, code: "method_not_allowed" });
    }
    if (path === "/healthz") {
      if (src.stopping()) return json(res, 503, { status: "stopping", lexiconVersion: src.lexiconVersion() });
      return json(res, 200, { status: "ok", lexiconVersion: src.lexiconVersion(), pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
    }
    if (path === "/readyz") {
      const why = src.stopping() ? "stopping" : src.notReady();
      return why ? json(res, 503, { status: "not ready", reason: why }) : json(res, 200, { status: "ready", lexiconVersion: src.lexiconVersion() });
    }
    src.registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": src.registry.contentType, "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
        res.end(text);
      },
      (e: Error) => json(res, 500, { error: `metrics: ${e.message}`, code: "internal" }),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
  return {
    server,
    port: a.port,
    url: `http://${h}:${a.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
