/**
 * JSON Schemas of the lexicon files, generated from their zod schemas
 * (src/lexicon/schema.ts) for editors: each YAML file names its schema in its
 * first line (`# yaml-language-server: $schema=_schema/category.json`).
 * `node scripts/lexicon-schema.mjs` writes them to lexicons/_schema/;
 * test/lexicon-json-schema.test.ts fails when the checked-in copies are stale.
 * The zod schemas stay the authority: refinements (a fix needs replace, strip
 * or delete) and the compile checks are not in the JSON Schemas.
 */
import { z } from "zod";
import { categoryFileSchema, conceptsFileSchema, contextFileSchema, groupsFileSchema, variantsFileSchema } from "./schema.js";

export const LEXICON_FILE_KINDS = {
  category: { schema: categoryFileSchema, title: "hegui lexicon: a category file (<category>.yaml)" },
  groups: { schema: groupsFileSchema, title: "hegui lexicon: _groups.yaml" },
  context: { schema: contextFileSchema, title: "hegui lexicon: _context.yaml" },
  variants: { schema: variantsFileSchema, title: "hegui lexicon: _variants.yaml" },
  concepts: { schema: conceptsFileSchema, title: "hegui lexicon: _concepts.yaml" },
} as const;
export type LexiconFileKind = keyof typeof LEXICON_FILE_KINDS;

/** The folder of the schemas, relative to the lexicon directory. */
export const SCHEMA_DIR = "_schema";

/** The kind of a lexicon file by its name. */
export function kindOfFile(name: string): LexiconFileKind {
  const shared: Record<string, LexiconFileKind> = { "_groups.yaml": "groups", "_context.yaml": "context", "_variants.yaml": "variants", "_concepts.yaml": "concepts" };
  return shared[name] ?? "category";
}

/** The first line each lexicon file carries, naming its schema for editors (yaml-language-server). */
export function schemaHeader(name: string): string {
  return `# yaml-language-server: $schema=${SCHEMA_DIR}/${kindOfFile(name)}.json`;
}

/** The JSON Schema of one kind of lexicon file, as written (defaults optional), as JSON text. */
export function lexiconJsonSchema(kind: LexiconFileKind): string {
  const { schema, title } = LEXICON_FILE_KINDS[kind];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return JSON.stringify({ ...json, title }, null, 2) + "\n";
}
