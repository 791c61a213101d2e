/**
 * The context classifier: natural's naive Bayes or logistic regression over
 * window features (features.ts), loaded from a saved model. Only natural's
 * classifier submodules are loaded (its top-level import loads many unrelated
 * modules and reads .env).
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { features, type Window } from "./features.js";

const require = createRequire(import.meta.url);

/** Windows whose P(claim) is remembered. */
const MEMO_SIZE = 20_000;

type Classifications = Array<{ label: string; value: number }>;

/** The part of natural's Classifier API used here. */
export interface NaturalClassifier {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  getClassifications(tokens: string[]): Classifications;
  /** The vocabulary, in the order of natural's feature vectors. */
  features: Record<string, number>;
  /** The underlying apparatus classifier, which scores a 0/1 feature vector. */
  classifier: { getClassifications(vector: number[]): Classifications };
}

export type Algorithm = "bayes" | "logreg";

interface NaturalCtor {
  new (): NaturalClassifier;
  restore(raw: unknown): NaturalClassifier;
}

export function naturalClass(algo: Algorithm): NaturalCtor {
  return algo === "bayes"
    ? (require("natural/lib/natural/classifiers/bayes_classifier.js") as NaturalCtor)
    : (require("natural/lib/natural/classifiers/logistic_regression_classifier.js") as NaturalCtor);
}

/** What a saved model file holds. */
export interface SavedModel {
  format: "hegui-context-classifier/1";
  algorithm: Algorithm;
  /** The label meaning "a real claim"; every other label is a non-claim. */
  claimLabel: string;
  labels: string[];
  window: number;
  /** Features seen fewer times in training were dropped. */
  minCount?: number;
  trainedOn: { file: string; lines: number; sha256: string };
  crossValidation?: Record<string, unknown>;
  classifier: unknown;
}

export class ContextClassifier {
  private readonly clf: NaturalClassifier;
  /** Vocabulary index: natural's textToFeatures scans the whole vocabulary per token (≈0.7 ms a call); this is a lookup. */
  private readonly index: Map<string, number>;
  constructor(readonly model: SavedModel) {
    this.clf = naturalClass(model.algorithm).restore(JSON.parse(JSON.stringify(model.classifier)));
    // natural builds its vectors by iterating `features` with for…in, i.e. in Object.keys order.
    this.index = new Map(Object.keys(this.clf.features).map((k, i) => [k, i]));
  }

  /** The 0/1 vector natural would build for these tokens. */
  vector(tokens: string[]): number[] {
    const v = new Array<number>(this.index.size).fill(0);
    for (const t of tokens) {
      const i = this.index.get(t);
      if (i !== undefined) v[i] = 1;
    }
    return v;
  }

  /** natural's own (slow) path, for checking `vector`. */
  naturalClassifications(tokens: string[]): Classifications {
    return this.clf.getClassifications(tokens);
  }

  static load(path: string): ContextClassifier {
    if (!existsSync(path)) throw new Error(`${path}: classifier model not found (train it: node dist/src/classifier/train.js)`);
    let raw: SavedModel;
    try {
      raw = JSON.parse(readFileSync(path, "utf8")) as SavedModel;
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
    if (raw.format !== "hegui-context-classifier/1") throw new Error(`${path}: format: expected hegui-context-classifier/1, got ${String(raw.format)}`);
    return new ContextClassifier(raw);
  }

  /** P(claim) for a feature list: the claim label's share of the class scores. */
  pClaimOf(tokens: string[]): number {
    return share(this.clf.classifier.getClassifications(this.vector(tokens)), this.model.claimLabel);
  }

  /**
   * P(claim) of a window: a pure function of the window and category, so it is
   * remembered (a bounded map, emptied when full). A text that repeats one
   * phrase (家人们 in every caption, a term run thousands of times) pays for
   * word segmentation and the model once per distinct window.
   */
  pClaim(w: Window, category?: string): number {
    // Keyed by category, left, term, right in nested maps: no joined key string per candidate.
    const cat = category ?? "";
    let p = this.memo.get(cat)?.get(w.left)?.get(w.term)?.get(w.right);
    if (p === undefined) {
      p = this.pClaimOf(features(w, category));
      if (this.memoSize >= MEMO_SIZE) {
        this.memo.clear();
        this.memoSize = 0;
      }
      let byLeft = this.memo.get(cat);
      if (!byLeft) this.memo.set(cat, (byLeft = new Map()));
      let byTerm = byLeft.get(w.left);
      if (!byTerm) byLeft.set(w.left, (byTerm = new Map()));
      let byRight = byTerm.get(w.term);
      if (!byRight) byTerm.set(w.term, (byRight = new Map()));
      byRight.set(w.right, p);
      this.memoSize++;
    }
    return p;
  }

  /** category → left → term → right → P(claim); `memoSize` windows in all. */
  private readonly memo = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  private memoSize = 0;
}

/**
 * Bayes scores are unnormalized class likelihoods: normalized over classes.
 * Logistic regression gives one-vs-rest sigmoids: normalized the same way.
 */
export function pClaim(clf: NaturalClassifier, tokens: string[], claimLabel: string): number {
  return share(clf.getClassifications(tokens), claimLabel);
}

function share(cs: Classifications, claimLabel: string): number {
  const total = cs.reduce((s, c) => s + c.value, 0);
  const claim = cs.find((c) => c.label === claimLabel)?.value ?? 0;
  if (!(total > 0)) return 0.5;
  return claim / total;
}
