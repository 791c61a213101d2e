/**
 * Redis keys of one account's ledger, under the pipeline prefix. The account id
 * is a hash tag so an account's keys share a slot (the append script touches
 * all three); with a hash-tagged prefix ("{hegui}") the prefix's tag wins.
 */
export interface LedgerKeys {
  /** Stream of events (field `e`: the event as JSON). */
  events: string;
  /** Live snapshot: the fold of every event so far (JSON). */
  state: string;
  /** Dedupe keys of verdicts already applied. */
  seen: string;
}

export function ledgerKeys(prefix: string, accountId: string): LedgerKeys {
  const base = `${prefix}:ledger:{${accountId}}`;
  return { events: `${base}:events`, state: `${base}:state`, seen: `${base}:seen` };
}

/** Set of account ids with a ledger (for listing). */
export const accountsKey = (prefix: string) => `${prefix}:ledger:accounts`;
