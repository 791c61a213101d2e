/**
 * Train the context classifier on labelled windows (samples/context-training.jsonl:
 * {"id", "text", "term", "label", "category"}), report k-fold cross-validation
 * for naive Bayes and logistic regression, and save the chosen model.
 *
 *   node dist/src/classifier/train.js [--data FILE] [--out FILE] [--algo bayes|logreg] [--labels binary|multi] [--folds K] [--compare]
 *
 * --compare cross-validates all four algorithm/label combinations (logistic
 * regression in natural is slow: minutes); otherwise only the chosen one.
 * Features seen fewer than `--min-count` times (default 1) are dropped.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readJsonlFile } from "../io/jsonl.js";
import { checkOutputPaths, writeFileAtomic } from "../io/out-paths.js";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { loadLexicon } from "../lexicon/index.js";
import { scriptArgs } from "../io/script.js";
import { ensureJieba } from "../tokenize/jieba.js";
import { contextWindow, features } from "./features.js";
import { naturalClass, pClaim, type Algorithm, type SavedModel } from "./model.js";

export interface Sample {
  id: string;
  text: string;
  term: string;
  label: string;
  category?: string;
}

export const CLAIM = "claim";

export function readSamples(path: string): Sample[] {
  return readJsonlFile(path, (value, at) => {
    const s = value as Sample;
    for (const k of ["id", "text", "term", "label"] as const) {
      if (typeof s[k] !== "string" || !s[k]) throw new Error(`${at}: field ${k}: expected a non-empty string`);
    }
    if (!s.text.includes(s.term)) throw new Error(`${at}: field term: "${s.term}" does not occur in text`);
    return s;
  });
}

export function sampleFeatures(s: Sample, window: number): string[] {
  const start = s.text.indexOf(s.term);
  return features(contextWindow(s.text, start, start + s.term.length, window), s.category);
}

type LabelMode = "binary" | "multi";
const labelOf = (s: Sample, mode: LabelMode) => (mode === "binary" ? (s.label === CLAIM ? CLAIM : "other") : s.label);

export function trainOn(samples: Array<{ tokens: string[]; sample: Sample }>, algo: Algorithm, mode: LabelMode) {
  const Ctor = naturalClass(algo);
  const clf = new Ctor();
  for (const { tokens, sample } of samples) clf.addDocument(tokens, labelOf(sample, mode));
  clf.train();
  return clf;
}

export interface CvResult {
  algo: Algorithm;
  labels: LabelMode;
  folds: number;
  accuracy: number;
  claimPrecision: number;
  claimRecall: number;
  /** Mean P(claim) on non-claims and on claims. */
  meanPClaimOther: number;
  meanPClaimClaim: number;
  logLoss: number;
}

export function crossValidate(data: Array<{ tokens: string[]; sample: Sample }>, algo: Algorithm, mode: LabelMode, folds: number): CvResult {
  let correct = 0, tp = 0, fp = 0, fn = 0, ll = 0, sumOther = 0, nOther = 0, sumClaim = 0, nClaim = 0;
  for (let k = 0; k < folds; k++) {
    const train = data.filter((_, i) => i % folds !== k);
    const test = data.filter((_, i) => i % folds === k);
    const clf = trainOn(train, algo, mode);
    for (const { tokens, sample } of test) {
      const p = pClaim(clf, tokens, CLAIM);
      const isClaim = sample.label === CLAIM;
      const said = p >= 0.5;
      if (said === isClaim) correct++;
      if (said && isClaim) tp++;
      if (said && !isClaim) fp++;
      if (!said && isClaim) fn++;
      const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
      ll += -(isClaim ? Math.log(q) : Math.log(1 - q));
      if (isClaim) (sumClaim += p), nClaim++;
      else (sumOther += p), nOther++;
    }
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    algo,
    labels: mode,
    folds,
    accuracy: r3(correct / data.length),
    claimPrecision: r3(tp / Math.max(1, tp + fp)),
    claimRecall: r3(tp / Math.max(1, tp + fn)),
    meanPClaimOther: r3(sumOther / Math.max(1, nOther)),
    meanPClaimClaim: r3(sumClaim / Math.max(1, nClaim)),
    logLoss: r3(ll / data.length),
  };
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { root, policy, values } = scriptArgs(argv, ({ root, policy }) => ({
    data: { type: "string", default: join(root, "samples", "context-training.jsonl") },
    out: { type: "string", default: join(root, policy.classifier.model) },
    algo: { type: "string", default: "bayes" },
    labels: { type: "string", default: "binary" },
    folds: { type: "string", default: "5" },
    compare: { type: "boolean", default: false },
    "min-count": { type: "string", default: "1" },
  } as const));
  const algo = values.algo as Algorithm;
  const mode = values.labels as LabelMode;
  if (algo !== "bayes" && algo !== "logreg") throw new Error(`--algo must be bayes or logreg, not ${algo}`);
  if (mode !== "binary" && mode !== "multi") throw new Error(`--labels must be binary or multi, not ${mode}`);
  const folds = Number(values.folds);
  // The model must not replace the training data (exit 2 naming both paths, before anything is read).
  checkOutputPaths([{ role: "--data", path: values.data! }], [{ role: "--out", path: values.out! }]);
  const lex = loadLexicon();
  ensureJieba(lex.dictionary);
  const samples = readSamples(values.data!);
  const minCount = Number(values["min-count"]);
  const raw = samples.map((sample) => ({ sample, tokens: sampleFeatures(sample, policy.classifier.window) }));
  const count = new Map<string, number>();
  for (const d of raw) for (const t of d.tokens) count.set(t, (count.get(t) ?? 0) + 1);
  const data = raw.map((d) => ({ ...d, tokens: d.tokens.filter((t) => (count.get(t) ?? 0) >= minCount) }));
  const cv: CvResult[] = [];
  const combos: Array<[Algorithm, LabelMode]> = values.compare
    ? [["bayes", "binary"], ["bayes", "multi"], ["logreg", "binary"], ["logreg", "multi"]]
    : [[algo, mode]];
  for (const [a, m] of combos) {
    const t0 = Date.now();
    const r = crossValidate(data, a, m, folds);
    cv.push(r);
    process.stderr.write(`cv ${a}/${m} (${Date.now() - t0} ms): ${JSON.stringify(r)}\n`);
  }
  const clf = trainOn(data, algo, mode);
  const body = readFileSync(values.data!);
  const model: SavedModel = {
    format: "hegui-context-classifier/1",
    algorithm: algo,
    claimLabel: CLAIM,
    labels: [...new Set(data.map((d) => labelOf(d.sample, mode)))].sort(),
    window: policy.classifier.window,
    minCount,
    trainedOn: { file: relative(root, values.data!), lines: samples.length, sha256: createHash("sha256").update(body).digest("hex") },
    crossValidation: Object.fromEntries(cv.map((r) => [`${r.algo}/${r.labels}`, r])),
    classifier: JSON.parse(JSON.stringify(clf)) as unknown,
  };
  // Training documents are not needed to classify: keep the model file small.
  (model.classifier as { docs?: unknown[] }).docs = [];
  writeFileAtomic(values.out!, JSON.stringify(model) + "\n");
  process.stderr.write(`saved ${algo}/${mode} model (${samples.length} samples) to ${values.out}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    process.stderr.write(`train: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
