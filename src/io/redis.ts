/**
 * Redis connections. REDIS_URL (default redis://127.0.0.1:6379) may carry a
 * user and password (redis://:secret@host:6379) and TLS (rediss://host:6380);
 * ioredis reads both from the URL. For a server certificate signed by a
 * private CA, REDIS_TLS_CA_FILE names the CA's PEM file (and
 * REDIS_TLS_SERVERNAME the name to check, when it differs from the host).
 *
 * - workers: `maxRetriesPerRequest: null` (BullMQ requires it), reconnect forever;
 * - producers and commands: fail fast with a clear message when Redis is down.
 */
import { readFileSync } from "node:fs";
import { Redis, type RedisOptions } from "ioredis";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export function redisUrl(): string {
  return process.env.REDIS_URL || DEFAULT_REDIS_URL;
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, cred: string) => `//${cred.includes(":") ? cred.split(":")[0] + ":***" : "***"}@`);
}

export class RedisUnavailableError extends Error {}

/** TLS options from the environment for rediss:// URLs (none for redis://). */
export function tlsOptions(url: string, env: NodeJS.ProcessEnv = process.env): RedisOptions {
  if (!url.startsWith("rediss://")) return {};
  const tls: NonNullable<RedisOptions["tls"]> = {};
  if (env.REDIS_TLS_CA_FILE) {
    try {
      tls.ca = readFileSync(env.REDIS_TLS_CA_FILE);
    } catch (e) {
      throw new RedisUnavailableError(`REDIS_TLS_CA_FILE=${env.REDIS_TLS_CA_FILE}: ${(e as Error).message}`);
    }
  }
  if (env.REDIS_TLS_SERVERNAME) tls.servername = env.REDIS_TLS_SERVERNAME;
  return Object.keys(tls).length ? { tls } : {};
}

/** A connection for long-running workers: waits and reconnects rather than failing. */
export function workerConnection(url = redisUrl(), extra: RedisOptions = {}): Redis {
  const r = new Redis(url, {
    ...tlsOptions(url),
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 6), 5000),
    ...extra,
  });
  return r;
}

/** A connection for producers and one-shot commands: fails fast when Redis is down. */
export async function producerConnection(url = redisUrl(), extra: RedisOptions = {}): Promise<Redis> {
  const r = new Redis(url, {
    ...tlsOptions(url),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    enableOfflineQueue: false,
    retryStrategy: (times) => (times > 2 ? null : 200),
    ...extra,
  });
  let lastError: Error | undefined;
  r.on("error", (e: Error) => {
    lastError = e;
  });
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    r.disconnect();
    throw new RedisUnavailableError(
      `cannot reach Redis at ${safeUrl(url)}: ${(lastError ?? (e as Error)).message}. ` +
        `Start one (redis-server) or set REDIS_URL.`,
    );
  }
  return r;
}

/** Warn when Redis may evict keys (BullMQ needs maxmemory-policy noeviction). */
export async function evictionWarning(r: Redis): Promise<string | undefined> {
  try {
    const res = (await r.config("GET", "maxmemory-policy")) as string[];
    const policy = res?.[1];
    if (policy && policy !== "noeviction") {
      return `warning: Redis maxmemory-policy is "${policy}"; set it to "noeviction" or queued jobs may be evicted`;
    }
  } catch {
    // CONFIG may be disabled (managed Redis): nothing to check.
  }
  return undefined;
}

/**
 * Warn when Redis keeps nothing across a restart: neither AOF (`appendonly
 * no`) nor RDB snapshots (`save ""`). Then a restart silently drops every
 * queued job, the verdict stream and every ledger account. RDB alone loses the
 * writes since the last snapshot. CONFIG may be disabled (managed Redis,
 * renamed command): then say that it could not be checked.
 */
export async function persistenceWarning(r: Redis): Promise<string | undefined> {
  let aof: string | undefined;
  let save: string | undefined;
  try {
    aof = ((await r.config("GET", "appendonly")) as string[])?.[1];
    save = ((await r.config("GET", "save")) as string[])?.[1];
  } catch (e) {
    return (
      `warning: cannot check Redis persistence (CONFIG GET refused: ${(e as Error).message}); ` +
      `make sure the server runs with AOF (appendonly yes, appendfsync everysec) or queued jobs and ledger accounts are lost on a restart`
    );
  }
  if (aof === undefined && save === undefined) return undefined; // CONFIG answered nothing: a proxy that hides it
  const hasAof = aof === "yes";
  const hasRdb = typeof save === "string" && save.trim() !== "";
  if (!hasAof && !hasRdb) {
    return (
      `warning: Redis has no persistence (appendonly no, save ""): a Redis restart loses every queued job, verdict and ledger account ` +
      `without an error; set appendonly yes and appendfsync everysec (docs/queues.md, "Production")`
    );
  }
  if (!hasAof) {
    return `warning: Redis persists by RDB snapshots only (save "${save}"): a restart loses the jobs and ledger events written since the last snapshot; set appendonly yes (docs/queues.md, "Production")`;
  }
  return undefined;
}

/** Every start-up warning about a Redis the queue relies on (eviction policy, persistence). */
export async function redisWarnings(r: Redis): Promise<string[]> {
  const w = await Promise.all([evictionWarning(r), persistenceWarning(r)]);
  return w.filter((x): x is string => x !== undefined);
}
