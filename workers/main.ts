/**
 * A worker process on its own (for process managers and containers):
 *
 *     node dist/workers/main.js [--queues a,b] [--concurrency N] [--lexicons DIR]
 *
 * the same as `hegui workers …` (docs/queues.md): REDIS_URL,
 * HEGUI_PREFIX, HEGUI_QUEUE_CONFIG; stops cleanly on SIGTERM/SIGINT.
 */
import { main } from "../src/cli/entry.js";

await main(["workers", ...process.argv.slice(2)]);
