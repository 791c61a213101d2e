import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // After each test file, delete the Redis keys under the prefixes it took from testPrefix().
    setupFiles: ["test/support/redis-cleanup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // nodejieba costs ~240 MB per process: keep to the machine's two cores.
    maxWorkers: 2,
  },
});
