/** Match + context: one item's text in, violation candidates out. */
import { AnalysisContext } from "./context/context.js";
import { nearStep } from "./context/near.js";
import { CONTEXT_STEPS } from "./context/steps.js";
import type { Deadline } from "./deadline.js";
import { buildDocument, segmentOf, spansOf, type Document } from "./doc/document.js";
import { makeFix } from "./fix/make.js";
import type { FixSpec } from "./lexicon/schema.js";
import type { FindingMeta, Lexicon } from "./lexicon/compile.js";
import { findHits, type RawHit } from "./match/hits.js";
import { RULES, type Rule } from "./rules/index.js";
import { RULE_CONTEXT_STEPS, ruleData, type CategoryData, type RuleData, type RuleReport } from "./rules/rule.js";
import type { RangeStep } from "./context/step.js";
import { conceptCandidates } from "./semantic/concepts.js";
import { decodeHits } from "./semantic/decode.js";
import type { AttributeEvidence, Candidate, ContextStep, Explanation, Fix, Item, Span, VariantKind } from "./types.js";

const NO_DATA: CategoryData = {};

/** The context steps of a hit that none applied to (shared, never changed; not frozen, which would take spreads off their fast path). */
const NO_STEPS: readonly ContextStep[] = [];

/** Readings that go through more than normalization: they yield to a cancelled direct reading. */
const INDIRECT = new Set(["fuzzy", "pinyin"]);

function clamp(x: number): number {
  return Math.max(0, Math.min(1, Math.round(x * 1000) / 1000));
}

function place(doc: Document, start: number, end: number): { field: string; start: number; end: number; spans: Span[]; matched: string } {
  const spans = spansOf(doc, start, end);
  const first = spans[0] ?? { field: doc.segments[0]?.field ?? "text", start: 0, end: 0 };
  let matched = "";
  for (const s of spans) matched += segmentOf(doc, s.field)!.original.slice(s.start, s.end);
  return { field: first.field, start: first.start, end: first.end, spans, matched };
}

/** The original text of a document range: `place(...).matched` without building its spans (asked for every raw hit). */
function originalOf(doc: Document, start: number, end: number): string {
  if (end <= start) return "";
  let out = "";
  const last = doc.segAt[end - 1];
  for (let k = doc.segAt[start]; k <= last; k++) {
    const seg = doc.segments[k];
    const s = Math.max(start, seg.offset) - seg.offset;
    const e = Math.min(end, seg.offset + seg.norm.text.length) - seg.offset;
    if (e <= s) continue;
    out += segmentOf(doc, seg.field)!.original.slice(seg.norm.src[s], seg.norm.srcEnd[e - 1]);
  }
  return out;
}

/** Whether the original text of a document range is `term` (findHits' "exact" test), without cutting it out when it lies in one segment. */
function originalIs(doc: Document, start: number, end: number, term: string, last: { seg?: Document["segments"][number]; original: string }): boolean {
  if (end <= start || doc.segAt[start] !== doc.segAt[end - 1]) return originalOf(doc, start, end) === term;
  const seg = doc.segments[doc.segAt[start]];
  const s = Math.max(start, seg.offset) - seg.offset;
  const e = Math.min(end, seg.offset + seg.norm.text.length) - seg.offset;
  if (e <= s) return term === "";
  const a = seg.norm.src[s];
  const b = seg.norm.srcEnd[e - 1];
  if (b <= a) return term === "";
  if (b - a !== term.length) return false;
  // The field's original text (segmentOf's), kept from the last hit in the same segment.
  if (last.seg !== seg) {
    last.seg = seg;
    last.original = segmentOf(doc, seg.field)!.original;
  }
  return last.original.startsWith(term, a);
}

export interface AnalyzeOptions {
  /** Checked between stages and every so many hits; past it DeadlineExceeded is thrown. */
  deadline?: Deadline;
  /** When given, the milliseconds each stage took are added to it (the bench's cost split). */
  stages?: StageTimes;
}

/** Milliseconds spent per stage of `analyze`, summed over calls. */
export interface StageTimes {
  normalize: number;
  match: number;
  context: number;
  rules: number;
}

export function stageTimes(): StageTimes {
  return { normalize: 0, match: 0, context: 0, rules: 0 };
}

export interface Analysis {
  doc: Document;
  candidates: Candidate[];
}

/** The fix of a hit at an original-text place, under its entry's (or rule's) fix spec. */
function fixAt(doc: Document, spec: FixSpec | undefined, p: { field: string; start: number; end: number; spans: Span[] }, term: string, normalized: string) {
  if (!spec || spec === "none") return undefined;
  const seg = segmentOf(doc, p.field);
  if (!seg) return undefined;
  return makeFix(spec, { fieldText: seg.original, field: p.field, spans: p.spans, start: p.start, end: p.end, term, normalized });
}

/** Where a candidate comes from: a lexicon entry or a code rule (the fields they share). */
interface Source {
  id: string;
  category: Candidate["category"];
  rule: string;
  severity: Candidate["severity"];
  suggestion?: string;
}

/** The one place a candidate is built, for an entry's hit and a rule's report alike. */
function candidate(
  src: Source,
  p: { field: string; start: number; end: number; spans: Span[]; matched: string },
  o: { term: string; confidence: number; severity?: Candidate["severity"]; suggestion?: string; fix?: Fix; evidence?: AttributeEvidence; variant: VariantKind; normalized: string; steps: ContextStep[] },
): Candidate {
  // Built key by key in this order (fix and evidence only when present), without temporary objects to spread.
  const c: Candidate = {
    category: src.category,
    ruleId: src.id,
    term: o.term,
    matched: p.matched,
    field: p.field,
    start: p.start,
    end: p.end,
    spans: p.spans,
    severity: o.severity ?? src.severity,
    confidence: clamp(o.confidence),
    suggestion: o.suggestion ?? src.suggestion,
  } as Candidate;
  if (o.fix) c.fix = o.fix;
  c.rule = src.rule;
  if (o.evidence) c.evidence = o.evidence;
  c.explain = { entryId: src.id, variant: o.variant, normalized: o.normalized, steps: o.steps };
  return c;
}

/**
 * The `match` steps of one item's hits by note: hits with the same note and penalty (every exact hit
 * of a term: "exact term") share one step object, as explanation steps are never changed once made.
 */
type MatchSteps = Map<string, ContextStep>;

function matchStep(made: MatchSteps, hit: RawHit): ContextStep {
  let step = made.get(hit.note);
  if (step === undefined || step.effect !== -hit.penalty) made.set(hit.note, (step = { step: "match", effect: -hit.penalty, note: hit.note }));
  return step;
}

/**
 * The strings and lists that a text dense in one phrase makes again at every hit, kept once per item:
 * the normalized text of a term's hits, the one-step explanation lists and the explanations (explanation
 * steps, their lists and explanations are never changed once made; later stages copy them to add a step).
 */
interface HitShared {
  matchSteps: MatchSteps;
  /** The last normalized text of each term's hits. */
  normalized: Map<string, string>;
  /** A list of the match step alone, by the step. */
  onlyMatch: Map<ContextStep, readonly ContextStep[]>;
  /** The explanation of each entry's last hit. */
  explains: Map<RawHit["entry"], Explanation>;
}

function fromHit(doc: Document, hit: RawHit, steps: readonly ContextStep[], shared: HitShared): Candidate {
  let conf = hit.entry.confidence - hit.penalty;
  for (let i = 0; i < steps.length; i++) {
    const e = steps[i].effect;
    if (typeof e === "number") conf += e;
  }
  const entry = hit.entry;
  const spans = spansOf(doc, hit.start, hit.end);
  const first = spans[0] ?? { field: doc.segments[0]?.field ?? "text", start: 0, end: 0 };
  // The original text of an exact hit is its term (findHits compared them).
  const matched = hit.variant === "exact" ? hit.term : originalOf(doc, hit.start, hit.end);
  let normalized = shared.normalized.get(hit.term);
  if (normalized === undefined || normalized.length !== hit.end - hit.start || !doc.text.startsWith(normalized, hit.start)) {
    normalized = doc.text.slice(hit.start, hit.end);
    shared.normalized.set(hit.term, normalized);
  }
  const p = { field: first.field, start: first.start, end: first.end, spans, matched };
  const fix = fixAt(doc, entry.fix, p, hit.term, normalized);
  const match = matchStep(shared.matchSteps, hit);
  let all: readonly ContextStep[];
  if (steps.length === 0) {
    let one = shared.onlyMatch.get(match);
    if (one === undefined) shared.onlyMatch.set(match, (one = [match]));
    all = one;
  } else all = [match, ...steps];
  // The explanation of the entry's last hit when it reads the same (a repeated phrase's hits share one).
  let explain = shared.explains.get(entry);
  if (explain === undefined || explain.variant !== hit.variant || explain.normalized !== normalized || explain.steps !== all) {
    explain = { entryId: entry.id, variant: hit.variant, normalized, steps: all as ContextStep[] };
    shared.explains.set(entry, explain);
  }
  // The keys in candidate()'s order, every one in the literal (none added after: no property store
  // grown per candidate); `fix` only when there is one.
  const c: Candidate = fix
    ? {
        category: entry.category,
        ruleId: entry.id,
        term: hit.term,
        matched,
        field: p.field,
        start: p.start,
        end: p.end,
        spans,
        severity: entry.severity,
        confidence: clamp(conf),
        suggestion: entry.suggestion,
        fix,
        rule: entry.rule,
        explain,
      }
    : {
        category: entry.category,
        ruleId: entry.id,
        term: hit.term,
        matched,
        field: p.field,
        start: p.start,
        end: p.end,
        spans,
        severity: entry.severity,
        confidence: clamp(conf),
        suggestion: entry.suggestion,
        rule: entry.rule,
        explain,
      };
  return c;
}

/** A code rule's report as a candidate (its metadata from the lexicon): at its document range, or at a span of a field outside the document. */
function fromReport(doc: Document, meta: FindingMeta, r: RuleReport): Candidate {
  const p = r.span
    ? { field: r.span.field, start: r.span.start, end: r.span.end, spans: [{ field: r.span.field, start: r.span.start, end: r.span.end }], matched: r.span.text }
    : place(doc, r.start, r.end);
  const normalized = r.span ? r.span.text : doc.text.slice(r.start, r.end);
  return candidate(meta, p, {
    term: r.term,
    confidence: r.confidence ?? meta.confidence,
    severity: r.severity,
    suggestion: r.suggestion,
    fix: r.span ? undefined : fixAt(doc, meta.fix, p, r.term, normalized),
    evidence: r.evidence,
    variant: "rule",
    normalized,
    steps: r.steps ?? [],
  });
}

/**
 * Hits by entry, sorted by start, for "the first hit (in the given order) of the
 * same entry that overlaps this one" without a scan of every hit per query.
 */
class OverlapIndex {
  private readonly byEntry = new Map<RawHit["entry"], { hits: Array<{ hit: RawHit; order: number }>; maxEnd: number[] }>();

  constructor(hits: RawHit[]) {
    hits.forEach((hit, order) => {
      let g = this.byEntry.get(hit.entry);
      if (!g) this.byEntry.set(hit.entry, (g = { hits: [], maxEnd: [] }));
      g.hits.push({ hit, order });
    });
    for (const g of this.byEntry.values()) {
      g.hits.sort((a, b) => a.hit.start - b.hit.start || a.order - b.order);
      let m = -1;
      g.maxEnd = g.hits.map((h) => (m = Math.max(m, h.hit.end)));
    }
  }

  first(h: RawHit): RawHit | undefined {
    const g = this.byEntry.get(h.entry);
    if (!g) return undefined;
    // Last hit starting before h ends; walk back while some earlier hit may still reach past h.start.
    let lo = 0;
    let hi = g.hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g.hits[mid].hit.start < h.end) lo = mid + 1;
      else hi = mid;
    }
    let best: { hit: RawHit; order: number } | undefined;
    for (let i = lo - 1; i >= 0 && g.maxEnd[i] > h.start; i--) {
      const c = g.hits[i];
      if (c.hit.end > h.start && (!best || c.order < best.order)) best = c;
    }
    return best?.hit;
  }
}

/** A code rule ready to run on a lexicon: its metadata (the category file's codeRules), data view and context steps. */
interface ReadyRule {
  rule: Rule;
  meta: FindingMeta;
  data: RuleData;
  steps: readonly RangeStep[];
}

const readyRules = new WeakMap<Lexicon, ReadyRule[]>();

/** The rules that run on a lexicon, in order (a rule without metadata, its category having no file, does not run). */
function rulesOf(lex: Lexicon): ReadyRule[] {
  let rs = readyRules.get(lex);
  if (!rs) {
    rs = [];
    for (const rule of RULES) {
      const meta = lex.codeRules.get(rule.meta.id);
      if (!meta) continue;
      const data = ruleData(lex.data.get(rule.meta.category) ?? NO_DATA, lex.dataRaw.get(rule.meta.category) ?? NO_DATA, rule.meta.data);
      rs.push({ rule, meta, data, steps: (rule.meta.context ?? []).map((name) => RULE_CONTEXT_STEPS[name]) });
    }
    readyRules.set(lex, rs);
  }
  return rs;
}

export function analyze(item: Item, lex: Lexicon, opts: AnalyzeOptions = {}): Analysis {
  const deadline = opts.deadline;
  const stages = opts.stages;
  let t = stages ? performance.now() : 0;
  const lap = stages
    ? (k: keyof StageTimes) => {
        const now = performance.now();
        stages[k] += now - t;
        t = now;
      }
    : undefined;
  const doc = buildDocument(item, lex.variants);
  lap?.("normalize");
  deadline?.check();
  const ctx = new AnalysisContext(doc, lex);
  const candidates: Candidate[] = [];
  const original = (s: number, e: number) => originalOf(doc, s, e);
  const lastSeg = { seg: undefined, original: "" };
  const hits = findHits(doc.text, lex, original, doc.sep, deadline, (s, e, term) => originalIs(doc, s, e, term, lastSeg));
  deadline?.check();
  // Romanized and split-character disguises, kept only where they read as a lexicon term.
  for (const h of decodeHits(doc.text, lex, doc.sep)) if (!hits.some((x) => x.entry === h.entry && x.start < h.end && h.start < x.end)) hits.push(h);
  lap?.("match");
  // Per hit (by index, no object per hit): its context steps and whether one cancelled it.
  const stepsOf = new Array<readonly ContextStep[]>(hits.length);
  const dead = new Uint8Array(hits.length);
  // The imported list read into a local for the loop (a test runner's module objects read it through a getter).
  const contextSteps = CONTEXT_STEPS;
  const near = nearStep;
  const nearAt = contextSteps.indexOf(near);
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i];
    deadline?.tick(32);
    // A hit is dead when any step cancels it, and a dead hit's steps are never read: an entry's
    // companion-cue test (the step that cancels most, and the last of those that may) is asked
    // first, and a hit it cancels is spared the others. Otherwise its answer takes its place in order.
    let nearResult: ContextStep | undefined;
    if (nearAt >= 0 && hit.entry.near) {
      nearResult = near.apply(hit, ctx);
      if (nearResult !== undefined && nearResult.effect === "cancel") {
        dead[i] = 1;
        stepsOf[i] = NO_STEPS;
        continue;
      }
    }
    // Most hits get no context step: they share one empty list (never pushed to: `steps` is replaced on the first).
    let steps = NO_STEPS;
    for (let k = 0; k < contextSteps.length; k++) {
      const r = k === nearAt ? nearResult : contextSteps[k].apply(hit, ctx);
      if (!r) continue;
      steps = steps === NO_STEPS ? [r] : [...steps, r];
      if (r.effect === "cancel") {
        dead[i] = 1;
        break;
      }
    }
    stepsOf[i] = steps;
  }
  // A fuzzy or pinyin reading of text whose direct reading (same entry) was cancelled — negated,
  // an ordinary phrase, quoted — is cancelled with it: 不说全网最低价 is not 网最低价 at distance 1.
  const cancelledDirect: RawHit[] = [];
  for (let i = 0; i < hits.length; i++) if (dead[i] && !INDIRECT.has(hits[i].variant)) cancelledDirect.push(hits[i]);
  const directlyCancelled = new OverlapIndex(cancelledDirect);
  // (Index loops over the hits here: analyze runs once per item, mostly unoptimized, where for-of
  // allocates an iterator result per element.)
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i];
    if (dead[i] || !INDIRECT.has(hit.variant)) continue;
    deadline?.tick(64);
    const d = directlyCancelled.first(hit);
    if (d) {
      dead[i] = 1;
      stepsOf[i] = [...stepsOf[i], { step: "direct-reading", effect: "cancel", note: `the direct reading "${doc.text.slice(d.start, d.end)}" of this text was cancelled` }];
    }
  }
  deadline?.check();
  const shared: HitShared = { matchSteps: new Map(), normalized: new Map(), onlyMatch: new Map(), explains: new Map() };
  for (let i = 0; i < hits.length; i++) {
    deadline?.tick(64);
    if (!dead[i]) candidates.push(fromHit(doc, hits[i], stepsOf[i], shared));
  }
  lap?.("context");
  // Each rule's metadata, data view and context steps: looked up once per lexicon.
  const rules = rulesOf(lex);
  let meta: FindingMeta;
  let steps: readonly RangeStep[];
  // One report function for all the rules: it reads the running rule's metadata and steps.
  const report = (r: RuleReport) => {
    // The context steps the rule names, like an entry's hit's (not for a span outside the document).
    if (!r.span) {
      for (const step of steps) {
        const s = step.apply({ start: r.claimAt ?? r.start, end: r.end }, ctx);
        if (s?.effect === "cancel") return;
      }
    }
    candidates.push(fromReport(doc, meta, r));
  };
  for (let i = 0; i < rules.length; i++) {
    deadline?.check();
    const rr = rules[i];
    meta = rr.meta;
    steps = rr.steps;
    rr.rule.check({ ctx, data: rr.data, report });
  }
  deadline?.check();
  // Concept classes combined within a window (lexicons/_concepts.yaml): a second path for what
  // the entries and rules missed, so a combination yields to an overlapping finding of its category.
  for (const k of conceptCandidates(lex.concepts, doc)) {
    if (!candidates.some((c) => c.category === k.category && c.field === k.field && c.start < k.end && k.start < c.end)) candidates.push(k);
  }
  lap?.("rules");
  return { doc, candidates };
}
