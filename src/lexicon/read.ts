/** Read and validate the YAML files of a lexicon directory. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { detachAll } from "../io/detach.js";
import type { z } from "zod";
import { LexiconError, type LexiconProblem } from "./errors.js";
import {
  categoryFileSchema,
  conceptsFileSchema,
  contextFileSchema,
  groupsFileSchema,
  variantsFileSchema,
  type CategoryFile,
  type ConceptsFile,
  type ContextFile,
  type GroupsFile,
  type VariantsFile,
} from "./schema.js";

export interface LexiconFiles {
  dir: string;
  version: string;
  categories: Array<{ file: string; data: CategoryFile }>;
  groups: GroupsFile;
  context: ContextFile;
  variants: VariantsFile;
  /** Concept classes and their co-occurrence rules (optional file). */
  concepts?: ConceptsFile;
}

function parseYaml(path: string, text: string, problems: LexiconProblem[]) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  for (const e of doc.errors) {
    problems.push({ file: basename(path), line: e.linePos?.[0]?.line, message: e.message.split("\n")[0] });
  }
  // Unknown tags (!!js/function …) are warnings to the YAML parser; lexicon data is
  // plain strings, lists and maps only, so any tag it does not know is refused.
  for (const w of doc.warnings) {
    problems.push({ file: basename(path), line: w.linePos?.[0]?.line, message: w.message.split("\n")[0] });
  }
  if (doc.errors.length || doc.warnings.length) return undefined;
  // Its strings copied out of the file text: the compiled lexicon keeps ids and terms, not the files.
  return { value: detachAll(doc.toJS({ maxAliasCount: 0 })) as unknown, doc, lc };
}

/** Line of a node at a zod issue path, when the YAML document has it. */
function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const key of path) {
    if (isMap(node) || isSeq(node)) {
      const child = (node as { get(k: unknown, keep: boolean): unknown }).get(key, true);
      const range = (child as { range?: number[] } | undefined)?.range;
      if (range) line = lc.linePos(range[0]).line;
      node = child;
    } else break;
  }
  return line;
}

function check<S extends z.ZodType>(
  schema: S,
  file: string,
  parsed: NonNullable<ReturnType<typeof parseYaml>>,
  problems: LexiconProblem[],
): z.output<S> | undefined {
  const r = schema.safeParse(parsed.value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const path = issue.path as PropertyKey[];
    let entry: string | undefined;
    let field = path.map(String).join(".");
    if (path[0] === "entries" && typeof path[1] === "number") {
      const raw = (parsed.value as { entries?: Array<{ id?: unknown }> }).entries?.[path[1]];
      entry = typeof raw?.id === "string" ? raw.id : `#${path[1]}`;
      field = path.slice(2).map(String).join(".") || "(entry)";
    } else if (path[0] === "codeRules" && path.length > 1) {
      // A code rule's metadata: the rule id as the entry, as the compiler names it.
      entry = String(path[1]);
      field = ["codeRules", ...path.slice(2).map(String)].join(".");
    }
    problems.push({ file, entry, field, line: lineOf(parsed.doc, parsed.lc, path), message: issue.message });
  }
  return undefined;
}

export function readLexiconDir(dir: string): LexiconFiles {
  return readLexiconFiles(lexiconTexts(dir), dir);
}

/** The `*.yaml` files of a lexicon directory, name → text (a missing directory is a LexiconError). */
function lexiconTexts(dir: string): Record<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new LexiconError([{ file: dir, message: "lexicon directory not found" }]);
  }
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort()) files[name] = readFileSync(join(dir, name), "utf8");
  return files;
}

/** The version of the lexicon in `dir` from its files' bytes alone, nothing parsed (see validated.ts). */
export function lexiconDirVersion(dir: string): string {
  return lexiconVersionOf(lexiconTexts(dir));
}

/** The content hash of a lexicon's files (its version): over the sorted names and their texts. */
export function lexiconVersionOf(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(files).filter((n) => n.endsWith(".yaml")).sort()) hash.update(name).update("\0").update(files[name]).update("\0");
  return hash.digest("hex").slice(0, 12);
}

/**
 * Validate a lexicon given as its files (name → YAML text), e.g. a published
 * bundle from Redis; `dir` names where they came from in messages.
 */
export function readLexiconFiles(files: Record<string, string>, dir: string): LexiconFiles {
  const problems: LexiconProblem[] = [];
  const names = Object.keys(files).filter((n) => n.endsWith(".yaml")).sort();
  const categories: LexiconFiles["categories"] = [];
  let groups: GroupsFile | undefined;
  let context: ContextFile | undefined;
  let variants: VariantsFile | undefined;
  let concepts: ConceptsFile | undefined;
  for (const name of names) {
    const path = join(dir, name);
    const text = files[name];
    const parsed = parseYaml(path, text, problems);
    if (!parsed) continue;
    if (name === "_groups.yaml") groups = check(groupsFileSchema, name, parsed, problems);
    else if (name === "_context.yaml") context = check(contextFileSchema, name, parsed, problems);
    else if (name === "_variants.yaml") variants = check(variantsFileSchema, name, parsed, problems);
    else if (name === "_concepts.yaml") concepts = check(conceptsFileSchema, name, parsed, problems);
    else if (name.startsWith("_")) problems.push({ file: name, message: "unknown shared file (expected _groups, _context, _variants or _concepts)" });
    else {
      const data = check(categoryFileSchema, name, parsed, problems);
      if (!data) continue;
      if (`${data.category}.yaml` !== name) {
        problems.push({ file: name, field: "category", message: `"${data.category}" does not match the file name` });
      }
      categories.push({ file: name, data });
    }
  }
  for (const [req, got] of [["_groups.yaml", groups], ["_context.yaml", context], ["_variants.yaml", variants]] as const) {
    if (!got && !problems.some((p) => p.file === req)) problems.push({ file: req, message: "missing" });
  }
  if (categories.length === 0 && problems.length === 0) problems.push({ file: dir, message: "no category files" });
  if (problems.length) throw new LexiconError(problems);
  return {
    dir,
    version: lexiconVersionOf(files),
    categories,
    groups: groups!,
    context: context!,
    variants: variants!,
    concepts,
  };
}
