import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileLexicon, type Lexicon } from "./compile.js";
import { readLexiconDir } from "./read.js";

/** The lexicons shipped with hegui. */
export const DEFAULT_LEXICON_DIR = findLexicons(dirname(fileURLToPath(import.meta.url)));

/** Walk up from this module (src/ or dist/src/) to the package's lexicons/ folder. */
function findLexicons(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "lexicons");
    if (existsSync(join(candidate, "_groups.yaml"))) return candidate;
    dir = dirname(dir);
  }
  return join(from, "../../lexicons");
}

export function loadLexicon(dir: string = process.env.HEGUI_LEXICONS ?? DEFAULT_LEXICON_DIR): Lexicon {
  return compileLexicon(readLexiconDir(dir));
}

export type { Lexicon, CompiledEntry } from "./compile.js";
export { LexiconError, formatProblem } from "./errors.js";
