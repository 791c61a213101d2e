/** "hegui/lexicon": load, validate, publish and follow lexicons (docs/lexicons.md, docs/library.md). */
export { loadLexicon, DEFAULT_LEXICON_DIR, LexiconError, formatProblem, type Lexicon, type CompiledEntry } from "./index.js";
export { compileLexicon } from "./compile.js";
export { readLexiconDir, readLexiconFiles, lexiconVersionOf, type LexiconFiles } from "./read.js";
export { publishLexicon, publishBundle, resolveLexiconDir } from "./reload.js";
export {
  LexiconFollower,
  followLexicon,
  fetchBundle,
  checkBundle,
  compileBundle,
  lexiconKey,
  lexiconChannel,
  snapshotKey,
  type Announcement,
  type Bundle,
  type FollowerOptions,
  type FollowerStatus,
  type ReloadEvent,
  type SwitchListener,
} from "./follow.js";
