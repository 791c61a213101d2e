#!/usr/bin/env node
/**
 * Write the JSON Schemas of the lexicon files (generated from the zod schemas,
 * src/lexicon/json-schema.ts) to lexicons/_schema/, and put the schema line
 * first in every lexicon YAML file that lacks it. Run after `npm run build`
 * whenever src/lexicon/schema.ts changes; test/lexicon-json-schema.test.ts
 * fails while the checked-in copies are stale.
 *
 *   node scripts/lexicon-schema.mjs [--check] [DIR]
 *     --check: write nothing; exit 1 and name what is stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { LEXICON_FILE_KINDS, SCHEMA_DIR, lexiconJsonSchema, schemaHeader } = await import(join(root, "dist/src/lexicon/json-schema.js"));
const args = process.argv.slice(2);
const check = args.includes("--check");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? join(root, "lexicons"));

const stale = [];
mkdirSync(join(dir, SCHEMA_DIR), { recursive: true });
for (const kind of Object.keys(LEXICON_FILE_KINDS)) {
  const path = join(dir, SCHEMA_DIR, `${kind}.json`);
  const text = lexiconJsonSchema(kind);
  if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
  stale.push(path);
  if (!check) writeFileSync(path, text);
}
for (const name of readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort()) {
  const path = join(dir, name);
  const text = readFileSync(path, "utf8");
  const header = schemaHeader(name);
  if (text.split("\n", 1)[0] === header) continue;
  stale.push(`${path} (first line: ${header})`);
  if (!check) writeFileSync(path, `${header}\n${text.startsWith("# yaml-language-server:") ? text.slice(text.indexOf("\n") + 1) : text}`);
}
for (const s of stale) console.log(`${check ? "stale" : "wrote"}: ${s}`);
if (check && stale.length) process.exit(1);
