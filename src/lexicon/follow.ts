/**
 * One lexicon version everywhere: the published lexicon, followed.
 *
 * `hegui lexicon publish DIR` (publishLexicon in ./reload.ts) stores the
 * lexicon's files in Redis as a content-addressed bundle — the key
 * `<prefix>:lexicon:snapshot:<version>` holds `{version, files}`, where the
 * version is the content hash of the files — points `<prefix>:lexicon:current`
 * at it and announces it on the channel `<prefix>:lexicon`. No process reads
 * the published directory: it may not exist on their host.
 *
 * A LexiconFollower (every `hegui workers`, every `hegui serve` with Redis)
 * reads the current announcement at start, then follows the channel (and
 * re-reads the current key after a reconnect and every `resyncMs`, so an
 * announcement missed while disconnected is not lost). For each announcement
 * it fetches the bundle, checks that the files hash to the announced version,
 * validates and compiles them in memory, runs every entry's examples, and only
 * then tells its listeners (`onSwitch`: e.g. the review threads of `hegui
 * serve` switch to the same bundle) and last swaps its engine's lexicon in one
 * assignment (items already running finish on the old one): once `version`
 * says the new one, every part of the process runs it. A lexicon that fails any step is refused, with
 * the reason, and the old version stays.
 *
 * Hook-up, one line: `const follower = await followLexicon(engine, redis, prefix, log)`;
 * `follower.version` is the version this process runs.
 */
import type { Redis } from "ioredis";
import { Engine } from "../engine.js";
import { compileLexicon, type Lexicon } from "./compile.js";
import { LexiconError } from "./errors.js";
import { checkEntryExamples, type ExampleFailure } from "./examples.js";
import { lexiconVersionOf, readLexiconFiles } from "./read.js";

/** What `<prefix>:lexicon:current` holds and the channel carries. */
export interface Announcement {
  /** Where it was published from (for messages only: no follower reads it). */
  dir: string;
  version: string;
  /** Redis key of the bundle (absent in announcements from before bundles: refused). */
  snapshot?: string;
  /** When it was published (ISO time). */
  publishedAt?: string;
}

/** A published lexicon's content: its `*.yaml` files, name → text; `version` is their content hash. */
export interface Bundle {
  version: string;
  files: Record<string, string>;
}
/** The old name of a bundle. */
export type Snapshot = Bundle;

export const lexiconKey = (prefix: string) => `${prefix}:lexicon:current`;
export const lexiconChannel = (prefix: string) => `${prefix}:lexicon`;
export const snapshotKey = (prefix: string, version: string) => `${prefix}:lexicon:snapshot:${version}`;

const PLAIN_NAME = /^[\w.-]+\.yaml$/;

/** Check a bundle's shape and that its files hash to its version; throws LexiconError naming the key. */
export function checkBundle(raw: unknown, where: string, version?: string): Bundle {
  const b = raw as Partial<Bundle> | null;
  if (!b || typeof b !== "object" || typeof b.version !== "string" || !b.files || typeof b.files !== "object" || Array.isArray(b.files)) {
    throw new LexiconError([{ file: where, message: "not a lexicon bundle ({version, files})" }]);
  }
  if (version !== undefined && b.version !== version) throw new LexiconError([{ file: where, message: `bundle holds version ${b.version}, not ${version}` }]);
  for (const [name, text] of Object.entries(b.files)) {
    if (!PLAIN_NAME.test(name)) throw new LexiconError([{ file: where, field: `files.${name}`, message: "not a plain *.yaml file name" }]);
    if (typeof text !== "string") throw new LexiconError([{ file: where, field: `files.${name}`, message: "not text" }]);
  }
  const hash = lexiconVersionOf(b.files);
  if (hash !== b.version) throw new LexiconError([{ file: where, message: `files hash to ${hash}, not to the announced version ${b.version}` }]);
  return { version: b.version, files: b.files };
}

/** Validate and compile a bundle's files in memory (LexiconError naming the bundle and file). */
export function compileBundle(bundle: Bundle, where = `bundle ${bundle.version}`): Lexicon {
  return compileLexicon(readLexiconFiles(bundle.files, where));
}

/** The bundle an announcement names, fetched from Redis and checked (LexiconError when it cannot be). */
export async function fetchBundle(redis: Redis, a: Announcement): Promise<Bundle> {
  if (!a.snapshot) {
    throw new LexiconError([{ file: a.dir, message: "the announcement names a directory, not a bundle in Redis: publish it again with `hegui lexicon publish`" }]);
  }
  const raw = await redis.get(a.snapshot);
  if (!raw) throw new LexiconError([{ file: a.snapshot, message: `published bundle of ${a.version} (from ${a.dir}) is missing in Redis` }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new LexiconError([{ file: a.snapshot, message: "bundle is not JSON" }]);
  }
  return checkBundle(parsed, a.snapshot, a.version);
}

/** Every entry's examples through an engine on `lex` (the process's policy and classifier), yielding now and then. */
export async function exampleFailures(lex: Lexicon, like: Engine): Promise<ExampleFailure[]> {
  const probe = new Engine(lex, like.policy, true, { clock: like.clock, classifier: like.classifier, semantic: like.semantic });
  const failures: ExampleFailure[] = [];
  for (let i = 0; i < lex.entries.length; i++) {
    failures.push(...checkEntryExamples(probe, lex.entries[i]));
    if (i % 16 === 15) await new Promise((r) => setImmediate(r)); // let lock renewals and jobs' I/O run
  }
  return failures;
}

export type ReloadEvent =
  | { type: "switched"; from: string; to: string; /** From the announcement read to the engine switched (fetch, check, compile, examples). */ ms: number }
  | { type: "unchanged"; version: string }
  | { type: "refused"; version?: string; error: string };

/** Told before the engine switches (e.g. to switch review threads too); a throw is reported, the switch goes on. */
export type SwitchListener = (bundle: Bundle, lex: Lexicon) => void | Promise<void>;

export interface FollowerStatus {
  /** The version this process runs. */
  version: string;
  /** The version last announced (undefined: none seen). */
  published?: string;
  switched: number;
  refused: number;
  /** The last refusal, if any: version and why. */
  lastRefused?: { version?: string; error: string; at: string };
}

export interface FollowerOptions {
  /** Re-read the current announcement this often (ms; 0: only on start and reconnect). Default 30 s. */
  resyncMs?: number;
  /**
   * After start, run the current lexicon's examples once in the background (in line with the
   * announcements): the check every switch runs is then compiled by V8 before the first publish,
   * which otherwise pays for it (`hegui serve`: 2.1 s instead of 0.8 s on a busy machine). For a
   * process with no other warm-up of its engine (workers warm theirs on the same examples).
   */
  warmUpExamples?: boolean;
}

export class LexiconFollower {
  private sub?: Redis;
  private timer?: NodeJS.Timeout;
  /** Announcements are applied one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners: SwitchListener[] = [];
  private readonly eventListeners: Array<(e: ReloadEvent) => void> = [];
  private readonly state: Omit<FollowerStatus, "version"> = { switched: 0, refused: 0 };
  private stopped = false;

  constructor(
    readonly engine: Engine,
    private readonly redis: Redis,
    private readonly prefix: string,
    onEvent?: (e: ReloadEvent) => void,
    private readonly opts: FollowerOptions = {},
  ) {
    if (onEvent) this.eventListeners.push(onEvent);
  }

  /** The lexicon version this process runs. */
  get version(): string {
    return this.engine.lexiconVersion;
  }

  status(): FollowerStatus {
    return { version: this.version, ...this.state };
  }

  /** Also switch something else (review threads …) after the engine. */
  onSwitch(fn: SwitchListener): this {
    this.listeners.push(fn);
    return this;
  }

  onEvent(fn: (e: ReloadEvent) => void): this {
    this.eventListeners.push(fn);
    return this;
  }

  private emit(e: ReloadEvent): void {
    if (e.type === "switched") this.state.switched++;
    if (e.type === "refused") {
      this.state.refused++;
      this.state.lastRefused = { version: e.version, error: e.error, at: new Date().toISOString() };
    }
    for (const l of this.eventListeners) {
      try {
        l(e);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  /** Apply an announcement: fetch the bundle, verify, compile, run the examples, swap; or refuse and keep the old lexicon. */
  async apply(a: Announcement): Promise<ReloadEvent> {
    const from = this.engine.lexiconVersion;
    const t0 = performance.now();
    if (typeof a.version === "string") this.state.published = a.version;
    let event: ReloadEvent;
    try {
      if (a.version === from) event = { type: "unchanged", version: from };
      else {
        const bundle = await fetchBundle(this.redis, a);
        const lex = compileBundle(bundle, a.snapshot);
        const failures = await exampleFailures(lex, this.engine);
        if (failures.length) {
          const list = failures.slice(0, 3).map((f) => `${f.file}, entry ${f.entry}, field ${f.field}: ${f.message}: ${f.example}`);
          event = { type: "refused", version: lex.version, error: `${failures.length} example(s) fail (${list.join("; ")}${failures.length > 3 ? "; …" : ""}); keeping ${from}` };
        } else {
          // Listeners (review threads) first, the engine last: once this process reports the version, all of it runs it.
          for (const l of this.listeners) {
            try {
              await l(bundle, lex);
            } catch (e) {
              this.emit({ type: "refused", version: lex.version, error: `a listener could not switch (${(e as Error).message}); the engine switches all the same` });
            }
          }
          this.engine.swapLexicon(lex);
          event = { type: "switched", from, to: lex.version, ms: Math.round(performance.now() - t0) };
        }
      }
    } catch (e) {
      const error = e instanceof LexiconError ? e.message : `cannot load ${a.snapshot ?? a.dir}: ${(e as Error).message}`;
      event = { type: "refused", version: a.version, error: `${error}; keeping ${from}` };
    }
    this.emit(event);
    return event;
  }

  /** Read the current announcement (applied before this resolves), then follow new ones. */
  async start(): Promise<this> {
    // Load the segmenter and matchers now (the first item of a process pays for it), not at the first publish.
    try {
      this.engine.review({ id: "hegui-warm-up", channel: "script", text: "预热" });
    } catch {
      // A warm-up that fails leaves the work to the first item.
    }
    await this.resync();
    // A copy of a connection that refuses to queue commands offline (producers) is connected before it
    // subscribes; a worker's connection queues them and rides out a Redis that is not up yet.
    const offlineQueue = this.redis.options.enableOfflineQueue !== false;
    this.sub = this.redis.duplicate(offlineQueue ? {} : { lazyConnect: true });
    this.sub.on("error", () => {}); // the main connection reports Redis trouble
    if (!offlineQueue) await this.sub.connect();
    await this.sub.subscribe(lexiconChannel(this.prefix));
    this.sub.on("message", (_ch: string, msg: string) => void this.applyRaw(msg));
    // After a reconnect (ioredis subscribes again by itself): what was announced meanwhile.
    this.sub.on("ready", () => void this.resync().catch(() => {}));
    if (this.opts.warmUpExamples) {
      const lex = this.engine.lexicon;
      this.queue = this.queue.then(() => exampleFailures(lex, this.engine)).catch(() => {});
    }
    const every = this.opts.resyncMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.resync().catch(() => {}), every);
      this.timer.unref();
    }
    return this;
  }

  /** Apply the current announcement, if any (and not already the version run). */
  async resync(): Promise<void> {
    if (this.stopped) return;
    const current = await this.redis.get(lexiconKey(this.prefix));
    if (current) await this.applyRaw(current, true);
  }

  private applyRaw(raw: string, quietIfSame = false): Promise<unknown> {
    let a: Announcement;
    try {
      a = JSON.parse(raw) as Announcement;
      if (!a || typeof a !== "object" || typeof a.version !== "string") throw new Error("no version");
    } catch {
      this.emit({ type: "refused", error: `bad lexicon announcement: ${raw.slice(0, 200)}` });
      return Promise.resolve();
    }
    // A periodic re-read of an announcement already applied or refused is no news.
    if (quietIfSame && (a.version === this.engine.lexiconVersion || a.version === this.state.lastRefused?.version)) {
      this.state.published = a.version;
      return this.queue;
    }
    this.queue = this.queue.then(() => this.apply(a));
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.queue.catch(() => {});
    await this.sub?.quit().catch(() => this.sub?.disconnect());
  }
}

/** Follow the published lexicon with `engine`: started (the current announcement applied), events logged. */
export async function followLexicon(
  engine: Engine,
  redis: Redis,
  prefix: string,
  onEvent?: (e: ReloadEvent) => void,
  opts?: FollowerOptions,
): Promise<LexiconFollower> {
  return new LexiconFollower(engine, redis, prefix, onEvent, opts).start();
}
