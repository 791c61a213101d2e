/** A review API on a spare port over the fixture lexicon, for the API and page tests. */
import { createServer, type ApiOptions, type ApiServer } from "../../src/api/server.js";
import { fixtureEngine } from "./engine.js";

export interface Running {
  api: ApiServer;
  url: string;
  close(): Promise<void>;
}

export async function startApi(opts: ApiOptions = {}): Promise<Running> {
  const api = createServer({ engine: fixtureEngine(), token: null, log: () => {}, ...opts });
  const { url } = await api.listen(0, "127.0.0.1");
  return { api, url, close: () => api.close(1000) };
}
