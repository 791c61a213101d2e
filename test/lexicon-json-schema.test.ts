/** The JSON Schemas of the lexicon files (for editors) are generated from the zod schemas and checked in up to date. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kindOfFile, LEXICON_FILE_KINDS, lexiconJsonSchema, schemaHeader, SCHEMA_DIR, type LexiconFileKind } from "../src/lexicon/json-schema.js";

const LEXICONS = fileURLToPath(new URL("../lexicons", import.meta.url));

describe("lexicon JSON Schemas", () => {
  it.each(Object.keys(LEXICON_FILE_KINDS) as LexiconFileKind[])("lexicons/_schema/%s.json is what the zod schema generates (node scripts/lexicon-schema.mjs)", (kind) => {
    expect(readFileSync(join(LEXICONS, SCHEMA_DIR, `${kind}.json`), "utf8")).toBe(lexiconJsonSchema(kind));
  });

  it("every lexicon file names its schema on its first line", () => {
    const wrong = readdirSync(LEXICONS)
      .filter((n) => n.endsWith(".yaml"))
      .filter((n) => readFileSync(join(LEXICONS, n), "utf8").split("\n", 1)[0] !== schemaHeader(n));
    expect(wrong).toEqual([]);
  });

  it("the schema knows the shapes a file may take (a per-term pinyin mode, an example with a span) and refuses unknown fields", () => {
    const schema = JSON.parse(lexiconJsonSchema("category"));
    const entry = schema.properties.entries.items;
    expect(entry.additionalProperties).toBe(false);
    expect(JSON.stringify(entry.properties.terms)).toContain('"pinyin"');
    expect(JSON.stringify(entry.properties.examples.properties.hit)).toContain('"span"');
    expect(kindOfFile("_groups.yaml")).toBe("groups");
    expect(kindOfFile("price_fraud.yaml")).toBe("category");
    // The shipped files parse to objects whose top-level keys the schema declares.
    for (const n of readdirSync(LEXICONS).filter((x) => x.endsWith(".yaml"))) {
      const s = JSON.parse(lexiconJsonSchema(kindOfFile(n)));
      for (const k of Object.keys(parse(readFileSync(join(LEXICONS, n), "utf8")) as object)) expect(Object.keys(s.properties), `${n}: ${k}`).toContain(k);
    }
  });
});
