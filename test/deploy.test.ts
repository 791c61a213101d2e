/**
 * Issue 16 item 6: the Dockerfile and compose.yaml.
 *
 * Always: both files are read and checked for what the deployment relies on
 * (multi-stage, non-root, native build tools in the build stage, every COPY
 * source present, the runtime image holding what the package ships; Redis with
 * AOF and noeviction, serve and two workers on it with health checks, Postgres
 * for the review store).
 * Where Docker Compose is installed (the v2 plugin, else Debian's docker-compose
 * 1.29): its `config` validates the file.
 * Where a Docker daemon answers and the base images (the Dockerfile's FROM, the
 * compose file's redis and postgres) are present or can be pulled: the image is
 * built (minutes the first time: nodejieba compiles) and run (`--version`, a
 * non-root user), then the stack is brought up from compose.yaml under its own
 * project name and port, serve's /healthz and each worker's /healthz and /readyz
 * are checked, and it is taken down with its volumes. HEGUI_DOCKER_BUILD=0 skips
 * that. Whatever is skipped is said on stderr, with the reason.
 */
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] }; deploy?: { replicas?: number }; depends_on?: Record<string, unknown>; ports?: string[] }>;
};

function run(cmd: string, args: string[], timeoutMs = 60_000, env?: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  return { ok: !r.error && r.status === 0, code: r.status, out: r.stdout ?? "", err: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

/**
 * `run` without blocking the test worker: a build or `compose up` takes minutes, and a worker
 * blocked that long misses vitest's own RPC deadline ("Timeout calling onTaskUpdate").
 */
function runAsync(cmd: string, args: string[], timeoutMs = 60_000, env?: NodeJS.ProcessEnv): Promise<ReturnType<typeof run>> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: env ?? process.env });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => void (out.length < 64 * 1024 * 1024 && (out += d)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => void (err.length < 64 * 1024 * 1024 && (err += d)));
    const timer = setTimeout(() => {
      err += `\n(timed out after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, code: null, out, err: err + String(e) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, code, out, err });
    });
  });
}

/** The Compose command here: the v2 plugin (`docker compose`), else the standalone `docker-compose`. */
const composeCmd: string[] | null = run("docker", ["compose", "version"], 15_000).ok
  ? ["docker", "compose"]
  : run("docker-compose", ["version"], 15_000).ok
    ? ["docker-compose"]
    : null;
const composeCheck = { ok: composeCmd !== null, err: "neither `docker compose` nor `docker-compose` runs" };
const daemon = run("docker", ["info", "--format", "{{.ServerVersion}}"], 15_000);
const optedOut = process.env.HEGUI_DOCKER_BUILD === "0";
if (!composeCheck.ok) process.stderr.write(`[deploy] skipped: \`docker compose config\` (Docker Compose is not installed: ${composeCheck.err.trim().split("\n")[0]})\n`);

/** The images the build and the stack start from: the Dockerfile's FROM (ARG defaults filled in, stages aside) and the compose services that are not built here. */
function baseImages(): string[] {
  const args = new Map([...dockerfile.matchAll(/^ARG\s+(\w+)=(\S+)/gm)].map((m) => [m[1], m[2]]));
  const stageNames = new Set([...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1].toLowerCase()));
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)]
    .map((m) => m[1].replace(/\$\{(\w+)\}/g, (_, k: string) => args.get(k) ?? ""))
    .filter((i) => !stageNames.has(i.toLowerCase()));
  const pulled = Object.values(compose.services).filter((x) => !x.build && x.image).map((x) => x.image!);
  return [...new Set([...froms, ...pulled])];
}

/** Each base image present, or pulled now; else why not. */
function baseImagesReady(): { ok: boolean; why: string } {
  for (const image of baseImages()) {
    if (run("docker", ["image", "inspect", image], 30_000).ok) continue;
    const pull = run("docker", ["pull", image], 15 * 60_000);
    if (!pull.ok) {
      const err = pull.err.trim().split("\n").at(-1) ?? "";
      return { ok: false, why: `base image ${image} is neither present nor pullable (${err}); scripts/docker-standin-images.sh makes local stand-ins (docs/deploy.md)` };
    }
  }
  return { ok: true, why: "" };
}

const images = daemon.ok && !optedOut ? baseImagesReady() : { ok: false, why: "" };
const canBuild = daemon.ok && !optedOut && images.ok;
const canUp = canBuild && composeCmd !== null;
if (!daemon.ok) process.stderr.write(`[deploy] skipped: the image build and the stack (no Docker daemon: ${daemon.err.trim().split("\n")[0]})\n`);
else if (optedOut) process.stderr.write("[deploy] skipped: the image build and the stack (HEGUI_DOCKER_BUILD=0)\n");
else if (!images.ok) process.stderr.write(`[deploy] skipped: the image build and the stack (${images.why})\n`);
else if (!canUp) process.stderr.write("[deploy] skipped: the stack (Docker Compose is not installed)\n");

/** The Dockerfile's stages: FROM line and the instructions after it (continuation lines joined). */
function stages(text: string): Array<{ from: string; lines: string[] }> {
  const joined = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const out: Array<{ from: string; lines: string[] }> = [];
  for (const l of joined) {
    if (/^FROM\s/i.test(l)) out.push({ from: l, lines: [] });
    else out.at(-1)?.lines.push(l);
  }
  return out;
}

describe("Dockerfile", () => {
  const st = stages(dockerfile);

  it("is multi-stage: a build stage with the native build tools, a runtime stage without them, as a non-root user", () => {
    expect(st.length).toBeGreaterThanOrEqual(2);
    const build = st[0];
    const runtime = st.at(-1)!;
    const installs = build.lines.filter((l) => /^RUN .*apt-get install/.test(l)).join(" ");
    for (const tool of ["python3", "make", "g++"]) expect(installs, tool).toContain(tool);
    expect(build.lines.some((l) => /npm ci/.test(l))).toBe(true);
    expect(build.lines.some((l) => /tsc -p tsconfig\.json/.test(l))).toBe(true);
    expect(build.lines.some((l) => /npm prune --omit=dev/.test(l))).toBe(true);
    expect(runtime.lines.some((l) => /^RUN .*apt-get install/.test(l)), "no compilers in the runtime image").toBe(false);
    const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(\s|:|$)/i);
    expect(runtime.lines.some((l) => /^ENTRYPOINT \["node", "bin\/hegui\.js"\]/.test(l))).toBe(true);
  });

  it("ships in the runtime stage what the package ships (package.json files; the docs and the link script aside)", () => {
    const files = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;
    const norm = (p: string) => p.replace(/^\.\//, "").replace(/\/$/, "");
    const copied = st.at(-1)!.lines.filter((l) => /^COPY\s/i.test(l)).map((l) => norm(l.split(/\s+/).at(-1)!));
    for (const f of files.filter((x) => x !== "docs/" && !x.startsWith("scripts/"))) expect(copied, f).toContain(norm(f));
    expect(copied).toContain("migrations");
  });

  it("copies only paths that exist (from the context, or from the build stage's outputs)", () => {
    for (const s of st) {
      for (const l of s.lines.filter((x) => /^COPY\s/i.test(x))) {
        if (/--from=/.test(l)) {
          expect(l).toMatch(/\/app\/(node_modules|dist\/src|dist\/workers)\s/);
          continue;
        }
        const parts = l.split(/\s+/).slice(1).filter((p) => !p.startsWith("--"));
        for (const src of parts.slice(0, -1)) expect(existsSync(join(ROOT, src)), `${l}: ${src}`).toBe(true);
      }
    }
    const ignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const kept of ["src", "lexicons", "config", "models", "web", "bin", "workers"]) expect(ignore, kept).not.toContain(kept);
    expect(ignore).toContain("node_modules");
  });
});

describe("compose.yaml", () => {
  const s = compose.services;

  it("runs Redis with the append-only file and noeviction, on a volume", () => {
    const cmd = s.redis.command!.join(" ");
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(JSON.stringify(s.redis)).toContain(":/data");
    expect(s.redis.healthcheck?.test).toContain("redis-cli");
  });

  it("runs serve and two workers on that Redis with health checks, and Postgres for the review store", () => {
    expect(s.serve.command).toEqual(["serve", "--host", "0.0.0.0", "--port", "8080"]);
    expect(s.serve.environment!.REDIS_URL).toBe("redis://redis:6379");
    expect(s.serve.healthcheck!.test.join(" ")).toContain("/healthz");
    expect(s.workers.command).toEqual(["workers", "--metrics-port", "9464", "--metrics-host", "0.0.0.0"]);
    expect(s.workers.environment!.REDIS_URL).toBe("redis://redis:6379");
    expect(s.workers.healthcheck!.test.join(" ")).toContain("/readyz");
    expect(s.workers.deploy?.replicas).toBe(2);
    for (const svc of ["serve", "workers"]) {
      expect(s[svc].depends_on, svc).toHaveProperty("redis");
      expect(s[svc].image, svc).toBe(s.serve.image);
    }
    expect(s.postgres.image).toMatch(/^postgres:/);
    expect(s.serve.environment!.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
  });

  it.skipIf(!composeCheck.ok)("`docker compose config` validates it", () => {
    const [cmd, ...pre] = composeCmd!;
    const r = run(cmd, [...pre, "-f", "compose.yaml", "config", "--quiet"]);
    expect(r.err).toBe("");
    expect(r.ok).toBe(true);
  });
  it("names the project hegui in .env (read by both Compose versions)", () => {
    expect(readFileSync(join(ROOT, ".env"), "utf8")).toMatch(/^COMPOSE_PROJECT_NAME=hegui$/m);
  });
});

/** A TCP port free on this host now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** GET a URL from inside a container (the workers' metrics port is not published). */
function fetchInside(container: string, url: string) {
  const r = run("docker", ["exec", container, "node", "-e", `fetch(${JSON.stringify(url)}).then(async (r) => { console.log(JSON.stringify({ status: r.status, body: await r.json() })) }, (e) => { console.error(String(e)); process.exit(1) })`]);
  return r.ok ? (JSON.parse(r.out) as { status: number; body: Record<string, unknown> }) : { status: 0, body: { error: r.err } };
}

describe.skipIf(!canBuild)("the image and the stack (Docker daemon, base images present)", () => {
  const tag = `hegui:test-${process.pid}`;
  let built: ReturnType<typeof run>;

  beforeAll(async () => {
    built = await runAsync("docker", ["build", "-t", tag, "."], 30 * 60_000);
  }, 31 * 60_000);
  // --no-prune: the intermediate layers stay as the next build's cache (`docker image prune` removes them).
  afterAll(async () => void (await runAsync("docker", ["rmi", "--no-prune", tag])));

  it("builds, runs as a non-root user and prints its version", () => {
    expect(built.ok, built.err.slice(-3000)).toBe(true);
    const v = run("docker", ["run", "--rm", tag, "--version"]);
    expect(v.out.trim()).toMatch(/^hegui \d+\.\d+\.\d+/);
    const id = run("docker", ["run", "--rm", "--entrypoint", "id", tag, "-u"]);
    expect(id.out.trim()).not.toBe("0");
  });

  it.skipIf(!canUp)("`compose up` from compose.yaml: every service healthy, serve's /healthz and each worker's /healthz and /readyz answer", async () => {
    expect(built.ok, "the image did not build").toBe(true);
    // Its own project, host port and image tag (an override file), so a stack the user runs is not touched.
    const project = `hegui-test-${process.pid}`;
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "hegui-compose-"));
    const override = join(dir, "override.yaml");
    writeFileSync(override, `services:\n  serve:\n    image: ${tag}\n  workers:\n    image: ${tag}\n`);
    const [cmd, ...pre] = composeCmd!;
    const env = { ...process.env, HEGUI_PORT: String(port) };
    const compose = (args: string[], timeoutMs = 5 * 60_000) => runAsync(cmd, [...pre, "-p", project, "-f", "compose.yaml", "-f", override, ...args], timeoutMs, env);
    try {
      const up = await compose(["up", "-d", "--no-build"]);
      expect(up.ok, up.err.slice(-3000)).toBe(true);
      const ids = (await compose(["ps", "-q"])).out.trim().split("\n").filter(Boolean);
      expect(ids.length).toBe(5); // redis, postgres, serve, two workers
      let states: string[] = [];
      for (let i = 0; i < 150; i++) {
        states = (await runAsync("docker", ["inspect", "-f", "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}} restarts={{.RestartCount}}", ...ids])).out.trim().split("\n");
        if (states.every((l) => / running healthy restarts=0$/.test(l)) || states.some((l) => /unhealthy|exited|restarts=[1-9]/.test(l))) break;
        await sleep(2000);
      }
      const healthy = states.every((l) => / running healthy restarts=0$/.test(l));
      const logs = healthy ? "" : (await compose(["logs", "--no-color", "--tail", "20"])).out.slice(-4000);
      expect(healthy, `${states.join("\n")}\n${logs}`).toBe(true);

      const serve = await fetch(`http://127.0.0.1:${port}/healthz`);
      const serveBody = (await serve.json()) as Record<string, unknown>;
      process.stderr.write(`[deploy] serve :${port}/healthz ${serve.status} ${JSON.stringify(serveBody)}\n`);
      expect(serve.status).toBe(200);
      expect(serveBody).toMatchObject({ status: "ok" });

      const workers = (await compose(["ps", "-q", "workers"])).out.trim().split("\n").filter(Boolean);
      expect(workers.length).toBe(2);
      for (const w of workers) {
        const health = fetchInside(w, "http://127.0.0.1:9464/healthz");
        const ready = fetchInside(w, "http://127.0.0.1:9464/readyz");
        process.stderr.write(`[deploy] worker ${w.slice(0, 12)} /healthz ${health.status} ${JSON.stringify(health.body)} /readyz ${ready.status} ${JSON.stringify(ready.body)}\n`);
        expect(health).toMatchObject({ status: 200, body: { status: "ok", lexiconVersion: serveBody.lexiconVersion } });
        expect(ready).toMatchObject({ status: 200, body: { status: "ready" } });
      }
    } finally {
      await compose(["down", "-v", "--remove-orphans"], 3 * 60_000);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15 * 60_000);
});
