/**
 * Issue 16 item 6: the Dockerfile and compose.yaml.
 *
 * Always: both files are read and checked for what the deployment relies on
 * (multi-stage, non-root, native build tools in the build stage, every COPY
 * source present; Redis with AOF and noeviction, serve and two workers on it
 * with health checks, Postgres for the review store).
 * Where Docker Compose is installed (the v2 plugin, else Debian's docker-compose
 * 1.29): its `config` validates the file.
 * Where a Docker daemon runs and HEGUI_DOCKER_BUILD=1: the image is built
 * (several minutes: nodejieba compiles) and run: `--version`, a non-root user,
 * and `serve` answering /healthz. Otherwise those are skipped, saying why.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] }; deploy?: { replicas?: number }; depends_on?: Record<string, unknown>; ports?: string[] }>;
};

function run(cmd: string, args: string[], timeoutMs = 60_000) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs });
  return { ok: !r.error && r.status === 0, code: r.status, out: r.stdout ?? "", err: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

/** The Compose command here: the v2 plugin (`docker compose`), else the standalone `docker-compose`. */
const composeCmd: string[] | null = run("docker", ["compose", "version"], 15_000).ok
  ? ["docker", "compose"]
  : run("docker-compose", ["version"], 15_000).ok
    ? ["docker-compose"]
    : null;
const composeCheck = { ok: composeCmd !== null, err: "neither `docker compose` nor `docker-compose` runs" };
const daemon = run("docker", ["info", "--format", "{{.ServerVersion}}"], 15_000);
const wantBuild = process.env.HEGUI_DOCKER_BUILD === "1";
if (!composeCheck.ok) process.stderr.write(`[deploy] skipped: \`docker compose config\` (Docker Compose is not installed: ${composeCheck.err.trim().split("\n")[0]})\n`);
if (!daemon.ok) process.stderr.write(`[deploy] skipped: the image build (no Docker daemon: ${daemon.err.trim().split("\n")[0]})\n`);
else if (!wantBuild) process.stderr.write("[deploy] skipped: the image build (set HEGUI_DOCKER_BUILD=1; it takes minutes)\n");

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

describe.skipIf(!daemon.ok || !wantBuild)("the image (HEGUI_DOCKER_BUILD=1, Docker daemon)", () => {
  const tag = `hegui:test-${process.pid}`;

  it("builds, runs as a non-root user, prints its version and serves /healthz", () => {
    const b = run("docker", ["build", "-t", tag, "."], 30 * 60_000);
    expect(b.ok, b.err.slice(-3000)).toBe(true);
    const v = run("docker", ["run", "--rm", tag, "--version"]);
    expect(v.out.trim()).toMatch(/^hegui \d+\.\d+\.\d+/);
    const id = run("docker", ["run", "--rm", "--entrypoint", "id", tag, "-u"]);
    expect(id.out.trim()).not.toBe("0");
    const name = `hegui-healthz-${process.pid}`;
    const up = run("docker", ["run", "-d", "--name", name, tag]);
    expect(up.ok, up.err).toBe(true);
    try {
      let health = { ok: false, out: "", err: "", code: null as number | null };
      for (let i = 0; i < 60 && !health.ok; i++) {
        health = run("docker", ["exec", name, "node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r => r.text()).then(t => { console.log(t); process.exit(0) }, () => process.exit(1))"]);
        if (!health.ok) spawnSync("sleep", ["2"]);
      }
      expect(health.ok, health.err).toBe(true);
      expect(JSON.parse(health.out)).toMatchObject({ status: "ok" });
    } finally {
      run("docker", ["rm", "-f", name]);
      run("docker", ["rmi", tag]);
    }
  }, 40 * 60_000);
});
