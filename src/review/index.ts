/** The review workbench: open the store (migrations applied) over DATABASE_URL or embedded PGlite. */
import { DEFAULT_DATA_DIR, migrate, openDb, safeUrl, type Db, type DbOptions } from "./db.js";
import { ReviewError, ReviewStore, type StoreOptions } from "./store.js";

export { ReviewError, ReviewStore } from "./store.js";
export type { Task, TaskViolation, Stats, DecideInput, ListFilter, Role } from "./store.js";

/** Open the database, apply pending migrations, and return the store over it. */
export async function openStore(opts: DbOptions & StoreOptions = {}): Promise<ReviewStore> {
  let db: Db | undefined;
  try {
    db = await openDb(opts);
    await migrate(db);
  } catch (e) {
    await db?.close().catch(() => {});
    const url = opts.url ?? process.env.DATABASE_URL ?? "";
    const where = url ? `PostgreSQL at ${safeUrl(url)} (DATABASE_URL)` : `the embedded database in ${opts.dataDir ?? process.env.HEGUI_DB_DIR ?? DEFAULT_DATA_DIR}`;
    throw new ReviewError(`cannot open the review store, ${where}: ${(e as Error).message}`, 400);
  }
  return new ReviewStore(db, opts);
}
