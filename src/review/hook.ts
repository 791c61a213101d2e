/**
 * The queue workers' hook into the review store: verdicts decided `review`
 * become tasks (idempotent, so a retried job makes one). Workers are many
 * processes, so they need a PostgreSQL server (DATABASE_URL); the embedded
 * PGlite database belongs to one process (`hegui serve`).
 */
import type { Item, Verdict } from "../types.js";
import { openStore } from "./index.js";
import type { ReviewStore } from "./store.js";

export interface ReviewHook {
  task?: (item: Item, verdict: Verdict) => Promise<void>;
  store?: ReviewStore;
  close(): Promise<void>;
}

export async function reviewHook(log: (line: string) => void, ledger?: (item: Item, verdict: Verdict) => Promise<void>): Promise<ReviewHook> {
  if (!process.env.DATABASE_URL) {
    log("hegui workers: no DATABASE_URL: verdicts decided review make no review task (and cost the account nothing until one is confirmed)");
    return { close: async () => {} };
  }
  const store = await openStore({ ledger });
  // Decisions whose ledger step a crash interrupted: applied now.
  const pending = await store.applyPendingLedger();
  if (pending) log(`hegui workers: applied ${pending} reviewed task(s) to the account ledger`);
  return {
    store,
    task: async (item, verdict) => {
      await store.createTask(item, verdict, "queue");
    },
    close: () => store.close(),
  };
}
