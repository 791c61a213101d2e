/** Benchmarks that need the queue workers (captions latency, rescan throughput). */
export interface ExtraResults {
  captions?: { p50Ms: number; p95Ms: number; p99Ms: number; ratePerSec: number; count: number; workers: number };
  rescan?: { listingsPerSec1Worker: number; listingsPerSec2Workers: number; listings: number };
  workerRssMb?: number;
}

export async function extraBenches(_opts: { quick: boolean; root: string; log: (s: string) => void }): Promise<ExtraResults> {
  return {};
}
