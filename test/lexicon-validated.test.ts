/**
 * A lexicon validated once per content (src/lexicon/validated.ts): a queue
 * rescan hashes the directory and parses it only when Redis holds no marker
 * for those bytes; `hegui lexicon publish` marks what it validated; a broken
 * lexicon is still refused, naming its file, and never marked.
 */
import { appendFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropPrefix } from "../src/queue/admin.js";
import { LexiconError } from "../src/lexicon/errors.js";
import { lexiconDirVersion, readLexiconDir } from "../src/lexicon/read.js";
import { publishLexicon } from "../src/lexicon/reload.js";
import { validatedLexiconVersion, validKey } from "../src/lexicon/validated.js";
import { FIXTURE_LEXICONS } from "./support/engine.js";
import { copyLexicons } from "./support/lexicon-copy.js";
import { testPrefix } from "./support/prefix.js";

const redis = new Redis(inject("redisUrl"));
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(redis, p);
  await redis.quit();
});

/** readLexiconDir, counting its calls. */
function countingReader() {
  const reader = (dir: string) => {
    reader.calls++;
    return readLexiconDir(dir);
  };
  reader.calls = 0;
  return reader;
}

describe("validatedLexiconVersion", () => {
  it("parses a version once, then only hashes it; the hash is the parsed version", async () => {
    const prefix = testPrefix("lexvalid");
    prefixes.push(prefix);
    const read = countingReader();
    const first = await validatedLexiconVersion(FIXTURE_LEXICONS, redis, prefix, read);
    expect(first).toEqual({ version: readLexiconDir(FIXTURE_LEXICONS).version, parsed: true });
    expect(await redis.exists(validKey(prefix, first.version))).toBe(1);
    const second = await validatedLexiconVersion(FIXTURE_LEXICONS, redis, prefix, read);
    expect(second).toEqual({ version: first.version, parsed: false });
    expect(read.calls).toBe(1);
    expect(lexiconDirVersion(FIXTURE_LEXICONS)).toBe(first.version);
  });

  it("new bytes are a new version: parsed again", async () => {
    const prefix = testPrefix("lexvalid2");
    prefixes.push(prefix);
    const dir = copyLexicons("lexvalid");
    const read = countingReader();
    const before = await validatedLexiconVersion(dir, redis, prefix, read);
    const file = readdirSync(dir).filter((n) => n.endsWith(".yaml") && !n.startsWith("_"))[0];
    appendFileSync(join(dir, file), "\n# a comment changes the bytes\n");
    const after = await validatedLexiconVersion(dir, redis, prefix, read);
    expect(after.parsed).toBe(true);
    expect(after.version).not.toBe(before.version);
    expect(read.calls).toBe(2);
  });

  it("a broken lexicon is refused naming its file, and not marked", async () => {
    const prefix = testPrefix("lexvalid3");
    prefixes.push(prefix);
    const dir = copyLexicons("lexvalid");
    const file = readdirSync(dir).filter((n) => n.endsWith(".yaml") && !n.startsWith("_"))[0];
    appendFileSync(join(dir, file), "\nentries: [not: [valid\n");
    const err = await validatedLexiconVersion(dir, redis, prefix).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LexiconError);
    expect(String((err as Error).message)).toContain(file);
    expect(await redis.keys(`${prefix}:lexicon:valid:*`)).toEqual([]);
  });

  it("a published lexicon is marked: a rescan of the same bytes parses nothing", async () => {
    const prefix = testPrefix("lexvalid4");
    prefixes.push(prefix);
    const a = await publishLexicon(redis, prefix, FIXTURE_LEXICONS);
    const read = countingReader();
    expect(await validatedLexiconVersion(FIXTURE_LEXICONS, redis, prefix, read)).toEqual({ version: a.version, parsed: false });
    expect(read.calls).toBe(0);
  });
});
