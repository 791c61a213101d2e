/**
 * A per-item deadline, checked cooperatively: between pipeline stages and
 * every so many steps of the long loops (hits, context steps, patterns,
 * classifier). Past it the check throws `DeadlineExceeded`, which every
 * interface turns into an error record `{"id": …, "error": "deadline exceeded"}`.
 *
 * The limit: `HEGUI_ITEM_DEADLINE_MS` if set, else the policy's
 * `limits.itemDeadlineMs`.
 */

export const DEADLINE_MESSAGE = "deadline exceeded";

export class DeadlineExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(DEADLINE_MESSAGE);
    this.name = "DeadlineExceeded";
  }
}

export class Deadline {
  private readonly at: number;
  private count = 0;

  constructor(readonly limitMs: number) {
    this.at = Number.isFinite(limitMs) ? performance.now() + limitMs : Infinity;
  }

  /** Throw DeadlineExceeded when the deadline has passed. */
  check(): void {
    if (performance.now() > this.at) throw new DeadlineExceeded(this.limitMs);
  }

  /** A cheap check for tight loops: reads the clock every `every` calls. */
  tick(every = 64): void {
    if (++this.count % every === 0) this.check();
  }

  /** No limit. */
  static none(): Deadline {
    return new Deadline(Infinity);
  }
}

export function isDeadlineExceeded(e: unknown): e is DeadlineExceeded {
  return e instanceof DeadlineExceeded || (e instanceof Error && e.name === "DeadlineExceeded");
}

/** The item deadline from `HEGUI_ITEM_DEADLINE_MS`, else `fallback`; a bad value is an error naming the variable. */
export function itemDeadlineMs(fallback: number): number {
  const raw = process.env.HEGUI_ITEM_DEADLINE_MS;
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`HEGUI_ITEM_DEADLINE_MS must be a positive integer (milliseconds), not ${raw}`);
  return n;
}
