/** A Lua script run by its SHA (EVALSHA), loaded on first use or after a SCRIPT FLUSH / failover. */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run<T = unknown>(redis: Redis, keys: string[], args: Array<string | number>): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as T;
    } catch (e) {
      if (!String((e as Error).message).includes("NOSCRIPT")) throw e;
      return (await redis.eval(this.source, keys.length, ...keys, ...args)) as T;
    }
  }
}
