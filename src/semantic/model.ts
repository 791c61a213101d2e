/**
 * The learned model: one-vs-rest logistic regression over hashed character
 * n-grams (features.ts). The model file holds bucket numbers, weights, biases
 * and per-class thresholds chosen by cross-validation: no text.
 */
import { existsSync, readFileSync } from "node:fs";
import { CATEGORIES, type Category } from "../types.js";
import { eachBucket, featurize, type Features } from "./features.js";

export const SEMANTIC_FORMAT = "hegui-semantic/1";

export interface SavedSemantic {
  format: typeof SEMANTIC_FORMAT;
  dim: number;
  classes: Category[];
  bias: number[];
  /** Buckets with a weight, ascending. */
  buckets: number[];
  /** Weights, `classes.length` per bucket, in bucket order. */
  weights: number[];
  /** Per class: the probability at or above which the model reports it (null: never). */
  thresholds: Array<number | null>;
  /** The fewest buckets features are normalized over (features.ts NORM_FLOOR when trained; absent: 1, as models trained before it). */
  normFloor?: number;
  trainedOn: Record<string, unknown>;
  crossValidation?: Record<string, unknown>;
}

export interface Evidence {
  gram: string;
  /** Offset of the n-gram in the normalized text. */
  pos: number;
  weight: number;
}

export interface Prediction {
  category: Category;
  p: number;
  threshold: number;
  evidence: Evidence[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export class SemanticModel {
  /** Dense bucket × class weights (dim × classes floats): a lookup is an index, not a hash. */
  private readonly w: Float32Array;
  private readonly has: Uint8Array;
  /** Per bucket, the pass that last counted it (dedupes a text's buckets without sorting them). */
  private readonly seen: Uint32Array;
  private pass = 0;
  /** The model's header (classes, biases, thresholds …); its bucket and weight lists, once copied into the dense tables, are not kept (about 10 MB of heap). */
  readonly saved: SavedSemantic;
  constructor(saved: SavedSemantic) {
    this.seen = new Uint32Array(saved.dim);
    const k = saved.classes.length;
    this.w = new Float32Array(saved.dim * k);
    this.has = new Uint8Array(saved.dim);
    saved.buckets.forEach((b, i) => {
      this.has[b] = 1;
      for (let c = 0; c < k; c++) this.w[b * k + c] = saved.weights[i * k + c];
    });
    this.saved = { ...saved, buckets: [], weights: [] };
  }

  static load(path: string): SemanticModel {
    if (!existsSync(path)) throw new Error(`${path}: semantic model not found (train it: npm run train:semantic)`);
    let raw: SavedSemantic;
    try {
      raw = JSON.parse(readFileSync(path, "utf8")) as SavedSemantic;
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
    if (raw.format !== SEMANTIC_FORMAT) throw new Error(`${path}: format: expected ${SEMANTIC_FORMAT}, got ${String(raw.format)}`);
    for (const c of raw.classes) if (!(CATEGORIES as readonly string[]).includes(c)) throw new Error(`${path}: classes: unknown category ${c}`);
    const k = raw.classes.length;
    if (raw.bias.length !== k || raw.thresholds.length !== k) throw new Error(`${path}: bias/thresholds: expected ${k} values`);
    if (raw.weights.length !== raw.buckets.length * k) throw new Error(`${path}: weights: expected ${raw.buckets.length * k} values, got ${raw.weights.length}`);
    return new SemanticModel(raw);
  }

  featurize(text: string, keepGrams = false): Features {
    return featurize(text, this.saved.dim, keepGrams, this.saved.normFloor ?? 1);
  }

  /** P(class) for every class. */
  probabilities(f: Features): number[] {
    const k = this.saved.classes.length;
    const z = this.saved.bias.slice();
    const w = this.w;
    for (let i = 0; i < f.index.length; i++) {
      const at = f.index[i] * k;
      for (let c = 0; c < k; c++) z[c] += w[at + c] * f.value;
    }
    return z.map(sigmoid);
  }

  /**
   * P(class) for every class straight from the text: the same features as
   * `featurize` (distinct buckets of the 1–3-grams, value 1/√n), summed in one
   * pass with no arrays built or sorted (the path every item takes).
   */
  textProbabilities(text: string): number[] {
    const k = this.saved.classes.length;
    const dim = this.saved.dim;
    const w = this.w;
    const seen = this.seen;
    if (++this.pass === 0xffffffff) (seen.fill(0), (this.pass = 1));
    const pass = this.pass;
    const sum = new Float64Array(k);
    let m = 0;
    eachBucket(text, dim, (b) => {
      if (seen[b] === pass) return;
      seen[b] = pass;
      m++;
      const at = b * k;
      for (let x = 0; x < k; x++) sum[x] += w[at + x];
    });
    const value = m ? 1 / Math.sqrt(Math.max(m, this.saved.normFloor ?? 1)) : 0;
    const out = new Array<number>(k);
    for (let x = 0; x < k; x++) out[x] = sigmoid(this.saved.bias[x] + sum[x] * value);
    return out;
  }

  /** The classes at or above their threshold (but those in `skip`), with the n-grams that pushed each one up most. */
  predict(text: string, topN = 5, skip?: ReadonlySet<Category>): Prediction[] {
    const ps = this.textProbabilities(text);
    const reached = (p: number, c: number) => this.saved.thresholds[c] !== null && p >= this.saved.thresholds[c]! && !skip?.has(this.saved.classes[c]);
    // Most items reach no threshold: the n-grams for explanations are collected only when one does.
    if (!ps.some(reached)) return [];
    const f = this.featurize(text, true);
    const out: Prediction[] = [];
    ps.forEach((p, c) => {
      const t = this.saved.thresholds[c];
      if (t === null || !reached(p, c)) return;
      const ev: Evidence[] = [];
      for (const [b, g] of f.grams) {
        const w = this.has[b] ? this.w[b * this.saved.classes.length + c] : 0;
        if (w > 0) ev.push({ gram: g.gram, pos: g.pos, weight: Math.round(w * f.value * 1000) / 1000 });
      }
      ev.sort((a, b) => b.weight - a.weight || a.pos - b.pos);
      out.push({ category: this.saved.classes[c], p, threshold: t, evidence: ev.slice(0, topN) });
    });
    return out;
  }
}
