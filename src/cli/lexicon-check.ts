/** `hegui lexicon check [DIR]`: validate lexicon files and run every entry's examples. */
import { Engine } from "../engine.js";
import { compileLexicon } from "../lexicon/compile.js";
import { formatProblem, LexiconError } from "../lexicon/errors.js";
import { checkAllExamples } from "../lexicon/examples.js";
import { PROBE_FACTOR, probeLexicon, slowPatternProblems } from "../lexicon/probe.js";
import { DEFAULT_LEXICON_DIR } from "../lexicon/index.js";
import { lintLexicon, sharedTermGroups } from "../lexicon/lint.js";
import { readLexiconDir, type LexiconFiles } from "../lexicon/read.js";
import { loadPolicy } from "../score/policy.js";
import { producerConnection } from "../io/redis.js";
import { publishLexicon, resolveLexiconDir } from "../lexicon/reload.js";
import { EXIT, type CliIO } from "./io.js";

export async function lexiconCheck(dir: string | undefined, io: CliIO, opts: { examples?: boolean; duplicates?: boolean } = {}): Promise<number> {
  const path = dir ?? process.env.HEGUI_LEXICONS ?? DEFAULT_LEXICON_DIR;
  let engine: Engine;
  let files: LexiconFiles;
  try {
    files = readLexiconDir(path);
    const lex = compileLexicon(files);
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
  // Every pattern over its adversarial probe, against a linear baseline (src/lexicon/probe.ts).
  const probes = probeLexicon(lex);
  const slow = slowPatternProblems(probes);
  if (slow.length) {
    for (const p of slow) io.err(formatProblem(p));
    io.err(`${path}: ${slow.length} pattern(s) too slow on an adversarial probe; lexicon refused`);
    return EXIT.BAD_INPUT;
  }
  const worst = probes.reduce<(typeof probes)[number] | undefined>((w, r) => (!w || r.ratio > w.ratio ? r : w), undefined);
  if (worst) io.out(`patterns: ${probes.length} probed, slowest ${worst.ratio.toFixed(1)}× baseline (${worst.entry}), limit ${PROBE_FACTOR}×`);
  // Warnings (src/lexicon/lint.ts says why they are no refusals): counted always, listed with --duplicates.
  const lint = lintLexicon(files, lex);
  const groups = sharedTermGroups(lint.sharedTerms);
  if (lint.sharedTerms.length) io.out(`warning: ${lint.sharedTerms.length} terms are listed in two or more entries (${groups.length} groups of entries)${opts.duplicates ? "" : "; --duplicates lists them"}`);
  if (lint.respelled.length) io.out(`warning: ${lint.respelled.length} terms are spelled twice in one entry${opts.duplicates ? "" : "; --duplicates lists them"}`);
  if (opts.duplicates) {
    for (const g of groups) io.out(`  ${g.entries.join(" + ")}: ${g.terms.length} terms: ${g.terms.join(", ")}`);
    for (const r of lint.respelled) io.out(`  ${r.file}, entry ${r.entry}: ${r.spellings.map((x) => `"${x}"`).join(" and ")} are one term`);
  }
  if (opts.examples === false) return EXIT.CLEAN;
  const failures = checkAllExamples(engine);
  for (const f of failures) io.err(`${f.file}, entry ${f.entry}, field ${f.field}: ${f.message}: ${f.example}`);
  const total =
    lex.entries.reduce((n, e) => n + e.examples.hit.length + e.examples.miss.length, 0) +
    lex.concepts.rules.reduce((n, r) => n + r.examples.hit.length + r.examples.miss.length, 0);
  io.out(`examples: ${total - failures.length}/${total} as expected`);
  return failures.length ? EXIT.BAD_INPUT : EXIT.CLEAN;
}

/**
 * `hegui lexicon publish DIR`: DIR resolved to an absolute real path (a
 * directory that cannot be read is refused), validated, its examples run,
 * then stored in Redis as a content-addressed snapshot and announced to the
 * workers (who load the snapshot, run the examples again and switch).
 */
export async function lexiconPublish(dir: string, io: CliIO): Promise<number> {
  let abs: string;
  try {
    abs = resolveLexiconDir(dir);
  } catch (e) {
    if (!(e instanceof LexiconError)) throw e;
    for (const p of e.problems) io.err(formatProblem(p));
    io.err(`${dir}: not published; workers keep their current lexicon`);
    return EXIT.BAD_INPUT;
  }
  const code = await lexiconCheck(abs, io);
  if (code !== EXIT.CLEAN) {
    io.err(`${dir}: not published; workers keep their current lexicon`);
    return code;
  }
  const redis = await producerConnection();
  try {
    const a = await publishLexicon(redis, process.env.HEGUI_PREFIX || "hegui", abs);
    io.out(`published ${a.version} from ${a.dir} (snapshot ${a.snapshot})`);
    return EXIT.CLEAN;
  } finally {
    redis.disconnect();
  }
}
