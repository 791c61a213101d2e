/** `hegui lexicon check [DIR]`: validate lexicon files and run every entry's examples. */
import { Engine } from "../engine.js";
import { compileLexicon } from "../lexicon/compile.js";
import { formatProblem, LexiconError } from "../lexicon/errors.js";
import { checkAllExamples } from "../lexicon/examples.js";
import { DEFAULT_LEXICON_DIR } from "../lexicon/index.js";
import { readLexiconDir } from "../lexicon/read.js";
import { loadPolicy } from "../score/policy.js";
import { producerConnection } from "../io/redis.js";
import { publishLexicon } from "../lexicon/reload.js";
import { EXIT, type CliIO } from "./io.js";

export async function lexiconCheck(dir: string | undefined, io: CliIO, opts: { examples?: boolean } = {}): Promise<number> {
  const path = dir ?? process.env.HEGUI_LEXICONS ?? DEFAULT_LEXICON_DIR;
  let engine: Engine;
  try {
    const lex = compileLexicon(readLexiconDir(path));
    engine = new Engine(lex, loadPolicy());
  } catch (e) {
    if (e instanceof LexiconError) {
      for (const p of e.problems) io.err(formatProblem(p));
      io.err(`${path}: ${e.problems.length} problem(s); lexicon refused`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  }
  const lex = engine.lexicon;
  io.out(`${path}: version ${lex.version}, ${lex.stats.entries} entries, ${lex.stats.terms} terms, ${lex.stats.patterns} patterns, ${lex.concepts.rules.length} concept rules`);
  if (opts.examples === false) return EXIT.CLEAN;
  const failures = checkAllExamples(engine);
  for (const f of failures) io.err(`${f.file}, entry ${f.entry}, field ${f.field}: ${f.message}: ${f.example}`);
  const total =
    lex.entries.reduce((n, e) => n + e.examples.hit.length + e.examples.miss.length, 0) +
    lex.concepts.rules.reduce((n, r) => n + r.examples.hit.length + r.examples.miss.length, 0);
  io.out(`examples: ${total - failures.length}/${total} as expected`);
  return failures.length ? EXIT.BAD_INPUT : EXIT.CLEAN;
}

/** `hegui lexicon publish DIR`: validate, run the examples, then announce to the workers. */
export async function lexiconPublish(dir: string, io: CliIO): Promise<number> {
  const code = await lexiconCheck(dir, io);
  if (code !== EXIT.CLEAN) {
    io.err(`${dir}: not published; workers keep their current lexicon`);
    return code;
  }
  const redis = await producerConnection();
  try {
    const a = await publishLexicon(redis, process.env.HEGUI_PREFIX || "hegui", dir);
    io.out(`published ${a.version} from ${a.dir}`);
    return EXIT.CLEAN;
  } finally {
    redis.disconnect();
  }
}
