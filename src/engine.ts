/**
 * The engine every interface calls: CLI, queue workers, HTTP API, rescans.
 * normalize -> tokenize -> match -> context -> score -> verdict.
 */
import { isAbsolute, join } from "node:path";
import { analyze, type Analysis } from "./analyze.js";
import { ContextClassifier } from "./classifier/model.js";
import { Deadline, itemDeadlineMs } from "./deadline.js";
import { loadLexicon, type Lexicon } from "./lexicon/index.js";
import type { DeclaredFirm } from "./classifier/blend.js";
import { scoreItem } from "./score/pipeline.js";
import { loadPolicy, repoRoot, type Policy } from "./score/policy.js";
import { postprocess, postSteps, type PostStep } from "./score/postprocess.js";
import { semanticCandidates } from "./semantic/candidates.js";
import { SemanticModel } from "./semantic/model.js";
import { ensureJieba } from "./tokenize/jieba.js";
import type { Candidate, Channel, Item, Verdict } from "./types.js";

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
  /** The learned model; default: the policy's `semantic.model` when enabled (and HEGUI_SEMANTIC is not "off"); null: none. */
  semantic?: SemanticModel | null;
}

/** The policy's learned model, unless absent, disabled or HEGUI_SEMANTIC=off. */
export function defaultSemantic(policy: Policy): SemanticModel | null {
  const s = policy.semantic;
  if (!s || !s.enabled || process.env.HEGUI_SEMANTIC === "off") return null;
  return SemanticModel.load(isAbsolute(s.model) ? s.model : join(repoRoot(), s.model));
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
  semantic?: SemanticModel | null;
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
  /** The learned model as given, or undefined: the policy's, loaded on the first item it reads (semantic). */
  private semanticModel: SemanticModel | null | undefined;

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
    this.semanticModel = extras.semantic;
  }

  /**
   * The learned model: the policy's is loaded when first needed, so a process that only judges listings
   * (rescan workers; the model reads captions and scripts) never holds it.
   */
  get semantic(): SemanticModel | null {
    if (this.semanticModel === undefined) this.semanticModel = defaultSemantic(this.policy);
    return this.semanticModel;
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

  /** Match + context stage: the violation candidates of one item (with the learned model's, when loaded). */
  analyze(item: Item, opts: ReviewOptions = {}): Analysis {
    return this.withModel(analyze(item, this.lex, { deadline: opts.deadline ?? this.deadline() }), item.channel, this.lex);
  }

  /** Add what the learned model alone finds (review only) to an analysis of an item of `channel` (the policy's `semantic.channels` only). */
  withModel(a: Analysis, channel: Channel, lex: Lexicon = this.lex, given?: SemanticModel | null): Analysis {
    if (!this.policy.semantic) return a;
    const channels = this.policy.semantic.channels;
    if (channels && !channels.includes(channel)) return a;
    const min = this.policy.semantic.minChars ?? 1;
    if (min > 1 && countWordChars(a.doc.text, min) < min) return a;
    const model = given === undefined ? this.semantic : given;
    if (!model) return a;
    const extra = semanticCandidates(model, a.doc, lex, a.candidates, { confidence: this.policy.semantic.confidence });
    return extra.length ? { ...a, candidates: [...a.candidates, ...extra] } : a;
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
      declaredFirm: firmOf(this.lex),
    });
  }

  /** The whole pipeline for one item, within one deadline (DeadlineExceeded past it). */
  review(item: Item, opts: ReviewOptions = {}): Verdict {
    const lex = this.lex;
    const deadline = opts.deadline ?? this.deadline();
    const a = this.withModel(analyze(item, lex, { deadline }), item.channel, lex);
    deadline.check();
    return this.verdict(item, a.candidates, lex.version, { deadline });
  }
}

export function createEngine(opts: EngineOptions = {}): Engine {
  const lex = loadLexicon(opts.lexiconDir);
  return new Engine(lex, opts.policy ?? loadPolicy(), opts.explain ?? true, {
    clock: opts.clock,
    classifier: opts.classifier,
    deadlineMs: opts.deadlineMs,
    semantic: opts.semantic,
  });
}

/** The lexicon's firm entries as the blend asks for them (one closure per lexicon). */
const firmLookups = new WeakMap<Lexicon, DeclaredFirm>();
function firmOf(lex: Lexicon): DeclaredFirm {
  let f = firmLookups.get(lex);
  if (!f) firmLookups.set(lex, (f = (id) => lex.byId.get(id)?.firm));
  return f;
}

/** Letters, digits and CJK characters in `text`, counted up to `cap`. */
function countWordChars(text: string, cap: number): number {
  let n = 0;
  for (const ch of text) if (/[\p{L}\p{N}]/u.test(ch) && ++n >= cap) break;
  return n;
}
