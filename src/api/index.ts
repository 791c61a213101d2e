/** The review API: `createServer(opts)` and the queue-depth hook for /metrics. */
export { createServer, type ApiOptions, type ApiServer, type BatchError } from "./server.js";
export { setQueueDepthProvider, type QueueDepth, type QueueDepthProvider } from "./queue-depth.js";
export { MAX_BATCH } from "./review-request.js";
export { MAX_BODY_BYTES } from "./body.js";
