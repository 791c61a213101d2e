/**
 * The learned model: one-vs-rest logistic regression over hashed character
 * n-grams (features.ts). The model file holds bucket numbers, weights, biases
 * and per-class thresholds chosen by cross-validation: no text.
 *
 * On disk (format hegui-semantic/2) the model is two files: a small JSON
 * header (`models/semantic.json`: classes, biases, thresholds, what it was
 * trained on) and, beside it, the binary table its `weightsFile` names
 * (`semantic.bin`: "HGSM", version, bucket count, class count as 32-bit
 * little-endian integers, then the buckets (uint32) and the weights (float32,
 * classes per bucket)). Read straight into the dense tables, the weights never
 * pass through a 10 MB JSON text and its number arrays (about 40 MB of peak RSS
 * per process). Format hegui-semantic/1, everything inline in the JSON, still loads.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CATEGORIES, type Category } from "../types.js";
import { eachBucket, featurize, type Features } from "./features.js";

export const SEMANTIC_FORMAT = "hegui-semantic/2";
/** The older format: buckets and weights inline in the JSON. */
export const SEMANTIC_INLINE_FORMAT = "hegui-semantic/1";

/** The binary table's first four bytes, and its layout version. */
const MAGIC = "HGSM";
const TABLE_VERSION = 1;
const TABLE_HEADER = 16;

export interface SavedSemantic {
  format: typeof SEMANTIC_FORMAT | typeof SEMANTIC_INLINE_FORMAT;
  dim: number;
  classes: Category[];
  bias: number[];
  /** Buckets with a weight, ascending. */
  buckets: ArrayLike<number>;
  /** Weights, `classes.length` per bucket, in bucket order. */
  weights: ArrayLike<number>;
  /** Per class: the probability at or above which the model reports it (null: never). */
  thresholds: Array<number | null>;
  /** The fewest buckets features are normalized over (features.ts NORM_FLOOR when trained; absent: 1, as models trained before it). */
  normFloor?: number;
  trainedOn: Record<string, unknown>;
  crossValidation?: Record<string, unknown>;
}

/** The JSON header of format 2: the model without its tables, and the file that holds them. */
type SemanticHeader = Omit<SavedSemantic, "buckets" | "weights"> & { weightsFile: string; bucketCount: number };

/**
 * Writes a model as format 2: the JSON header at `path` and its table beside it
 * (semantic.json -> semantic.bin). Returns the table's path.
 */
export function saveSemantic(path: string, saved: SavedSemantic): string {
  const k = saved.classes.length;
  const n = saved.buckets.length;
  if (saved.weights.length !== n * k) throw new Error(`weights: expected ${n * k} values, got ${saved.weights.length}`);
  const table = join(dirname(path), `${basename(path).replace(/\.json$/u, "")}.bin`);
  const buf = Buffer.alloc(TABLE_HEADER + 4 * n + 4 * n * k);
  buf.write(MAGIC, 0, "latin1");
  buf.writeUInt32LE(TABLE_VERSION, 4);
  buf.writeUInt32LE(n, 8);
  buf.writeUInt32LE(k, 12);
  for (let i = 0; i < n; i++) buf.writeUInt32LE(saved.buckets[i], TABLE_HEADER + 4 * i);
  const at = TABLE_HEADER + 4 * n;
  for (let i = 0; i < n * k; i++) buf.writeFloatLE(saved.weights[i], at + 4 * i);
  const { buckets: _b, weights: _w, ...rest } = saved;
  const header: SemanticHeader = { ...rest, format: SEMANTIC_FORMAT, weightsFile: basename(table), bucketCount: n };
  writeFileSync(table, buf);
  writeFileSync(path, JSON.stringify(header) + "\n");
  return table;
}

/** The buckets and weights of a format 2 table, checked against its header. */
function readTable(path: string, header: SemanticHeader): { buckets: Uint32Array; weights: Float32Array } {
  const file = join(dirname(path), header.weightsFile);
  if (!existsSync(file)) throw new Error(`${path}: weightsFile: ${file} not found`);
  const buf = readFileSync(file);
  const k = header.classes.length;
  if (buf.length < TABLE_HEADER || buf.toString("latin1", 0, 4) !== MAGIC) throw new Error(`${file}: not a hegui weight table (no ${MAGIC} header)`);
  const version = buf.readUInt32LE(4);
  const n = buf.readUInt32LE(8);
  if (version !== TABLE_VERSION) throw new Error(`${file}: table version ${version}, expected ${TABLE_VERSION}`);
  if (n !== header.bucketCount || buf.readUInt32LE(12) !== k) throw new Error(`${file}: holds ${n} buckets × ${buf.readUInt32LE(12)} classes; ${path} says ${header.bucketCount} × ${k}`);
  if (buf.length !== TABLE_HEADER + 4 * n * (k + 1)) throw new Error(`${file}: ${buf.length} bytes, expected ${TABLE_HEADER + 4 * n * (k + 1)}`);
  const buckets = new Uint32Array(n);
  const weights = new Float32Array(n * k);
  for (let i = 0; i < n; i++) buckets[i] = buf.readUInt32LE(TABLE_HEADER + 4 * i);
  const at = TABLE_HEADER + 4 * n;
  for (let i = 0; i < n * k; i++) weights[i] = buf.readFloatLE(at + 4 * i);
  return { buckets, weights };
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
    for (let i = 0; i < saved.buckets.length; i++) {
      const b = saved.buckets[i];
      if (!(b >= 0 && b < saved.dim)) throw new Error(`buckets: ${b} is outside 0..${saved.dim - 1}`);
      this.has[b] = 1;
      for (let c = 0; c < k; c++) this.w[b * k + c] = saved.weights[i * k + c];
    }
    this.saved = { ...saved, buckets: [], weights: [] };
  }

  static load(path: string): SemanticModel {
    if (!existsSync(path)) throw new Error(`${path}: semantic model not found (train it: npm run train:semantic)`);
    let raw: SavedSemantic | SemanticHeader;
    try {
      raw = JSON.parse(readFileSync(path, "utf8")) as SavedSemantic | SemanticHeader;
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
    if (raw.format !== SEMANTIC_FORMAT && raw.format !== SEMANTIC_INLINE_FORMAT) throw new Error(`${path}: format: expected ${SEMANTIC_FORMAT} (or ${SEMANTIC_INLINE_FORMAT}), got ${String(raw.format)}`);
    for (const c of raw.classes) if (!(CATEGORIES as readonly string[]).includes(c)) throw new Error(`${path}: classes: unknown category ${c}`);
    const k = raw.classes.length;
    if (raw.bias.length !== k || raw.thresholds.length !== k) throw new Error(`${path}: bias/thresholds: expected ${k} values`);
    let saved: SavedSemantic;
    if (raw.format === SEMANTIC_FORMAT) {
      const header = raw as SemanticHeader;
      if (typeof header.weightsFile !== "string" || !Number.isInteger(header.bucketCount)) throw new Error(`${path}: weightsFile and bucketCount are required in ${SEMANTIC_FORMAT}`);
      const { weightsFile: _f, bucketCount: _n, ...rest } = header;
      saved = { ...rest, ...readTable(path, header) };
    } else {
      saved = raw as SavedSemantic;
      if (saved.weights.length !== saved.buckets.length * k) throw new Error(`${path}: weights: expected ${saved.buckets.length * k} values, got ${saved.weights.length}`);
    }
    try {
      return new SemanticModel(saved);
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
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
