/**
 * Issue #11 item 5: `hegui lexicon publish DIR`.
 * - A relative DIR works: it is resolved to an absolute path and the workers
 *   (whatever their working directory) switch to it.
 * - A DIR that does not exist or is not a directory is refused clearly (exit
 *   2, nothing announced).
 * - Publishing is content-addressed: a worker that starts after the directory
 *   was edited loads the published snapshot, not the edited files.
 * - A worker runs the lexicon's examples on load and refuses one that fails
 *   them, keeping the old version and saying why.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createEngine } from "../src/engine.js";
import { LexiconWatcher, lexiconKey, publishLexicon, type ReloadEvent } from "../src/lexicon/reload.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";
import { addEntry, copyLexicons, SHANZHAI } from "./support/lexicon-copy.js";
import { testPrefix } from "./support/prefix.js";

const redisUrl = inject("redisUrl");
const redis = new Redis(redisUrl);
const bin = fileURLToPath(new URL("../bin/hegui.js", import.meta.url));
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) {
    const keys = await redis.keys(`${p}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});



function publishCli(cwd: string, dir: string, prefix: string) {
  const r = spawnSync(process.execPath, [bin, "lexicon", "publish", dir], { cwd, encoding: "utf8", env: { ...process.env, REDIS_URL: redisUrl, HEGUI_PREFIX: prefix } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function watching(prefix: string) {
  const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null });
  const events: ReloadEvent[] = [];
  const watcher = new LexiconWatcher(engine, redis, prefix, (e) => events.push(e));
  await watcher.start();
  return { engine, events, watcher };
}

const until = async (pred: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!pred()) throw new Error(`timed out waiting for ${what}`);
};

describe("hegui lexicon publish", () => {
  it("a relative DIR is resolved to an absolute path; a worker elsewhere switches to it", async () => {
    const prefix = testPrefix("pubrel");
    prefixes.push(prefix);
    const w = await watching(prefix);
    try {
      const dir = copyLexicons("publish", (d) => addEntry(d, SHANZHAI));
      const r = publishCli(dirname(dir), `./${basename(dir)}/../${basename(dir)}`, prefix);
      expect(r.code, r.err).toBe(0);
      const a = JSON.parse((await redis.get(lexiconKey(prefix)))!);
      expect(a.dir).toBe(dir);
      expect(r.out).toContain(`published ${a.version} from ${dir}`);
      await until(() => w.engine.lexiconVersion === a.version, "the switch");
      expect(w.events.at(-1)).toMatchObject({ type: "switched", to: a.version });
      expect(w.engine.review({ id: "x", channel: "caption", text: "这个是山寨货" }).violations.map((v) => v.ruleId)).toContain("fx.shanzhai");
    } finally {
      await w.watcher.stop();
    }
  });

  it("a DIR that does not exist or is not a directory is refused: exit 2, nothing announced", () => {
    const prefix = testPrefix("pubbad");
    prefixes.push(prefix);
    const cwd = mkdtempSync(join(tmpdir(), "hegui-publish-cwd-"));
    writeFileSync(join(cwd, "file.yaml"), "x: 1\n");
    for (const [dir, why] of [
      ["lexicons-nope", /lexicons-nope: lexicon directory not found \(resolved to \/.*lexicons-nope\)/],
      ["file.yaml", /file\.yaml: not a directory/],
    ] as const) {
      const r = publishCli(cwd, dir, prefix);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
      expect(r.err).toContain("not published; workers keep their current lexicon");
    }
    return expect(redis.get(lexiconKey(prefix))).resolves.toBeNull();
  });

  it("content-addressed: a worker starting after the directory was edited loads what was published", async () => {
    const prefix = testPrefix("pubsnap");
    prefixes.push(prefix);
    const dir = copyLexicons("publish", (d) => addEntry(d, SHANZHAI));
    const a = await publishLexicon(redis, prefix, dir);
    // Edited after publishing (another entry): not what was published.
    addEntry(dir, "  - id: fx.later\n    terms: [后来加的]\n    examples: {hit: [这是后来加的], miss: [后来]}\n");
    const w = await watching(prefix);
    try {
      expect(w.engine.lexiconVersion).toBe(a.version);
      const ids = w.engine.lexicon.entries.map((e) => e.id);
      expect(ids).toContain("fx.shanzhai");
      expect(ids).not.toContain("fx.later");
    } finally {
      await w.watcher.stop();
    }
  });

  it("a lexicon whose examples fail is refused by the workers, which keep the old version and say why", async () => {
    const prefix = testPrefix("pubex");
    prefixes.push(prefix);
    const w = await watching(prefix);
    const before = w.engine.lexiconVersion;
    try {
      // Valid YAML, but the must-hit example does not contain the term: published without the CLI's check.
      const dir = copyLexicons("publish", (d) => addEntry(d, "  - id: fx.wrong\n    terms: [山寨货]\n    examples: {hit: [这句话里什么都没有], miss: [没有]}\n"));
      const a = await publishLexicon(redis, prefix, dir);
      await until(() => w.events.length > 0, "the reload event");
      expect(w.events.at(-1)).toMatchObject({ type: "refused", version: a.version });
      const e = w.events.at(-1) as { error: string };
      expect(e.error).toMatch(/1 example\(s\) fail \(counterfeit\.yaml, entry fx\.wrong, field examples\.hit\.0: expected a hit, got none: 这句话里什么都没有\); keeping /);
      expect(w.engine.lexiconVersion).toBe(before);
      // The CLI refuses it before publishing.
      const r = publishCli(tmpdir(), dir, testPrefix("pubexcli"));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/entry fx\.wrong, field examples\.hit\.0/);
    } finally {
      await w.watcher.stop();
    }
  });
});
