/**
 * Lexicon hot reload. `hegui lexicon publish DIR` validates a lexicon directory
 * and announces it: the Redis key `<prefix>:lexicon:current` holds
 * `{dir, version}` and a message goes out on the channel `<prefix>:lexicon`.
 * Every worker runs a LexiconWatcher: on a message (and at start) it loads the
 * announced directory, and swaps its engine's lexicon in one assignment — items
 * already running finish on the old one. A lexicon that fails to load is
 * refused and the old version stays active.
 */
import type { Redis } from "ioredis";
import type { Engine } from "../engine.js";
import { compileLexicon } from "./compile.js";
import { LexiconError } from "./errors.js";
import { readLexiconDir } from "./read.js";

export interface Announcement {
  dir: string;
  version: string;
}

export const lexiconKey = (prefix: string) => `${prefix}:lexicon:current`;
export const lexiconChannel = (prefix: string) => `${prefix}:lexicon`;

/** Validate a directory and announce it. Throws LexiconError when it is broken. */
export async function publishLexicon(redis: Redis, prefix: string, dir: string): Promise<Announcement> {
  const lex = compileLexicon(readLexiconDir(dir));
  const a: Announcement = { dir: lex.dir, version: lex.version };
  await redis.set(lexiconKey(prefix), JSON.stringify(a));
  await redis.publish(lexiconChannel(prefix), JSON.stringify(a));
  return a;
}

export type ReloadEvent =
  | { type: "switched"; from: string; to: string }
  | { type: "unchanged"; version: string }
  | { type: "refused"; version?: string; error: string };

export class LexiconWatcher {
  private sub?: Redis;

  constructor(
    private readonly engine: Engine,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onEvent: (e: ReloadEvent) => void = () => {},
  ) {}

  /** Apply an announcement: load, compile, swap; or refuse and keep the old lexicon. */
  apply(a: Announcement): ReloadEvent {
    const from = this.engine.lexiconVersion;
    let event: ReloadEvent;
    try {
      const lex = compileLexicon(readLexiconDir(a.dir));
      if (lex.version === from) event = { type: "unchanged", version: from };
      else {
        this.engine.swapLexicon(lex);
        event = { type: "switched", from, to: lex.version };
      }
    } catch (e) {
      const error = e instanceof LexiconError ? e.message : `cannot load ${a.dir}: ${(e as Error).message}`;
      event = { type: "refused", version: a.version, error };
    }
    this.onEvent(event);
    return event;
  }

  /** Read the current announcement, then follow new ones. */
  async start(): Promise<void> {
    const current = await this.redis.get(lexiconKey(this.prefix));
    if (current) this.applyRaw(current);
    this.sub = this.redis.duplicate();
    await this.sub.subscribe(lexiconChannel(this.prefix));
    this.sub.on("message", (_ch: string, msg: string) => this.applyRaw(msg));
  }

  private applyRaw(raw: string): void {
    let a: Announcement;
    try {
      a = JSON.parse(raw) as Announcement;
      if (typeof a?.dir !== "string") throw new Error("no dir");
    } catch {
      this.onEvent({ type: "refused", error: `bad lexicon announcement: ${raw.slice(0, 200)}` });
      return;
    }
    this.apply(a);
  }

  async stop(): Promise<void> {
    await this.sub?.quit().catch(() => this.sub?.disconnect());
  }
}
