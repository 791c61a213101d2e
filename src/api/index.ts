/** The review API: `createServer(opts)`, route plugins, the queue-depth hook for /metrics, error codes and logs. */
export {
  createServer,
  defaultMaxInFlight,
  DEFAULT_MAX_FIELD_CHARS,
  type ApiContext,
  type ApiOptions,
  type ApiPlugin,
  type ApiServer,
  type BatchError,
  type PlainRoute,
} from "./server.js";
export { registerServeExtension, registerServePlugin, type ServeExtension } from "./extensions.js";
export { setQueueDepthProvider, type QueueDepth, type QueueDepthProvider } from "./queue-depth.js";
export { ERROR_CODES, HttpError, type ErrorCode, type Issue } from "./http-error.js";
export { createLogger, type Logger } from "./logger.js";
export { MAX_BATCH } from "./review-request.js";
export { MAX_BODY_BYTES } from "./body.js";
