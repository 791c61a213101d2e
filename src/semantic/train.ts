/**
 * `npm run train:semantic [-- --out FILE] [--folds K] [--generated N] [--no-cv] [--report FILE]
 *      [--extra NAME:FILE ...] [--exclude NAME,...] [--only NAME,...]`
 *
 * Trains the learned model on every labelled set (development set, real cases,
 * every samples/holdout*.jsonl, generated listings, and `--extra` sets kept
 * outside the repository; `--exclude` leaves sets out; `--only` measures those
 * sets alone and saves nothing), with per-class thresholds chosen on
 * out-of-fold probabilities, and saves weights only (models/semantic.json and its table models/semantic.bin).
 *
 * Unless --no-cv, first measures the whole product honestly and prints a table:
 * real-dev by K-fold cross-validation (each case scored by a model trained
 * without its fold, thresholds chosen inside the training part), and every
 * other set by leave-one-set-out (a model that never saw the set), each with
 * the context classifier on and off.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Analysis } from "../analyze.js";
import { createEngine, Engine } from "../engine.js";
import { scriptArgs } from "../io/script.js";
import { CATEGORIES, type Category, type Verdict } from "../types.js";
import { labelledSets, type GoldCase, type LabelledSet } from "./data.js";
import { scoreSet, type SetScore } from "./evaluate.js";
import type { Features } from "./features.js";
import { chooseThresholds, DEFAULT_THRESHOLDS, DEFAULT_TRAIN, type ThresholdOptions, featuresOf, outOfFold, toSaved, train, type Example, type TrainOptions } from "./learn.js";
import { saveSemantic, SemanticModel, type SavedSemantic } from "./model.js";

/**
 * The classes the model learns: not those judged from structure rather than
 * wording — the listing's own attributes (attribute_mismatch), the shop's model
 * and range (retail_rule), care words absent from a plant listing
 * (missing_disclosure, which a caption fragment is never asked for).
 */
const STRUCTURAL: readonly Category[] = ["attribute_mismatch", "retail_rule", "missing_disclosure"];
const CLASSES: Category[] = CATEGORIES.filter((c) => !STRUCTURAL.includes(c));

interface Prepared {
  sets: LabelledSet[];
  cases: Array<GoldCase & { set: string; analysis: Analysis }>;
  examples: Example[];
  feats: Features[];
}

const cats = (v: Verdict): Category[] => [...new Set(v.violations.map((x) => x.category))];

function prepare(engine: Engine, sets: LabelledSet[], dim: number): Prepared {
  const cases: Prepared["cases"] = [];
  const examples: Example[] = [];
  for (const s of sets) {
    for (const g of s.cases) {
      const analysis = engine.analyze(g.item); // the engine has no learned model: the lexicons and rules alone
      const base = cats(engine.verdict(g.item, analysis.candidates));
      cases.push({ ...g, set: s.name, analysis });
      examples.push({ id: g.item.id, set: s.name, text: analysis.doc.text, expect: g.expect, allow: g.allow, base, channel: g.item.channel });
    }
  }
  return { sets, cases, examples, feats: featuresOf(examples, dim) };
}

/** Thresholds by out-of-fold probabilities on `idx`, then a model trained on all of `idx`. */
let thresholdOptions: ThresholdOptions = DEFAULT_THRESHOLDS;
/** The channels the model reads (policy `semantic.channels`; undefined: all): thresholds are chosen on their cases alone. */
let readChannels: ReadonlySet<string> | undefined;

function fit(p: Prepared, idx: number[], folds: number, o: TrainOptions, trainedOn: Record<string, unknown>): SavedSemantic {
  const ex = idx.map((i) => p.examples[i]);
  const fs = idx.map((i) => p.feats[i]);
  const oof = outOfFold(ex, fs, CLASSES, folds, o);
  const read = ex.map((e, j) => j).filter((j) => !readChannels || readChannels.has(ex[j].channel ?? ""));
  const thresholds = chooseThresholds(read.map((j) => ex[j]), read.map((j) => oof[j]), CLASSES, thresholdOptions);
  return toSaved(train(ex, fs, CLASSES, o), thresholds, trainedOn);
}

function verdictsOf(p: Prepared, idx: number[], engines: Engine[], model: SemanticModel | null): Verdict[][] {
  return engines.map((e) =>
    idx.map((i) => {
      const c = p.cases[i];
      return e.verdict(c.item, e.withModel(c.analysis, c.item.channel, e.lexicon, model).candidates);
    }),
  );
}

interface Row {
  set: string;
  how: string;
  classifierOn: { modelOff: SetScore; modelOn: SetScore };
  classifierOff: { modelOff: SetScore; modelOn: SetScore };
}

function crossValidate(p: Prepared, engines: [Engine, Engine], folds: number, o: TrainOptions, log: (s: string) => void, only?: string[]): Row[] {
  const rows: Row[] = [];
  const all = p.examples.map((_, i) => i);
  const score = (idx: number[], vs: Verdict[]) => scoreSet(idx.map((i) => p.cases[i]), vs.map((v) => ({ decision: v.decision, categories: cats(v) })));
  for (const s of p.sets) {
    if (s.name === "generated" || (only && !only.includes(s.name))) continue;
    const idx = all.filter((i) => p.examples[i].set === s.name);
    const withModel: Verdict[][] = [[], []];
    const order: number[] = [];
    let how: string;
    if (s.name === "real-dev") {
      how = `${folds}-fold CV`;
      for (let k = 0; k < folds; k++) {
        const test = idx.filter((_, j) => j % folds === k);
        const testSet = new Set(test);
        const model = new SemanticModel(fit(p, all.filter((i) => !testSet.has(i)), folds, o, {}));
        const [on, off] = verdictsOf(p, test, engines, model);
        withModel[0].push(...on);
        withModel[1].push(...off);
        order.push(...test);
      }
    } else {
      how = "leave-one-set-out";
      const model = new SemanticModel(fit(p, all.filter((i) => p.examples[i].set !== s.name), folds, o, {}));
      [withModel[0], withModel[1]] = verdictsOf(p, idx, engines, model);
      order.push(...idx);
    }
    const [baseOn, baseOff] = verdictsOf(p, order, engines, null);
    const row: Row = {
      set: s.name,
      how,
      classifierOn: { modelOff: score(order, baseOn), modelOn: score(order, withModel[0]) },
      classifierOff: { modelOff: score(order, baseOff), modelOn: score(order, withModel[1]) },
    };
    rows.push(row);
    log(table([row]));
  }
  return rows;
}

const f = (s: SetScore) => `F1 ${s.macroF1.toFixed(3)} R ${s.microRecall.toFixed(3)} P ${s.microPrecision.toFixed(3)} clean ${s.cleanPassed}/${s.clean}`;
export function table(rows: Row[]): string {
  return rows
    .map((r) =>
      [
        `${r.set} (${r.how})`,
        `  classifier on : model off ${f(r.classifierOn.modelOff)} | model on ${f(r.classifierOn.modelOn)}`,
        `  classifier off: model off ${f(r.classifierOff.modelOff)} | model on ${f(r.classifierOff.modelOn)}`,
      ].join("\n"),
    )
    .join("\n");
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { root, policy, values } = scriptArgs(argv, ({ policy }) => ({
    out: { type: "string", default: policy.semantic?.model ?? "models/semantic.json" },
    folds: { type: "string", default: "5" },
    generated: { type: "string", default: "400" },
    cv: { type: "boolean", default: true },
    "no-cv": { type: "boolean", default: false },
    report: { type: "string" },
    only: { type: "string" },
    extra: { type: "string", multiple: true },
    exclude: { type: "string" },
    "cost-false": { type: "string", default: String(DEFAULT_THRESHOLDS.costFalse) },
    "cost-clean": { type: "string", default: String(DEFAULT_THRESHOLDS.costClean) },
    floor: { type: "string", default: String(DEFAULT_THRESHOLDS.floor) },
  } as const));
  const folds = Number(values.folds);
  const generated = Number(values.generated);
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`--folds must be an integer ≥ 2, not ${values.folds}`);
  if (!Number.isInteger(generated) || generated < 0) throw new Error(`--generated must be a non-negative integer, not ${values.generated}`);
  const o: TrainOptions = DEFAULT_TRAIN;
  readChannels = policy.semantic?.channels ? new Set(policy.semantic.channels) : undefined;
  thresholdOptions = { costFalse: Number(values["cost-false"]), costClean: Number(values["cost-clean"]), floor: Number(values.floor) };
  for (const [k, v] of Object.entries(thresholdOptions)) if (!(v >= 0)) throw new Error(`--${k}: expected a non-negative number`);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const on = createEngine({ semantic: null });
  const off = new Engine(on.lexicon, policy, true, { classifier: null, semantic: null });
  const extra = (values.extra ?? []).map((x): [string, string] => {
    const at = x.indexOf(":");
    if (at <= 0) throw new Error(`--extra ${x}: expected NAME:FILE`);
    return [x.slice(0, at), x.slice(at + 1)];
  });
  const excluded = new Set(values.exclude?.split(",").filter(Boolean) ?? []);
  const sets = labelledSets(root, { generated, extra }).filter((s) => !excluded.has(s.name));
  const p = prepare(on, sets, o.dim);
  log(`prepared ${p.examples.length} cases from ${sets.map((s) => `${s.name} (${s.cases.length})`).join(", ")}`);
  const rows = values["no-cv"] ? [] : crossValidate(p, [on, off], folds, o, log, values.only?.split(","));
  const trainedOn = Object.fromEntries(
    sets.map((s) => [s.name, { file: s.file.startsWith("gen:") ? s.file : relative(root, s.file), cases: s.cases.length, sha256: createHash("sha256").update(JSON.stringify(s.cases.map((c) => c.item.id))).digest("hex").slice(0, 16) }]),
  );
  if (values.only) return; // a partial evaluation: the shipped model is trained on the full run only
  const saved = fit(p, p.examples.map((_, i) => i), folds, o, { ...trainedOn, options: { ...o, folds, thresholds: thresholdOptions, channels: policy.semantic?.channels ?? "all" } });
  if (rows.length) saved.crossValidation = Object.fromEntries(rows.map((r) => [r.set, r]));
  const out = isAbsolute(values.out!) ? values.out! : join(root, values.out!);
  const table = saveSemantic(out, saved);
  if (values.report) writeFileSync(values.report, JSON.stringify(rows, null, 1) + "\n");
  const active = saved.thresholds.map((t, i) => (t === null ? null : `${saved.classes[i]}≥${t}`)).filter(Boolean);
  log(`saved ${out} and ${relative(root, table)}: ${saved.buckets.length} buckets × ${saved.classes.length} classes; thresholds ${active.join(", ") || "(none)"}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    process.stderr.write(`train:semantic: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
