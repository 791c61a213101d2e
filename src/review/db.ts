/**
 * One SQL connection for the review store: PostgreSQL through `pg` when a URL
 * is given (DATABASE_URL), else embedded PostgreSQL (PGlite) in a directory
 * (default ./.hegui/db) or in memory. Both run the same migrations
 * (migrations/*.sql) and the same queries.
 *
 * `schema` puts every table in a schema of its own (created when missing):
 * the tests use one per test and drop it after.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  /** "postgres" (a server) or "pglite" (embedded). */
  kind: "postgres" | "pglite";
  /** Where the data is: the URL without a password, or the PGlite directory (or "memory"). */
  where: string;
  /** Run `fn` in one transaction (committed when it returns, rolled back when it throws). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… (default: DATABASE_URL). "" forces PGlite. */
  url?: string;
  /** PGlite data directory (default ./.hegui/db); "memory" keeps it in memory. */
  dataDir?: string;
  /** Schema for every table (created when missing); default: HEGUI_DB_SCHEMA, else the connection's own (public). */
  schema?: string;
  /** Connections in the pool (postgres only). */
  poolSize?: number;
}

export const DEFAULT_DATA_DIR = ".hegui/db";

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkSchema(schema: string | undefined): void {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`schema name ${JSON.stringify(schema)}: lower-case letters, digits and _ only`);
}

export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres (unparsable URL)";
  }
}

/** The database DATABASE_URL (or `opts.url`) names, else embedded PGlite. Migrations are not run here (see migrate). */
export async function openDb(opts: DbOptions = {}): Promise<Db> {
  const url = opts.url ?? process.env.DATABASE_URL ?? "";
  const o = { ...opts, schema: opts.schema ?? (process.env.HEGUI_DB_SCHEMA || undefined) };
  checkSchema(o.schema);
  return url ? openPostgres(url, o) : openPglite(o);
}

/** A URL without a user name connects as PGUSER, else as "postgres" (node's pg would send USER, unset in services and CI). */
export function withUser(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !process.env.PGUSER) u.username = "postgres";
    return u.toString();
  } catch {
    throw new Error(`DATABASE_URL is not a URL: ${safeUrl(url)}`);
  }
}

async function openPostgres(rawUrl: string, opts: DbOptions): Promise<Db> {
  const url = withUser(rawUrl);
  if (opts.schema) {
    // The schema must exist before connections use it as their search path.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on("error", () => {
    // An idle connection that the server closed: the pool replaces it on the next query.
  });
  const q = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<R[]> => (await client.query(sql, params)).rows as R[];
  return {
    kind: "postgres",
    where: safeUrl(rawUrl),
    query: (sql, params) => q(pool, sql, params),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn({ query: (sql, params) => q(client, sql, params) });
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: DbOptions): Promise<Db> {
  const dir = opts.dataDir ?? process.env.HEGUI_DB_DIR ?? DEFAULT_DATA_DIR;
  const memory = dir === "memory";
  if (!memory) mkdirSync(resolve(dir), { recursive: true });
  const db = memory ? new PGlite() : new PGlite(resolve(dir));
  await db.waitReady;
  if (opts.schema) {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
  }
  // One connection: transactions run one after another.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => {});
    return next;
  };
  return {
    kind: "pglite",
    where: memory ? "memory" : resolve(dir),
    query: <R>(sql: string, params?: unknown[]) => serial(async () => (await db.query<R>(sql, params)).rows),
    tx: (fn) =>
      serial(() =>
        db.transaction((t) =>
          fn({
            query: async <R>(sql: string, params?: unknown[]) => (await t.query<R>(sql, params)).rows,
            exec: async (sql: string) => void (await t.exec(sql)),
          } as Queryable),
        ),
      ),
    close: () => serial(() => db.close()),
  };
}

/** The migrations directory shipped with the package (migrations/ beside package.json). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const m = join(dir, "migrations");
    if (existsSync(join(dir, "package.json")) && existsSync(m)) return m;
    dir = dirname(dir);
  }
  throw new Error("migrations/ not found beside the package's package.json");
}

export interface Migration {
  version: string;
  file: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ""), file: join(dir, f), sql: readFileSync(join(dir, f), "utf8") }));
}

/** Apply the migrations not applied yet, each in its own transaction; returns the versions applied now. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.tx(async (q) => {
      // One migrator at a time (several processes may start together).
      if (db.kind === "postgres") await q.query(`SELECT pg_advisory_xact_lock(4711017)`);
      const seen = await q.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [m.version]);
      if (seen.length) return false;
      try {
        await execScript(q, m.sql, db.kind);
      } catch (e) {
        throw new Error(`migration ${m.file}: ${(e as Error).message}`);
      }
      await q.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [m.version]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** A multi-statement script: pg's simple protocol takes it whole (no parameters); so does PGlite's exec. */
async function execScript(q: Queryable, sql: string, _kind: Db["kind"]): Promise<void> {
  const exec = (q as { exec?: (s: string) => Promise<unknown> }).exec;
  if (exec) await exec.call(q, sql);
  else await q.query(sql);
}
