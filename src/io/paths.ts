/**
 * Where the package's own files are (config/, lexicons/, web/, models/), and
 * the one loader of its JSON configuration files (config/policy.json,
 * config/queues.json).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";

let root: string | undefined;

/**
 * The package folder: the nearest folder above this module (src/io or
 * dist/src/io) holding hegui's package.json. Found once.
 */
export function packageRoot(): string {
  if (root) return root;
  const from = dirname(fileURLToPath(import.meta.url));
  let dir = from;
  for (;;) {
    const f = join(dir, "package.json");
    if (existsSync(f) && (JSON.parse(readFileSync(f, "utf8")) as { name?: string }).name === "hegui") return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`the hegui package folder (package.json named "hegui") was not found above ${from}`);
    dir = up;
  }
}

/** A path inside the package folder: `packagePath("config", "policy.json")`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** Validate decoded configuration; an error names the source and every bad field (`file: a.b: message; …`). */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** Read a JSON configuration file and validate it; errors name the file (and the field). */
export function loadJsonConfig<S extends z.ZodType>(schema: S, path: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  return parseConfig(schema, raw, path);
}
