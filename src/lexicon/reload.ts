/**
 * Lexicon hot reload, content-addressed. `hegui lexicon publish DIR` resolves
 * DIR to an absolute real path, refuses one that cannot be read or fails
 * validation, and stores a snapshot of its files in Redis under its version
 * (the content hash): `<prefix>:lexicon:snapshot:<version>`. The key
 * `<prefix>:lexicon:current` holds `{dir, version, snapshot}` and a message
 * goes out on the channel `<prefix>:lexicon`.
 *
 * Every worker runs a LexiconWatcher: on a message (and at start) it loads
 * the published snapshot — written once to a local cache directory named by
 * the version, never the published directory, which may have changed since —
 * checks that its content hash is the announced version, compiles it, runs
 * every entry's examples, and only then swaps its engine's lexicon in one
 * assignment (items already running finish on the old one). A lexicon that
 * fails any of this is refused, with the reason, and the old version stays.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Redis } from "ioredis";
import { Engine } from "../engine.js";
import { compileLexicon, type Lexicon } from "./compile.js";
import { LexiconError } from "./errors.js";
import { checkEntryExamples, type ExampleFailure } from "./examples.js";
import { readLexiconDir } from "./read.js";

export interface Announcement {
  /** The directory published, absolute (for messages; workers load the snapshot). */
  dir: string;
  version: string;
  /** Redis key of the snapshot of the files (absent in announcements from before content addressing). */
  snapshot?: string;
}

/** The files of a lexicon as published: name → text (the `*.yaml` files of the directory). */
export interface Snapshot {
  version: string;
  files: Record<string, string>;
}

export const lexiconKey = (prefix: string) => `${prefix}:lexicon:current`;
export const lexiconChannel = (prefix: string) => `${prefix}:lexicon`;
export const snapshotKey = (prefix: string, version: string) => `${prefix}:lexicon:snapshot:${version}`;

/** Where workers keep the snapshots they load (HEGUI_LEXICON_CACHE, default under the OS temp dir). */
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

/** Load, verify (content hash = version) and compile a snapshot. */
export function loadSnapshot(snap: Snapshot): Lexicon {
  const files = readLexiconDir(materialize(snap));
  if (files.version !== snap.version) {
    throw new LexiconError([{ file: join(snapshotCacheDir(), snap.version), message: `cached snapshot has content ${files.version}, not ${snap.version}` }]);
  }
  return compileLexicon(files);
}

/**
 * Validate a directory and announce it: resolved to an absolute real path,
 * readable, valid, stored in Redis as a snapshot under its content hash.
 * Throws LexiconError when it is not.
 */
export async function publishLexicon(redis: Redis, prefix: string, dir: string): Promise<Announcement> {
  const abs = resolveLexiconDir(dir);
  const snap: Snapshot = { version: "", files: readFiles(abs) };
  // Validate exactly the bytes read: from a private copy of them.
  const staged = join(snapshotCacheDir(), `.publish-${process.pid}-${Date.now()}`);
  mkdirSync(staged, { recursive: true });
  let lex: Lexicon;
  try {
    for (const [name, text] of Object.entries(snap.files)) writeFileSync(join(staged, name), text);
    lex = compileLexicon(readLexiconDir(staged));
  } catch (e) {
    if (e instanceof LexiconError) {
      // Name the published directory in the problems, not the staging copy.
      throw new LexiconError(e.problems.map((p) => ({ ...p, file: p.file === staged ? abs : p.file.startsWith(staged) ? abs + p.file.slice(staged.length) : p.file })));
    }
    throw e;
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  snap.version = lex.version;
  const a: Announcement = { dir: abs, version: lex.version, snapshot: snapshotKey(prefix, lex.version) };
  await redis.set(a.snapshot!, JSON.stringify(snap));
  await redis.set(lexiconKey(prefix), JSON.stringify(a));
  await redis.publish(lexiconChannel(prefix), JSON.stringify(a));
  return a;
}

/** The lexicon an announcement names: its snapshot from Redis (or, for an old announcement, its absolute directory). */
export async function announcedLexicon(redis: Redis, a: Announcement): Promise<Lexicon> {
  if (a.snapshot) {
    const raw = await redis.get(a.snapshot);
    if (!raw) throw new LexiconError([{ file: a.snapshot, message: `published snapshot of ${a.version} (from ${a.dir}) is missing in Redis` }]);
    const snap = JSON.parse(raw) as Snapshot;
    if (snap.version !== a.version || !snap.files || typeof snap.files !== "object") {
      throw new LexiconError([{ file: a.snapshot, message: `snapshot does not hold version ${a.version}` }]);
    }
    return loadSnapshot(snap);
  }
  if (!a.dir.startsWith("/")) throw new LexiconError([{ file: a.dir, message: "announced lexicon directory is not an absolute path; publish it again" }]);
  const lex = compileLexicon(readLexiconDir(a.dir));
  if (a.version && lex.version !== a.version) {
    throw new LexiconError([{ file: a.dir, message: `directory changed since it was published: content ${lex.version}, published ${a.version}` }]);
  }
  return lex;
}

/** Every entry's examples through an engine on `lex` (the worker's policy and classifier), yielding now and then. */
export async function exampleFailures(lex: Lexicon, like: Engine): Promise<ExampleFailure[]> {
  const probe = new Engine(lex, like.policy, true, { clock: like.clock, classifier: like.classifier });
  const failures: ExampleFailure[] = [];
  for (let i = 0; i < lex.entries.length; i++) {
    failures.push(...checkEntryExamples(probe, lex.entries[i]));
    if (i % 16 === 15) await new Promise((r) => setImmediate(r)); // let lock renewals and jobs' I/O run
  }
  return failures;
}

export type ReloadEvent =
  | { type: "switched"; from: string; to: string }
  | { type: "unchanged"; version: string }
  | { type: "refused"; version?: string; error: string };

export class LexiconWatcher {
  private sub?: Redis;
  /** Announcements are applied one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onEvent: (e: ReloadEvent) => void = () => {},
  ) {}

  /** Apply an announcement: load the snapshot, verify, compile, run the examples, swap; or refuse and keep the old lexicon. */
  async apply(a: Announcement): Promise<ReloadEvent> {
    const from = this.engine.lexiconVersion;
    let event: ReloadEvent;
    try {
      if (a.version === from) event = { type: "unchanged", version: from };
      else {
        const lex = await announcedLexicon(this.redis, a);
        if (lex.version === from) event = { type: "unchanged", version: from };
        else {
          const failures = await exampleFailures(lex, this.engine);
          if (failures.length) {
            const list = failures.slice(0, 3).map((f) => `${f.file}, entry ${f.entry}, field ${f.field}: ${f.message}: ${f.example}`);
            event = { type: "refused", version: lex.version, error: `${failures.length} example(s) fail (${list.join("; ")}${failures.length > 3 ? "; …" : ""}); keeping ${from}` };
          } else {
            this.engine.swapLexicon(lex);
            event = { type: "switched", from, to: lex.version };
          }
        }
      }
    } catch (e) {
      const error = e instanceof LexiconError ? e.message : `cannot load ${a.dir}: ${(e as Error).message}`;
      event = { type: "refused", version: a.version, error: `${error}; keeping ${from}` };
    }
    this.onEvent(event);
    return event;
  }

  /** Read the current announcement, then follow new ones. */
  async start(): Promise<void> {
    const current = await this.redis.get(lexiconKey(this.prefix));
    if (current) await this.applyRaw(current);
    this.sub = this.redis.duplicate();
    await this.sub.subscribe(lexiconChannel(this.prefix));
    this.sub.on("message", (_ch: string, msg: string) => void this.applyRaw(msg));
  }

  private applyRaw(raw: string): Promise<unknown> {
    let a: Announcement;
    try {
      a = JSON.parse(raw) as Announcement;
      if (typeof a?.dir !== "string") throw new Error("no dir");
    } catch {
      this.onEvent({ type: "refused", error: `bad lexicon announcement: ${raw.slice(0, 200)}` });
      return Promise.resolve();
    }
    this.queue = this.queue.then(() => this.apply(a));
    return this.queue;
  }

  async stop(): Promise<void> {
    await this.queue.catch(() => {});
    await this.sub?.quit().catch(() => this.sub?.disconnect());
  }
}
