/** The review workbench: open the store (migrations applied) over DATABASE_URL or embedded PGlite. */
import { migrate, openDb, type DbOptions } from "./db.js";
import { ReviewStore, type StoreOptions } from "./store.js";

export { ReviewError, ReviewStore } from "./store.js";
export type { Task, TaskViolation, Stats, DecideInput, ListFilter, Role } from "./store.js";

/** Open the database, apply pending migrations, and return the store over it. */
export async function openStore(opts: DbOptions & StoreOptions = {}): Promise<ReviewStore> {
  const db = await openDb(opts);
  try {
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  return new ReviewStore(db, opts);
}
