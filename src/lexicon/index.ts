import { packagePath } from "../io/paths.js";
import { compileLexicon, type Lexicon } from "./compile.js";
import { readLexiconDir } from "./read.js";

/** The lexicons shipped with hegui. */
export const DEFAULT_LEXICON_DIR = packagePath("lexicons");

export function loadLexicon(dir: string = process.env.HEGUI_LEXICONS ?? DEFAULT_LEXICON_DIR): Lexicon {
  return compileLexicon(readLexiconDir(dir));
}

export type { Lexicon, CompiledEntry } from "./compile.js";
export { LexiconError, formatProblem } from "./errors.js";
