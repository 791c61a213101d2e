#!/usr/bin/env node
// Latency of POST /v1/review for a 2,000-character script at 50 concurrent connections.
//   node bench/api-latency.mjs [--connections 50] [--duration 30] [--chars 2000]
// Starts `hegui serve` (built dist/, shipped lexicons) as its own process on a spare
// port, warms it up, then runs autocannon against it and prints the figures.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { connections: { type: "string", default: "50" }, duration: { type: "string", default: "30" }, chars: { type: "string", default: "2000" } } });
const connections = Number(values.connections);
const duration = Number(values.duration);
const chars = Number(values.chars);

/** The sample scripts, joined and repeated to exactly `chars` characters (a realistic mix of clean and risky lines). */
function script(n) {
  const texts = readFileSync(join(root, "samples", "scripts.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).text ?? "");
  let t = "";
  while ([...t].length < n) t += texts.join("\n");
  return [...t].slice(0, n).join("");
}

function startServer() {
  const child = spawn(process.execPath, [join(root, "bin", "hegui.js"), "serve", "--port", "0"], { cwd: root, env: { ...process.env, HEGUI_API_TOKEN: "" }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /(http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`hegui serve exited ${code}`)));
  });
}

function run(opts) {
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

const text = script(chars);
const body = JSON.stringify({ text });
const { child, url } = await startServer();
try {
  const probe = await (await fetch(`${url}/v1/review`, { method: "POST", headers: { "content-type": "application/json" }, body })).json();
  const request = { url: `${url}/v1/review`, method: "POST", headers: { "content-type": "application/json" }, body };
  await run({ ...request, connections, duration: 5 }); // warm-up: JIT, jieba caches
  const r = await run({ ...request, connections, duration });
  const l = r.latency;
  console.log(
    JSON.stringify(
      {
        endpoint: "POST /v1/review",
        scriptChars: [...text].length,
        violationsPerReview: probe.violations.length,
        connections,
        durationSeconds: duration,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        requestsPerSecond: r.requests.average,
        latencyMs: { p50: l.p50, p90: l.p90, p99: l.p99, p99_9: l.p99_9, max: l.max, mean: l.average },
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      },
      null,
      2,
    ),
  );
} finally {
  child.kill("SIGTERM");
}
