/** Lexicon hot reload over Redis: switch atomically, refuse a broken lexicon, keep the old one. */
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createEngine } from "../src/engine.js";
import { LexiconError } from "../src/lexicon/errors.js";
import { LexiconWatcher, publishLexicon, type ReloadEvent } from "../src/lexicon/reload.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";
import { testPrefix } from "./support/prefix.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.quit());

function copyLexicons(edit?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "hegui-reload-"));
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

const waitFor = async (pred: () => boolean) => {
  for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(pred()).toBe(true);
};

describe("lexicon hot reload", () => {
  it("switches on a published lexicon and refuses a broken one", async () => {
    const prefix = testPrefix("reload");
    const engine = createEngine({ lexiconDir: copyLexicons() });
    const v1 = engine.lexiconVersion;
    const events: ReloadEvent[] = [];
    const watcher = new LexiconWatcher(engine, redis, prefix, (e) => events.push(e));
    await watcher.start();
    try {
      expect(engine.review({ id: "a", channel: "caption", text: "这个是山寨货" }).violations).toEqual([]);

      const next = copyLexicons((dir) => {
        const f = join(dir, "counterfeit.yaml");
        writeFileSync(f, readFileSync(f, "utf8") + "  - id: fx.shanzhai\n    terms: [山寨货]\n    examples: {hit: [这是山寨货], miss: [山寨里的风景]}\n");
      });
      const a = await publishLexicon(redis, prefix, next);
      await waitFor(() => engine.lexiconVersion === a.version);
      expect(events.at(-1)).toMatchObject({ type: "switched", from: v1, to: a.version });
      const v = engine.review({ id: "b", channel: "caption", text: "这个是山寨货" });
      expect(v.violations.map((x) => x.ruleId)).toContain("fx.shanzhai");
      expect(v.lexiconVersion).toBe(a.version);

      // A broken lexicon cannot be published…
      const broken = copyLexicons((dir) => writeFileSync(join(dir, "counterfeit.yaml"), "category: counterfeit\nversion: x\n"));
      await expect(publishLexicon(redis, prefix, broken)).rejects.toBeInstanceOf(LexiconError);
      // …and if announced anyway, the workers refuse it and keep the old version.
      await redis.publish(`${prefix}:lexicon`, JSON.stringify({ dir: broken, version: "bogus" }));
      await waitFor(() => events.at(-1)?.type === "refused");
      expect(engine.lexiconVersion).toBe(a.version);
    } finally {
      await watcher.stop();
      const keys = await redis.keys(`${prefix}:lexicon*`);
      if (keys.length) await redis.del(...keys);
    }
  });
});
