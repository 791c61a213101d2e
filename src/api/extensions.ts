/**
 * Extension points of `hegui serve` for other modules, without editing the command:
 *   - `registerServePlugin(plugin)`: more routes (e.g. the review workbench), see ApiPlugin;
 *   - `registerServeExtension(fn)`: called once the server is up, with the server and its
 *     logger; may return a stop function (e.g. a lexicon follower that calls `api.setEngine`).
 */
import type { Logger } from "./logger.js";
import type { ApiPlugin, ApiServer } from "./server.js";

export type ServeExtension = (api: ApiServer, ctx: { logger: Logger; lexiconDir?: string }) => void | (() => Promise<void> | void) | Promise<void | (() => Promise<void> | void)>;

const plugins: ApiPlugin[] = [];
const extensions: ServeExtension[] = [];

export function registerServePlugin(plugin: ApiPlugin): void {
  plugins.push(plugin);
}

export function registerServeExtension(fn: ServeExtension): void {
  extensions.push(fn);
}

export function servePlugins(): ApiPlugin[] {
  return plugins.slice();
}

export function serveExtensions(): ServeExtension[] {
  return extensions.slice();
}
