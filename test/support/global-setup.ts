/** Once per test run: build check and a Redis for the queue tests. */
import type { TestProject } from "vitest/node";
import { buildDist } from "./build.js";
import { findOrStartRedis } from "./redis-server.js";

let stop: (() => Promise<void>) | undefined;

export default async function setup(project: TestProject) {
  await buildDist();
  const r = await findOrStartRedis();
  stop = r.stop;
  process.env.REDIS_URL = r.url;
  project.provide("redisUrl", r.url);
  return async () => {
    await stop?.();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
