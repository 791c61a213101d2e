/**
 * Publishing a lexicon. `hegui lexicon publish DIR` resolves DIR to an
 * absolute real path, refuses one that cannot be read or fails validation,
 * and stores its files in Redis as a content-addressed bundle under its
 * version (the content hash): `<prefix>:lexicon:snapshot:<version>`. The key
 * `<prefix>:lexicon:current` holds `{dir, version, snapshot, publishedAt}` and
 * a message goes out on the channel `<prefix>:lexicon`.
 *
 * Every worker and every `hegui serve` with Redis follows it with a
 * LexiconFollower (./follow.ts): the bundle is read from Redis, never the
 * published directory. `materialize` writes a bundle to a local cache
 * directory for what needs a directory (the local threads of `hegui rescan`).
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Redis } from "ioredis";
import type { Engine } from "../engine.js";
import { compileLexicon } from "./compile.js";
import { LexiconError } from "./errors.js";
import { lexiconChannel, lexiconKey, LexiconFollower, snapshotKey, type Announcement, type Bundle, type ReloadEvent, type Snapshot } from "./follow.js";
import { markValid } from "./validated.js";
import { readLexiconFiles } from "./read.js";

export {
  checkBundle,
  compileBundle,
  exampleFailures,
  fetchBundle,
  followLexicon,
  lexiconChannel,
  lexiconKey,
  LexiconFollower,
  snapshotKey,
  type Announcement,
  type Bundle,
  type ReloadEvent,
  type Snapshot,
} from "./follow.js";

/** Where bundles are written when a directory is needed (`hegui rescan --local`) (HEGUI_LEXICON_CACHE, default under the OS temp dir). */
export function snapshotCacheDir(): string {
  return process.env.HEGUI_LEXICON_CACHE || join(tmpdir(), "hegui-lexicon-snapshots");
}

/** DIR as an absolute real path that this process can read, or a LexiconError naming DIR and why. */
export function resolveLexiconDir(dir: string): string {
  const abs = resolve(dir);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    throw new LexiconError([{ file: dir, message: `lexicon directory not found (resolved to ${abs})` }]);
  }
  if (!statSync(real).isDirectory()) throw new LexiconError([{ file: dir, message: `not a directory (resolved to ${real})` }]);
  try {
    accessSync(real, constants.R_OK | constants.X_OK);
  } catch {
    throw new LexiconError([{ file: dir, message: `lexicon directory cannot be read (resolved to ${real})` }]);
  }
  return real;
}

/** Read the `*.yaml` files of a directory once, so validation and the snapshot see the same bytes. */
function readFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort()) {
    try {
      files[name] = readFileSync(join(dir, name), "utf8");
    } catch (e) {
      throw new LexiconError([{ file: join(dir, name), message: `cannot be read: ${(e as Error).message}` }]);
    }
  }
  return files;
}

/**
 * The snapshot's files in the local cache, in a directory named by its
 * version (written to a temporary directory and renamed into place, so a
 * half-written copy is never used), then read back: the content hash must be
 * the announced version.
 */
export function materialize(snap: Snapshot): string {
  const root = snapshotCacheDir();
  const dir = join(root, snap.version);
  if (!existsSync(dir)) {
    mkdirSync(root, { recursive: true });
    const tmp = join(root, `.${snap.version}.${process.pid}.${Date.now()}`);
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(snap.files)) {
      if (!/^[\w.-]+\.yaml$/.test(name)) throw new LexiconError([{ file: name, message: "snapshot holds a file name that is not a plain *.yaml name" }]);
      writeFileSync(join(tmp, name), text);
    }
    try {
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw e; // another process put it there first: use theirs
    }
  }
  return dir;
}

/**
 * Validate a directory and announce it: resolved to an absolute real path,
 * readable, valid, stored in Redis as a bundle under its content hash, then
 * made current and announced. Throws LexiconError when it is not valid.
 */
export async function publishLexicon(redis: Redis, prefix: string, dir: string): Promise<Announcement> {
  const abs = resolveLexiconDir(dir);
  // Validate exactly the bytes read, in memory: the bundle is those bytes.
  const bundle: Bundle = { version: "", files: readFiles(abs) };
  const lex = compileLexicon(readLexiconFiles(bundle.files, abs));
  bundle.version = lex.version;
  const a = await publishBundle(redis, prefix, bundle, abs);
  await markValid(redis, prefix, lex.version);
  return a;
}

/** Store a bundle (as given: followers check it) and announce it as current. */
export async function publishBundle(redis: Redis, prefix: string, bundle: Bundle, source: string): Promise<Announcement> {
  const a: Announcement = { dir: source, version: bundle.version, snapshot: snapshotKey(prefix, bundle.version), publishedAt: new Date().toISOString() };
  const msg = JSON.stringify(a);
  await redis.multi().set(a.snapshot!, JSON.stringify(bundle)).set(lexiconKey(prefix), msg).publish(lexiconChannel(prefix), msg).exec();
  return a;
}

/** The follower under its old name and constructor (engine, redis, prefix, onEvent). */
export class LexiconWatcher extends LexiconFollower {
  constructor(engine: Engine, redis: Redis, prefix: string, onEvent?: (e: ReloadEvent) => void) {
    super(engine, redis, prefix, onEvent);
  }
}
