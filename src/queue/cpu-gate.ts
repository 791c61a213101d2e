/**
 * Keeps CPU-bound engine calls from starving the event loop. Each job's
 * matching is synchronous; with several jobs in flight their engine calls can
 * run back to back without the loop reaching its timers — and BullMQ renews
 * job locks from a timer. The gate counts the CPU time spent in engine calls
 * since the loop last ran its timers and, past `budgetMs`, waits one
 * macrotask (setTimeout 0: the timers phase) before the next call. The
 * longest stretch without timers is then one item's matching plus the
 * budget: an item is at most 1,000,000 characters a field (src/io/item-schema.ts),
 * a few seconds, well inside the job lock (30 s; renewed every 15 s).
 */
export class CpuGate {
  private spent = 0;
  private waiting: Promise<void> | undefined;

  constructor(private readonly budgetMs = 200) {
    // Whenever the loop gets to its timers, the count starts again.
    setInterval(() => {
      this.spent = 0;
    }, 20).unref();
  }

  async run<T>(fn: () => T): Promise<T> {
    if (this.spent >= this.budgetMs) {
      this.waiting ??= new Promise<void>((r) =>
        setTimeout(() => {
          this.spent = 0;
          this.waiting = undefined;
          r();
        }, 0),
      );
      await this.waiting;
    }
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.spent += performance.now() - t0;
    }
  }
}
