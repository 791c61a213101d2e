import { configDefaults, defineConfig } from "vitest/config";

/** What every project shares (a project does not extend the root: the global setup below runs once per run). */
const shared = {
  // After each test file, delete the Redis keys under the prefixes it took from testPrefix().
  setupFiles: ["test/support/redis-cleanup.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
  // nodejieba costs ~240 MB per process: keep to the machine's two cores.
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    // Once per run: the dist/ build and a Redis (test/support/global-setup.ts).
    globalSetup: ["test/support/global-setup.ts"],
    projects: [
      { test: { ...shared, name: "main", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/perf/**"], sequence: { groupOrder: 0 } } },
      // Timing ratios (test/perf) run after every other test file has finished, so no other test's
      // processes share the cores while they measure: a ratio taken on a busy machine measures the machine.
      { test: { ...shared, name: "perf", include: ["test/perf/**/*.test.ts"], sequence: { groupOrder: 1 } } },
    ],
  },
});
