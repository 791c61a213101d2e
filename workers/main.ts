/**
 * A worker process on its own (for process managers and containers):
 *
 *     node dist/workers/main.js [--queues a,b] [--concurrency N] [--lexicons DIR] [--metrics-port N] [--metrics-host H]
 *
 * the same as `hegui workers …` (README "Queues and workers", docs/deploy.md):
 * REDIS_URL, HEGUI_PREFIX, HEGUI_QUEUE_CONFIG, HEGUI_METRICS_PORT,
 * HEGUI_LOG_FORMAT, HEGUI_LOG_LEVEL; stops cleanly on SIGTERM/SIGINT.
 */
import { main } from "../src/cli/entry.js";

await main(["workers", ...process.argv.slice(2)]);
