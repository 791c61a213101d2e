/**
 * The review store over both backends: the PostgreSQL server (DATABASE_URL, else
 * 127.0.0.1:5432/test) with a schema of its own per store, dropped after, and
 * PGlite in memory. A server that cannot be reached fails the server tests
 * unless HEGUI_TEST_NO_POSTGRES=1 says there is none on purpose.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withUser } from "../../src/review/db.js";
import { openStore } from "../../src/review/index.js";
import type { ReviewStore, StoreOptions } from "../../src/review/store.js";

export const PG_URL = process.env.DATABASE_URL || "postgres://127.0.0.1:5432/test";

export interface Backend {
  name: "postgres" | "pglite";
  open(opts?: StoreOptions & { poolSize?: number }): Promise<ReviewStore>;
  /** Drop what `open` made (the schema on the server). */
  cleanup(): Promise<void>;
}

export function backends(): Backend[] {
  const list: Backend[] = [];
  if (process.env.HEGUI_TEST_NO_POSTGRES !== "1") {
    const schemas: string[] = [];
    list.push({
      name: "postgres",
      async open(opts = {}) {
        const schema = `hegui_test_${process.pid}_${randomBytes(4).toString("hex")}`;
        schemas.push(schema);
        return openStore({ ...opts, url: PG_URL, schema });
      },
      async cleanup() {
        if (!schemas.length) return;
        const c = new pg.Client({ connectionString: withUser(PG_URL) });
        await c.connect();
        try {
          for (const s of schemas.splice(0)) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        } finally {
          await c.end();
        }
      },
    });
  }
  list.push({
    name: "pglite",
    open: (opts = {}) => openStore({ ...opts, url: "", dataDir: "memory" }),
    async cleanup() {},
  });
  return list;
}
