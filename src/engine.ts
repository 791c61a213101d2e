/**
 * The engine every interface calls: CLI, queue workers, HTTP API, rescans.
 * normalize -> tokenize -> match -> context -> score -> verdict.
 */
import { isAbsolute, join } from "node:path";
import { analyze, type Analysis } from "./analyze.js";
import { ContextClassifier } from "./classifier/model.js";
import { Deadline, itemDeadlineMs } from "./deadline.js";
import { loadLexicon, type Lexicon } from "./lexicon/index.js";
import { scoreItem } from "./score/pipeline.js";
import { loadPolicy, repoRoot, type Policy } from "./score/policy.js";
import { postprocess, postSteps, type PostStep } from "./score/postprocess.js";
import { ensureJieba } from "./tokenize/jieba.js";
import type { Candidate, Item, Verdict } from "./types.js";

export interface EngineOptions {
  lexiconDir?: string;
  policy?: Policy;
  /** Include each violation's explanation in verdicts (default true). */
  explain?: boolean;
  /** Time for penalties (new-creator protection window); default the wall clock. */
  clock?: () => Date;
  /** The context classifier; default: the policy's model when `classifier.enabled` (and HEGUI_CLASSIFIER is not "off"); null: none. */
  classifier?: ContextClassifier | null;
  /** Per-item deadline in ms (default HEGUI_ITEM_DEADLINE_MS, else the policy's `limits.itemDeadlineMs`); Infinity: none. */
  deadlineMs?: number;
}

/** The policy's classifier model, unless disabled by the policy or HEGUI_CLASSIFIER=off. */
export function defaultClassifier(policy: Policy): ContextClassifier | null {
  if (!policy.classifier.enabled || process.env.HEGUI_CLASSIFIER === "off") return null;
  const m = policy.classifier.model;
  return ContextClassifier.load(isAbsolute(m) ? m : join(repoRoot(), m));
}

export interface EngineExtras {
  clock?: () => Date;
  classifier?: ContextClassifier | null;
  deadlineMs?: number;
}

/** Per call: the deadline to keep (default: a new one of the engine's `deadlineMs`, started now). */
export interface ReviewOptions {
  deadline?: Deadline;
}

export class Engine {
  private lex: Lexicon;
  private post: PostStep[];
  readonly clock: () => Date;
  readonly classifier: ContextClassifier | null;
  /** Time one item may take (ms); past it a call throws DeadlineExceeded. */
  deadlineMs: number;

  constructor(
    lex: Lexicon,
    readonly policy: Policy,
    readonly explain = true,
    extras: EngineExtras = {},
  ) {
    ensureJieba(lex.dictionary);
    this.lex = lex;
    this.post = postSteps(policy.minConfidence);
    this.clock = extras.clock ?? (() => new Date());
    this.classifier = extras.classifier === undefined ? defaultClassifier(policy) : extras.classifier;
    this.deadlineMs = extras.deadlineMs ?? itemDeadlineMs(policy.limits.itemDeadlineMs);
  }

  /** A deadline of this engine's length, starting now. */
  deadline(): Deadline {
    return new Deadline(this.deadlineMs);
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
  analyze(item: Item, opts: ReviewOptions = {}): Analysis {
    return analyze(item, this.lex, { deadline: opts.deadline ?? this.deadline() });
  }

  /** Post-processed candidates (deduped, merged, thresholded, sorted). */
  candidates(item: Item, opts: ReviewOptions = {}): Candidate[] {
    return postprocess(this.analyze(item, opts).candidates, this.post);
  }

  /** Scoring stage: candidates -> verdict (classifier blend, severity, decision, penalties: src/score/pipeline.ts). */
  verdict(item: Item, candidates: Candidate[], lexiconVersion = this.lex.version, opts: ReviewOptions = {}): Verdict {
    return scoreItem(item, candidates, lexiconVersion, {
      policy: this.policy,
      post: this.post,
      classifier: this.classifier,
      clock: this.clock,
      explain: this.explain,
      deadline: opts.deadline ?? this.deadline(),
    });
  }

  /** The whole pipeline for one item, within one deadline (DeadlineExceeded past it). */
  review(item: Item, opts: ReviewOptions = {}): Verdict {
    const lex = this.lex;
    const deadline = opts.deadline ?? this.deadline();
    return this.verdict(item, analyze(item, lex, { deadline }).candidates, lex.version, { deadline });
  }
}

export function createEngine(opts: EngineOptions = {}): Engine {
  const lex = loadLexicon(opts.lexiconDir);
  return new Engine(lex, opts.policy ?? loadPolicy(), opts.explain ?? true, { clock: opts.clock, classifier: opts.classifier, deadlineMs: opts.deadlineMs });
}
