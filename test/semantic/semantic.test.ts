/** The learned model (src/semantic): features, training, thresholds, the saved file, and its findings going to review only. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDocument } from "../../src/doc/document.js";
import { createEngine } from "../../src/engine.js";
import { loadPolicy } from "../../src/score/policy.js";
import { decide } from "../../src/score/decide.js";
import { semanticCandidates } from "../../src/semantic/candidates.js";
import { featurize, fnv1a, NORM_FLOOR } from "../../src/semantic/features.js";
import { chooseThresholds, featuresOf, probabilities, toSaved, train, DEFAULT_TRAIN, type Example } from "../../src/semantic/learn.js";
import { saveSemantic, SemanticModel, SEMANTIC_FORMAT, SEMANTIC_INLINE_FORMAT, type SavedSemantic } from "../../src/semantic/model.js";
import { FIXTURE_LEXICONS } from "../support/engine.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const policy = loadPolicy();
const DIM = 1 << 12;

describe("features", () => {
  it("hashes CJK 1–3-grams and Latin/digit 2–3-grams, never across punctuation or spaces", () => {
    const f = featurize("秘方，ab", DIM, true);
    const grams = [...f.grams.values()].map((g) => g.gram).sort();
    expect(grams).toEqual(["ab", "方", "秘", "秘方"].sort());
    // four buckets, normalized over NORM_FLOOR: a short text is read as if padded with neutral n-grams
    expect(f.value).toBeCloseTo(1 / Math.sqrt(NORM_FLOOR), 12);
    const long = featurize("这是一段足够长的句子，用来看归一化按真实的桶数来算，不按下限来算", DIM);
    expect(long.index.length).toBeGreaterThan(NORM_FLOOR);
    expect(long.value).toBeCloseTo(1 / Math.sqrt(long.index.length), 12);
    expect(f.grams.get(fnv1a("ab") % DIM)?.pos).toBe(3);
  });
});

/** Cases written for this test: a made-up cue (祖传秘方) marks the positive class. */
function toy(): Example[] {
  const pos = ["祖传秘方专治失眠", "这是祖传秘方一喝就好", "祖传秘方熬的膏", "家里祖传秘方泡的酒", "祖传秘方做的药丸", "秘方祖传三代"];
  const neg = ["今天天气不错", "这件外套是纯棉的", "快递明天就到", "尺码偏大一码", "颜色有黑白两种", "欢迎来到直播间", "可以七天无理由退货", "锅是不锈钢的"];
  return [
    ...pos.map((text, i) => ({ id: `p${i}`, set: "toy", text, expect: ["false_efficacy" as const], allow: [], base: [] })),
    ...neg.map((text, i) => ({ id: `n${i}`, set: "toy", text, expect: [], allow: [], base: [] })),
  ];
}

describe("training and thresholds", () => {
  const ex = toy();
  const feats = featuresOf(ex, DIM);
  const t = train(ex, feats, ["false_efficacy", "counterfeit"], { ...DEFAULT_TRAIN, dim: DIM, epochs: 30 });
  it("learns the cue: positives score above negatives", () => {
    const p = ex.map((_, i) => probabilities(t, feats[i])[0]);
    const minPos = Math.min(...p.slice(0, 6));
    const maxNeg = Math.max(...p.slice(6));
    expect(minPos).toBeGreaterThan(maxNeg);
    expect(probabilities(t, featurize("祖传秘方", DIM))[0]).toBeGreaterThan(probabilities(t, featurize("纯棉外套", DIM))[0]);
  });
  it("a threshold only where it gains, none for a class without positives, none where the product already reports the class", () => {
    const oof = ex.map((_, i) => probabilities(t, feats[i]));
    const th = chooseThresholds(ex, oof, ["false_efficacy", "counterfeit"]);
    expect(th[0]).not.toBeNull();
    expect(th[1]).toBeNull();
    const covered = ex.map((e) => ({ ...e, base: e.expect }));
    expect(chooseThresholds(covered, oof, ["false_efficacy", "counterfeit"])[0]).toBeNull();
  });
  it("the saved form keeps classes with a threshold only, and scores as the trainer does", () => {
    const saved = toSaved(t, [0.5, null], {});
    expect(saved.classes).toEqual(["false_efficacy"]);
    const m = new SemanticModel(saved);
    const f = featurize("祖传秘方", DIM);
    expect(m.probabilities(f)[0]).toBeCloseTo(probabilities(t, f)[0], 2);
  });
  it("scores a text in one pass exactly as its features do, the same text twice alike", () => {
    const m = new SemanticModel(toSaved(t, [0.5, 0.5], {}));
    for (const text of ["祖传秘方专治失眠", "尺码偏大一码，AB款 12号", "", "。。。", "秘方秘方秘方"]) {
      const a = m.probabilities(featurize(text, DIM));
      expect(m.textProbabilities(text)).toEqual(a.map((p) => expect.closeTo(p, 12)));
      expect(m.textProbabilities(text)).toEqual(m.textProbabilities(text));
    }
  });
});

/** A hand-made model: the n-gram 秘方 pushes false_efficacy up. */
function handModel(threshold = 0.6): SemanticModel {
  const saved: SavedSemantic = {
    format: SEMANTIC_FORMAT,
    dim: DIM,
    classes: ["false_efficacy"],
    bias: [-2],
    buckets: [fnv1a("秘方") % DIM],
    weights: [40],
    thresholds: [threshold],
    trainedOn: {},
  };
  return new SemanticModel(saved);
}

describe("findings of the model", () => {
  const engine = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: handModel() });
  it("an item only the model flags goes to review, with the probability and n-grams in explain", () => {
    const v = engine.review({ id: "s1", channel: "script", text: "我家这个秘方熬的膏，大家放心买" });
    expect(v.decision).toBe("review");
    const m = v.violations.find((x) => x.explain?.variant === "model")!;
    expect(m.category).toBe("false_efficacy");
    expect(m.confidence).toBe(policy.semantic!.confidence);
    expect(m.explain!.steps[0].note).toMatch(/P\(false_efficacy\)=0\.\d+ ≥ threshold 0\.6; top n-grams 秘方/);
    expect(m.matched).toContain("秘方");
  });
  it("reads only the channels the policy names (semantic.channels)", () => {
    const scripts = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: handModel(), policy: { ...policy, semantic: { ...policy.semantic!, channels: ["script"] } } });
    const model = (v: ReturnType<typeof engine.review>) => v.violations.filter((x) => x.explain?.variant === "model").map((x) => x.category);
    expect(model(scripts.review({ id: "s5", channel: "script", text: "祖传的秘方熬的膏" }))).toEqual(["false_efficacy"]);
    expect(model(scripts.review({ id: "c5", channel: "caption", text: "祖传的秘方熬的膏" }))).toEqual([]);
    expect(model(scripts.review({ id: "l5", channel: "listing", listing: { title: "祖传的秘方熬的膏" } }))).toEqual([]);
    const { channels: _all, ...anyChannel } = policy.semantic!;
    const everywhere = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: handModel(), policy: { ...policy, semantic: anyChannel } });
    expect(model(everywhere.review({ id: "l6", channel: "listing", listing: { title: "祖传的秘方熬的膏" } }))).toEqual(["false_efficacy"]);
  });
  it("reads no item shorter than the policy's semantic.minChars", () => {
    const min8 = createEngine({ lexiconDir: FIXTURE_LEXICONS, classifier: null, semantic: handModel(), policy: { ...policy, semantic: { ...policy.semantic!, channels: undefined, minChars: 8 } } });
    const model = (v: ReturnType<typeof engine.review>) => v.violations.filter((x) => x.explain?.variant === "model").map((x) => x.category);
    expect(model(min8.review({ id: "s7", channel: "script", text: "秘方！" }))).toEqual([]);
    expect(model(min8.review({ id: "s8", channel: "script", text: "我家祖传的秘方熬的膏" }))).toEqual(["false_efficacy"]);
  });
  it("ordinary text stays pass", () => {
    expect(engine.review({ id: "s2", channel: "script", text: "这件外套是纯棉的" }).decision).toBe("pass");
  });
  it("does not repeat a category the lexicons already report", () => {
    const lex = engine.lexicon;
    const item = { id: "s3", channel: "script" as const, text: "秘方" };
    const doc = buildDocument(item, lex.variants);
    const existing = [{ category: "false_efficacy" } as never];
    expect(semanticCandidates(handModel(), doc, lex, existing, { confidence: 0.55 })).toEqual([]);
  });
  it("never blocks, whatever its confidence", () => {
    const item = { id: "s4", channel: "script" as const, text: "秘方" };
    const doc = buildDocument(item, engine.lexicon.variants);
    const cs = semanticCandidates(handModel(), doc, engine.lexicon, [], { confidence: 1 }).map((c) => ({ ...c, severity: "extreme" as const }));
    expect(cs).toHaveLength(1);
    expect(decide(cs, "script", policy).decision).toBe("review");
  });
});

describe("the shipped model file", () => {
  const raw = readFileSync(`${root}${policy.semantic!.model}`, "utf8");
  it("loads, and holds weights only: no text of any training case", () => {
    const m = SemanticModel.load(`${root}${policy.semantic!.model}`);
    expect(m.saved.format).toBe(SEMANTIC_FORMAT);
    expect(raw).not.toMatch(/[\u3400-\u9fff]/);
  });
  it("a broken file is a clear error naming it", () => {
    expect(() => SemanticModel.load("/nonexistent/semantic.json")).toThrow(/semantic model not found/);
  });
  it("keeps its weights in a binary table beside the header, named by weightsFile", () => {
    const header = JSON.parse(readFileSync(`${root}${policy.semantic!.model}`, "utf8")) as Record<string, unknown>;
    expect(header.weightsFile).toBe("semantic.bin");
    expect(header).not.toHaveProperty("weights");
    expect(readFileSync(`${root}models/${String(header.weightsFile)}`).subarray(0, 4).toString("latin1")).toBe("HGSM");
  });
  it("its confidence stays below every channel's block lines", () => {
    for (const ch of Object.values(policy.channels)) {
      expect(policy.semantic!.confidence).toBeLessThan(ch.blockConfidence);
      expect(policy.semantic!.confidence).toBeLessThan(ch.block);
    }
  });
});

describe("the model file's two formats", () => {
  const tmp = async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    return mkdtempSync(join(tmpdir(), "hegui-semantic-"));
  };
  const model = (): SavedSemantic => ({
    format: SEMANTIC_INLINE_FORMAT,
    dim: DIM,
    classes: ["false_efficacy", "private_trade"],
    bias: [-2, -1.5],
    buckets: [fnv1a("秘方") % DIM, fnv1a("加v") % DIM],
    weights: [40, -0.125, 0.3, 25.5],
    thresholds: [0.6, null],
    normFloor: NORM_FLOOR,
    trainedOn: { note: "hand-made" },
  });
  it("a model saved as header and table loads with the same weights and probabilities", async () => {
    const { rmSync } = await import("node:fs");
    const dir = await tmp();
    try {
      const table = saveSemantic(`${dir}/m.json`, model());
      expect(table).toBe(`${dir}/m.bin`);
      const loaded = SemanticModel.load(`${dir}/m.json`);
      const inline = new SemanticModel(model());
      expect(loaded.saved.format).toBe(SEMANTIC_FORMAT);
      expect(loaded.saved.thresholds).toEqual([0.6, null]);
      for (const text of ["祖传秘方", "加v详聊", "这件外套是纯棉的"]) expect(loaded.textProbabilities(text)).toEqual(inline.textProbabilities(text));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("the older inline format still loads", async () => {
    const { rmSync, writeFileSync } = await import("node:fs");
    const dir = await tmp();
    try {
      writeFileSync(`${dir}/old.json`, JSON.stringify(model()));
      expect(SemanticModel.load(`${dir}/old.json`).textProbabilities("祖传秘方")).toEqual(new SemanticModel(model()).textProbabilities("祖传秘方"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("a missing, foreign, short or mismatched table is an error naming the file", async () => {
    const { rmSync, writeFileSync, readFileSync: read, unlinkSync } = await import("node:fs");
    const dir = await tmp();
    try {
      saveSemantic(`${dir}/m.json`, model());
      const good = read(`${dir}/m.bin`);
      writeFileSync(`${dir}/m.bin`, Buffer.concat([Buffer.from("ZZZZ"), good.subarray(4)]));
      expect(() => SemanticModel.load(`${dir}/m.json`)).toThrow(/m\.bin: not a hegui weight table/);
      writeFileSync(`${dir}/m.bin`, good.subarray(0, good.length - 4));
      expect(() => SemanticModel.load(`${dir}/m.json`)).toThrow(/m\.bin: \d+ bytes, expected/);
      const header = JSON.parse(read(`${dir}/m.json`, "utf8"));
      writeFileSync(`${dir}/m.bin`, good);
      writeFileSync(`${dir}/m.json`, JSON.stringify({ ...header, bucketCount: 3 }));
      expect(() => SemanticModel.load(`${dir}/m.json`)).toThrow(/holds 2 buckets × 2 classes; .*m\.json says 3 × 2/);
      writeFileSync(`${dir}/m.json`, JSON.stringify(header));
      unlinkSync(`${dir}/m.bin`);
      expect(() => SemanticModel.load(`${dir}/m.json`)).toThrow(/m\.json: weightsFile: .*m\.bin not found/);
      writeFileSync(`${dir}/m.json`, JSON.stringify({ ...model(), buckets: [DIM + 5, 1] }));
      expect(() => SemanticModel.load(`${dir}/m.json`)).toThrow(/m\.json: buckets: 4101 is outside/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("labelled sets", () => {
  it("reads every hold-out in samples/ in the order of its number, then the clean-only ones, and extra sets by name", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { holdoutFiles, labelledSets } = await import("../../src/semantic/data.js");
    const dir = mkdtempSync(join(tmpdir(), "hegui-sets-"));
    try {
      mkdirSync(join(dir, "samples"));
      const line = (id: string, expect: string[]) => JSON.stringify({ id, channel: "script", text: "一段自己写的话", expect, allow: [] }) + "\n";
      for (const n of ["review-clean1.jsonl", "holdout-clean1.jsonl", "holdout.jsonl", "holdout10.jsonl", "holdout2.jsonl", "holdout-notes.jsonl", "listings.jsonl"]) writeFileSync(join(dir, "samples", n), line(n, []));
      expect(holdoutFiles(dir).map(([name]) => name)).toEqual(["holdout", "holdout2", "holdout10", "holdout-clean1", "review-clean1"]);
      const outside = join(dir, "outside.jsonl");
      writeFileSync(outside, line("o1", ["false_efficacy"]));
      const sets = labelledSets(dir, { extra: [["outside", outside]] });
      expect(sets.map((s) => s.name)).toEqual(["holdout", "holdout2", "holdout10", "holdout-clean1", "review-clean1", "outside"]);
      expect(sets.at(-1)!.cases[0].expect).toEqual(["false_efficacy"]);
      expect(() => labelledSets(dir, { extra: [["gone", join(dir, "gone.jsonl")]] })).toThrow(/--extra gone: no such file/);
      expect(() => labelledSets(dir, { extra: [["holdout2", outside]] })).toThrow(/already read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the policy's learned model is loaded when first needed", () => {
  it("an engine that judges only listings never loads it; the first caption does", () => {
    const e = createEngine({});
    const loaded = () => (e as unknown as { semanticModel: unknown }).semanticModel;
    e.review({ id: "l1", channel: "listing", listing: { title: "纯棉毛巾 三条装", description: "吸水不掉毛", sellingPoints: [], attributes: { 材质: "棉" } } });
    expect(loaded()).toBeUndefined();
    e.review({ id: "c1", channel: "caption", text: "家人们这款毛巾吸水性很好 一号链接" });
    expect(loaded()).toBeInstanceOf(SemanticModel);
  });
});
