/**
 * The engine every interface calls: CLI, queue workers, HTTP API, rescans.
 * normalize -> tokenize -> match -> context -> score -> verdict.
 */
import { analyze, type Analysis } from "./analyze.js";
import { loadLexicon, type Lexicon } from "./lexicon/index.js";
import { decide } from "./score/decide.js";
import { loadPolicy, type Policy } from "./score/policy.js";
import { postprocess, postSteps, type PostStep } from "./score/postprocess.js";
import { ensureJieba } from "./tokenize/jieba.js";
import type { Candidate, Item, Verdict } from "./types.js";

export interface EngineOptions {
  lexiconDir?: string;
  policy?: Policy;
  /** Include each violation's explanation in verdicts (default true). */
  explain?: boolean;
}

export class Engine {
  private lex: Lexicon;
  private post: PostStep[];

  constructor(
    lex: Lexicon,
    readonly policy: Policy,
    readonly explain = true,
  ) {
    ensureJieba(lex.dictionary);
    this.lex = lex;
    this.post = postSteps(policy.minConfidence);
  }

  get lexicon(): Lexicon {
    return this.lex;
  }

  get lexiconVersion(): string {
    return this.lex.version;
  }

  /** Switch to another lexicon atomically: items already running finish on the old one. */
  swapLexicon(lex: Lexicon): void {
    ensureJieba(lex.dictionary);
    this.lex = lex;
  }

  /** Match + context stage: the violation candidates of one item. */
  analyze(item: Item): Analysis {
    return analyze(item, this.lex);
  }

  /** Post-processed candidates (deduped, merged, thresholded, sorted). */
  candidates(item: Item): Candidate[] {
    return postprocess(this.analyze(item).candidates, this.post);
  }

  /** Scoring stage: candidates -> verdict. */
  verdict(item: Item, candidates: Candidate[], lexiconVersion = this.lex.version): Verdict {
    const cs = postprocess(candidates, this.post);
    const { decision, score } = decide(cs, item.channel, this.policy);
    const violations = this.explain ? cs : cs.map(({ explain: _e, ...rest }) => rest as Candidate);
    return { id: item.id, decision, score, lexiconVersion, channel: item.channel, violations };
  }

  /** The whole pipeline for one item. */
  review(item: Item): Verdict {
    const lex = this.lex;
    return this.verdict(item, analyze(item, lex).candidates, lex.version);
  }
}

export function createEngine(opts: EngineOptions = {}): Engine {
  const lex = loadLexicon(opts.lexiconDir);
  return new Engine(lex, opts.policy ?? loadPolicy(), opts.explain ?? true);
}
