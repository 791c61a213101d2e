/**
 * Training the learned model: one-vs-rest logistic regression by AdaGrad over
 * hashed n-gram features, out-of-fold probabilities, and per-class thresholds
 * chosen on out-of-fold probabilities only.
 */
import type { Category, Channel } from "../types.js";
import { featurize, NORM_FLOOR, type Features } from "./features.js";
import { SEMANTIC_FORMAT, type SavedSemantic } from "./model.js";

export interface Example {
  id: string;
  /** The set it comes from (dev, holdout2, real-dev …). */
  set: string;
  /** Normalized document text. */
  text: string;
  /** Categories the case expects. */
  expect: Category[];
  /** Categories the case allows (neither positive nor negative for training). */
  allow: Category[];
  /** Categories the lexicons and rules report for it (the product without the model). */
  base: Category[];
  /** The item's channel: thresholds are chosen on the channels the model reads only (policy `semantic.channels`). */
  channel?: Channel;
}

export interface TrainOptions {
  dim: number;
  /** Weight of each example by set (default 1): real speech counts more than text written to look like violations. */
  setWeight?: Record<string, number>;
  epochs: number;
  rate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { dim: 1 << 18, epochs: 10, rate: 0.4, l2: 1e-6, seed: 1, setWeight: { "real-dev": 3 } };

export interface Trained {
  classes: Category[];
  dim: number;
  bias: Float64Array;
  /** classes × dim weights (class-major). */
  w: Float32Array;
  touched: Uint8Array;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function featuresOf(examples: Example[], dim: number): Features[] {
  return examples.map((e) => featurize(e.text, dim));
}

export function train(examples: Example[], feats: Features[], classes: Category[], o: TrainOptions): Trained {
  const k = classes.length;
  const { dim } = o;
  const w = new Float32Array(k * dim);
  const g2 = new Float32Array(k * dim);
  const bias = new Float64Array(k);
  const bg2 = new Float64Array(k).fill(1e-8);
  const touched = new Uint8Array(dim);
  const next = rng(o.seed);
  const order = examples.map((_, i) => i);
  const y = examples.map((e) => classes.map((c) => (e.expect.includes(c) ? 1 : e.allow.includes(c) ? -1 : 0)));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) {
      const f = feats[n];
      const v = f.value;
      const sw = o.setWeight?.[examples[n].set] ?? 1;
      for (let c = 0; c < k; c++) {
        const label = y[n][c];
        if (label < 0) continue; // allowed: no signal either way
        const base = c * dim;
        let z = bias[c];
        for (let i = 0; i < f.index.length; i++) z += w[base + f.index[i]] * v;
        const g = (sigmoid(z) - label) * sw;
        bg2[c] += g * g;
        bias[c] -= (o.rate * g) / Math.sqrt(bg2[c]);
        for (let i = 0; i < f.index.length; i++) {
          const at = base + f.index[i];
          const gi = g * v + o.l2 * w[at];
          g2[at] += gi * gi;
          w[at] -= (o.rate * gi) / Math.sqrt(g2[at] + 1e-8);
        }
      }
      for (let i = 0; i < f.index.length; i++) touched[f.index[i]] = 1;
    }
  }
  return { classes, dim, bias, w, touched };
}

export function probabilities(t: Trained, f: Features): number[] {
  const out: number[] = [];
  for (let c = 0; c < t.classes.length; c++) {
    const base = c * t.dim;
    let z = t.bias[c];
    for (let i = 0; i < f.index.length; i++) z += t.w[base + f.index[i]] * f.value;
    out.push(sigmoid(z));
  }
  return out;
}

/** Out-of-fold probabilities: example i scored by a model trained without its fold (i mod folds). */
export function outOfFold(examples: Example[], feats: Features[], classes: Category[], folds: number, o: TrainOptions): number[][] {
  const out: number[][] = new Array(examples.length);
  for (let k = 0; k < folds; k++) {
    const tr = examples.map((_, i) => i).filter((i) => i % folds !== k);
    const t = train(tr.map((i) => examples[i]), tr.map((i) => feats[i]), classes, o);
    for (let i = k; i < examples.length; i += folds) out[i] = probabilities(t, feats[i]);
  }
  return out;
}

export interface ThresholdOptions {
  /** Lowest threshold considered. */
  floor: number;
  /** Cost of a false finding on an item with other expected categories, and on a clean item, per true finding gained. */
  costFalse: number;
  costClean: number;
}

export const DEFAULT_THRESHOLDS: ThresholdOptions = { floor: 0.25, costFalse: 2, costClean: 8 };

/**
 * Per class, the threshold that maximizes (true findings the product lacked)
 * − costFalse × (false findings) − costClean × (findings on clean items),
 * counted on out-of-fold probabilities and only where the product without the
 * model did not already report the class; null when no threshold gains.
 */
export function chooseThresholds(examples: Example[], oof: number[][], classes: Category[], o: ThresholdOptions = DEFAULT_THRESHOLDS): Array<number | null> {
  const grid: number[] = [];
  for (let t = o.floor; t < 0.99; t += 0.025) grid.push(Math.round(t * 1000) / 1000);
  return classes.map((c, ci) => {
    let best: number | null = null;
    let bestGain = 0;
    for (const t of grid) {
      let gain = 0;
      examples.forEach((e, i) => {
        if (oof[i][ci] < t || e.base.includes(c) || e.allow.includes(c)) return;
        if (e.expect.includes(c)) gain += 1;
        else gain -= e.expect.length === 0 ? o.costClean : o.costFalse;
      });
      if (gain > bestGain) (bestGain = gain), (best = t);
    }
    return best;
  });
}

/** The saved form: the classes with a threshold, and the buckets seen in training whose weights matter for them, rounded. */
export function toSaved(t: Trained, thresholds: Array<number | null>, trainedOn: Record<string, unknown>, minAbs = 5e-3): SavedSemantic {
  const keep = t.classes.map((_, c) => c).filter((c) => thresholds[c] !== null);
  const buckets: number[] = [];
  const weights: number[] = [];
  for (let b = 0; b < t.dim; b++) {
    if (!t.touched[b]) continue;
    if (!keep.some((c) => Math.abs(t.w[c * t.dim + b]) >= minAbs)) continue;
    buckets.push(b);
    for (const c of keep) weights.push(Math.round(t.w[c * t.dim + b] * 1000) / 1000);
  }
  return {
    format: SEMANTIC_FORMAT,
    dim: t.dim,
    classes: keep.map((c) => t.classes[c]),
    bias: keep.map((c) => Math.round(t.bias[c] * 1e4) / 1e4),
    buckets,
    weights,
    thresholds: keep.map((c) => thresholds[c]),
    normFloor: NORM_FLOOR,
    trainedOn,
  };
}
