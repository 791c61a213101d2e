/**
 * A lexicon directory's version, validated once per content. Reading and
 * validating every YAML file takes about a second; the version is only the
 * hash of the files' bytes (ten milliseconds). A version that `hegui lexicon
 * publish` or an earlier run validated carries a marker in Redis
 * (`<prefix>:lexicon:valid:<version>`): the same bytes are not parsed again.
 * A stored bundle alone is no such marker (publishBundle stores what it is given).
 * Validation is a pure function of the bytes, so the marker never goes stale
 * for them; a new version is validated and marked.
 */
import type { Redis } from "ioredis";
import { lexiconDirVersion, readLexiconDir } from "./read.js";

/** How long a validated version stays marked (s). */
export const VALID_MARK_TTL_SECONDS = 30 * 86_400;

export const validKey = (prefix: string, version: string) => `${prefix}:lexicon:valid:${version}`;

/** Mark a version as validated (after a read that did not throw). */
export async function markValid(redis: Redis, prefix: string, version: string): Promise<void> {
  await redis.set(validKey(prefix, version), "1", "EX", VALID_MARK_TTL_SECONDS);
}

/**
 * The version of the lexicon in `dir`: unparsed when Redis marks its bytes as validated, else read and
 * validated by `read` (throws LexiconError naming the file when it is not valid) and marked.
 */
export async function validatedLexiconVersion(
  dir: string,
  redis: Redis,
  prefix: string,
  read: (dir: string) => { version: string } = readLexiconDir,
): Promise<{ version: string; parsed: boolean }> {
  const version = lexiconDirVersion(dir);
  if ((await redis.exists(validKey(prefix, version))) > 0) return { version, parsed: false };
  // The bytes read and validated now are the version: a file changed since the hash wins.
  const checked = read(dir).version;
  await markValid(redis, prefix, checked);
  return { version: checked, parsed: true };
}
