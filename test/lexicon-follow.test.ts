/**
 * Issue 16 item 4: one lexicon version everywhere.
 *
 * `hegui serve` and two `hegui workers` processes (each with --metrics-port)
 * run on the same Redis prefix, started on the fixture lexicon from a
 * directory only they were given. A lexicon published from another directory
 * (removed before anyone loads it: followers read the bundle in Redis, never a
 * path) reaches all three: serve's /v1/lexicons and /metrics, each worker's
 * /metrics and /healthz report the new version, and serve's review threads
 * judge with it. Then two broken bundles announced anyway (bypassing the
 * CLI's check) are refused by all three, which keep the version they run.
 *
 * The time from the publish until the last of the three reports the new
 * version is printed (the issue asks for under 2 s); the test itself waits up
 * to 60 s and asserts no wall-clock time (house rule).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { lexiconVersionOf } from "../src/lexicon/read.js";
import { publishBundle, publishLexicon } from "../src/lexicon/reload.js";
import { addEntry, copyLexicons, SHANZHAI } from "./support/lexicon-copy.js";
import { testPrefix } from "./support/prefix.js";
import { envFor, HEGUI, startWorkerProc, type WorkerProc } from "./queue/helpers.js";

const redisUrl = inject("redisUrl");
const redis = new Redis(redisUrl);
const prefix = testPrefix("follow");
const env = envFor(redisUrl, prefix, { HEGUI_API_TOKEN: "", HEGUI_LOG_FORMAT: "json", HEGUI_REVIEW_THREADS: "1" });



interface Serve {
  proc: ChildProcess;
  url: string;
  log(): string;
  stop(): Promise<void>;
}

function startServe(lexicons: string): Promise<Serve> {
  const proc = spawn(process.execPath, [HEGUI, "serve", "--port", "0", "--lexicons", lexicons], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /hegui serve: (http:\/\/[^/\s]+)\//.exec(log);
      if (m) {
        clearInterval(t);
        resolve({
          proc,
          url: m[1],
          log: () => log,
          async stop() {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
            await exited;
          },
        });
      }
    }, 50);
    void exited.then(() => {
      clearInterval(t);
      reject(new Error(`hegui serve exited before it listened:\n${log}`));
    });
  });
}

const metricsUrl = (w: WorkerProc) => {
  const m = /"metrics":"(http:\/\/[^"]+)\/metrics"/.exec(w.log());
  if (!m) throw new Error(`no metrics URL in the worker's log:\n${w.log()}`);
  return m[1];
};

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, text: await r.text() };
};
const lexiconInfo = (metrics: string) => /^hegui_lexicon_info\{version="([0-9a-f]+)"\} 1$/m.exec(metrics)?.[1];
const reloads = (metrics: string, result: string) => Number(new RegExp(`^hegui_lexicon_reloads_total\\{result="${result}"\\} (\\d+)$`, "m").exec(metrics)?.[1] ?? NaN);

/** What each process says it runs: serve's /v1/lexicons and /metrics, each worker's /metrics and /healthz. */
async function versions(serve: Serve, workers: WorkerProc[]): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  out["serve /v1/lexicons"] = (JSON.parse((await get(`${serve.url}/v1/lexicons`)).text) as { version: string }).version;
  out["serve /metrics"] = lexiconInfo((await get(`${serve.url}/metrics`)).text);
  for (const [i, w] of workers.entries()) {
    const base = metricsUrl(w);
    out[`worker ${i} /metrics`] = lexiconInfo((await get(`${base}/metrics`)).text);
    out[`worker ${i} /healthz`] = (JSON.parse((await get(`${base}/healthz`)).text) as { lexiconVersion: string }).lexiconVersion;
  }
  return out;
}

async function until(pred: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  while (!(await pred())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return performance.now() - t0;
}

describe("one lexicon version everywhere: hegui serve and two workers follow `hegui lexicon publish`", () => {
  let serve: Serve;
  const workers: WorkerProc[] = [];
  let start: string;

  beforeAll(async () => {
    const own = copyLexicons("follow");
    serve = await startServe(own);
    for (let i = 0; i < 2; i++) workers.push(await startWorkerProc(env, ["--lexicons", own, "--metrics-port", "0", "--queues", "captions"]));
    start = (await versions(serve, workers))["serve /v1/lexicons"]!;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([serve?.stop(), ...workers.map((w) => w.stop())]);
    await redis.quit();
  });

  it("all three start on the same version and report it", async () => {
    const v = await versions(serve, workers);
    expect(new Set(Object.values(v)), JSON.stringify(v)).toEqual(new Set([start]));
    const r = await fetch(`${serve.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "s0", channel: "caption", text: "这个是山寨货" }) });
    expect(((await r.json()) as { violations: Array<{ ruleId: string }> }).violations.map((x) => x.ruleId)).not.toContain("fx.shanzhai");
  });

  it("a published lexicon reaches serve (page, API, review threads) and both workers", async () => {
    const dir = copyLexicons("follow", (d) => addEntry(d, SHANZHAI));
    const a = await publishLexicon(redis, prefix, dir);
    const t0 = performance.now();
    // Gone before anyone could read it: the followers load the bundle from Redis.
    rmSync(dir, { recursive: true, force: true });
    expect(a.version).not.toBe(start);
    let last: Record<string, string | undefined> = {};
    await until(async () => {
      last = await versions(serve, workers);
      return Object.values(last).every((v) => v === a.version) && serve.log().includes(`-> ${a.version} (`);
    }, "serve and both workers to report the published version");
    const ms = performance.now() - t0;
    // Each process's own time from the announcement to its switch (fetch, hash, compile, examples), from its log.
    const own = [
      ...workers.map((w) => (w.log().split("\n").filter((l) => l.includes(`-> ${a.version}`)).map((l) => JSON.parse(l) as { ms: number })[0]?.ms)),
      Number(new RegExp(`lexicon ${start} -> ${a.version} \\((\\d+) ms\\)`).exec(serve.log())?.[1]),
    ];
    process.stdout.write(`[lexicon-follow] serve and 2 workers on ${a.version} ${ms.toFixed(0)} ms after the publish (asked: under 2000 ms); each process's switch took ${own.join(", ")} ms (workers, serve)\n`);
    expect(last, JSON.stringify(last)).toEqual(Object.fromEntries(Object.keys(last).map((k) => [k, a.version])));
    // Serve's review threads judge with it too.
    const r = await fetch(`${serve.url}/v1/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "s1", channel: "caption", text: "这个是山寨货" }) });
    const v = (await r.json()) as { lexiconVersion: string; violations: Array<{ ruleId: string }> };
    expect(v.lexiconVersion).toBe(a.version);
    expect(v.violations.map((x) => x.ruleId)).toContain("fx.shanzhai");
    for (const w of workers) expect(reloads((await get(`${metricsUrl(w)}/metrics`)).text, "switched")).toBe(1);
    expect(reloads((await get(`${serve.url}/metrics`)).text, "switched")).toBe(1);
    for (const w of workers) expect(w.log()).toMatch(new RegExp(`"msg":"hegui workers: lexicon ${start} -> ${a.version}"`));
    expect(serve.log()).toContain(`hegui serve: lexicon ${start} -> ${a.version}`);
    start = a.version;
  });

  it("broken lexicons announced anyway are refused by all three, which keep their version", async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [];
    // 1. A must-hit example that does not hit (valid YAML and schema).
    const failing = copyLexicons("follow", (d) => addEntry(d, "  - id: fx.wrong\n    terms: [山寨货]\n    examples: {hit: [这句话里什么都没有], miss: [没有]}\n"));
    cases.push(["failing examples", readYamlFiles(failing), /1 example\(s\) fail \(counterfeit\.yaml, entry fx\.wrong, field examples\.hit\.0/]);
    // 2. A category file that does not validate.
    const invalid = readYamlFiles(copyLexicons("follow"));
    invalid["counterfeit.yaml"] = "category: counterfeit\nversion: x\n";
    cases.push(["invalid schema", invalid, /counterfeit\.yaml/]);
    for (const [name, files, why] of cases) {
      const version = lexiconVersionOf(files);
      const before = workers.map((w) => w.log().length);
      const serveBefore = serve.log().length;
      await publishBundle(redis, prefix, { version, files }, `test: ${name}`);
      await until(async () => {
        const refused = await Promise.all(workers.map(async (w) => reloads((await get(`${metricsUrl(w)}/metrics`)).text, "refused")));
        return refused.every((n) => n >= cases.findIndex((c) => c[0] === name) + 1) && serve.log().slice(serveBefore).includes("refused");
      }, `all three to refuse the ${name} bundle`);
      workers.forEach((w, i) => {
        const lines = w.log().slice(before[i]).split("\n").filter((l) => l.includes("refused"));
        expect(lines.length, `${name}: worker ${i}`).toBeGreaterThan(0);
        expect(lines[0], name).toMatch(why);
        expect(JSON.parse(lines[0])).toMatchObject({ level: "error", refused: version, lexiconVersion: start });
      });
      expect(serve.log().slice(serveBefore), name).toMatch(why);
      expect(reloads((await get(`${serve.url}/metrics`)).text, "refused"), name).toBe(cases.findIndex((c) => c[0] === name) + 1);
      const v = await versions(serve, workers);
      expect(new Set(Object.values(v)), `${name}: ${JSON.stringify(v)}`).toEqual(new Set([start]));
    }
  });
});

function readYamlFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith(".yaml")).map((n) => [n, readFileSync(join(dir, n), "utf8")]));
}
