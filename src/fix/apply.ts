/**
 * Applying fixes to an item: every violation's `fix`, from the end of each field
 * backwards so earlier offsets stay valid; of overlapping fixes the outermost
 * (then the first) is applied and the others are skipped. `fixItem` re-checks
 * after each pass and applies what the new verdict offers, until nothing more.
 */
import { fieldText } from "../doc/document.js";
import type { Engine } from "../engine.js";
import type { Candidate, Fix, Item, Verdict, Violation } from "../types.js";
import { hollow } from "./make.js";

/** Set an item field's text, named as buildDocument names it. Works on raw JSON objects too. */
export function setFieldText(item: Record<string, unknown>, field: string, text: string): boolean {
  const obj = item as { text?: unknown; fragments?: Array<{ text?: unknown }>; listing?: Record<string, unknown> & { sellingPoints?: unknown[] } };
  if (field === "text") {
    obj.text = text;
    return true;
  }
  let m = /^fragments\[(\d+)\]\.text$/.exec(field);
  if (m) {
    const f = obj.fragments?.[Number(m[1])];
    if (!f || typeof f !== "object") return false;
    f.text = text;
    return true;
  }
  if (field === "listing.title" || field === "listing.description") {
    if (!obj.listing) return false;
    obj.listing[field.slice("listing.".length)] = text;
    return true;
  }
  m = /^listing\.sellingPoints\[(\d+)\]$/.exec(field);
  if (m) {
    const sp = obj.listing?.sellingPoints;
    if (!Array.isArray(sp) || Number(m[1]) >= sp.length) return false;
    sp[Number(m[1])] = text;
    return true;
  }
  return false;
}

/** The fixes to apply together: no two overlap; an outer fix wins over those inside it, then the earlier one. */
export function selectFixes(fixes: Fix[]): { chosen: Fix[]; skipped: Fix[] } {
  const byField = new Map<string, Fix[]>();
  for (const f of fixes) byField.set(f.field, [...(byField.get(f.field) ?? []), f]);
  const chosen: Fix[] = [];
  const skipped: Fix[] = [];
  for (const list of byField.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start || b.end - a.end);
    let end = -1;
    for (const f of sorted) {
      if (f.start < end) {
        skipped.push(f);
        continue;
      }
      chosen.push(f);
      end = Math.max(end, f.end);
    }
  }
  return { chosen, skipped };
}

/** A field's text with non-overlapping fixes applied, from the end backwards. */
export function applyToText(text: string, fixes: Fix[]): string {
  let out = text;
  for (const f of [...fixes].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + f.text + out.slice(f.end);
  return out;
}

/** Whether the fixes (over passes, overlapping ones too) would leave nothing of the text but marks. */
function wouldEmpty(text: string, fixes: Fix[]): boolean {
  if (fixes.some((f) => f.text !== "" && !hollow(f.text))) return false;
  const gone = new Uint8Array(text.length);
  for (const f of fixes) gone.fill(1, f.start, f.end);
  let rest = "";
  for (let i = 0; i < text.length; i++) if (!gone[i]) rest += text[i];
  return hollow(rest);
}

/**
 * Fixes that hold together: where applying every fix of a field would leave it
 * empty (a title that is nothing but claims), that field's fixes are withdrawn —
 * deleting a whole field is no rewrite, so those violations carry no fix.
 */
export function settleFixes<C extends Candidate>(item: Item, cs: C[]): C[] {
  const fields = new Map<string, Fix[]>();
  for (const c of cs) {
    if (!c.fix) continue;
    const list = fields.get(c.fix.field);
    if (list) list.push(c.fix);
    else fields.set(c.fix.field, [c.fix]);
  }
  const drop = new Set<string>();
  for (const [field, fixes] of fields) {
    const text = fieldText(item, field);
    if (typeof text !== "string" || fixes.some((f) => f.end > text.length) || wouldEmpty(text, fixes)) drop.add(field);
  }
  if (drop.size === 0) return cs;
  return cs.map((c) => {
    if (!c.fix || !drop.has(c.fix.field)) return c;
    const { fix: _f, ...rest } = c;
    return rest as C;
  });
}

export interface AppliedFix {
  /** The pass it was applied in (1: from the first verdict). */
  pass: number;
  violation: Pick<Violation, "id" | "ruleId" | "category" | "matched">;
  fix: Fix;
  /** The original words it replaced. */
  before: string;
}

export interface FixResult {
  /** The item with every fix applied (a copy). */
  item: Item;
  /** The input object with only its text fields changed (when one was given). */
  raw?: Record<string, unknown>;
  /** The verdict before any fix. */
  before: Verdict;
  /** The verdict of the fixed text. */
  after: Verdict;
  applied: AppliedFix[];
  /** Fields changed: original and fixed text. */
  changes: Array<{ field: string; before: string; after: string }>;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Apply the fixes of one verdict to an item (and the raw object it came from). */
export function applyVerdictFixes(item: Item, violations: Violation[], raw?: Record<string, unknown>): { item: Item; raw?: Record<string, unknown>; applied: Array<{ v: Violation; fix: Fix; before: string }> } {
  const withFix = violations.filter((v): v is Violation & { fix: Fix } => Boolean(v.fix));
  const { chosen } = selectFixes(withFix.map((v) => v.fix));
  const next = clone(item);
  const nextRaw = raw ? clone(raw) : undefined;
  const applied: Array<{ v: Violation; fix: Fix; before: string }> = [];
  const fields = new Map<string, Fix[]>();
  for (const f of chosen) fields.set(f.field, [...(fields.get(f.field) ?? []), f]);
  for (const [field, fixes] of fields) {
    const text = fieldText(item, field);
    // A fix that does not fit the text (stale offsets) is never applied.
    if (typeof text !== "string" || fixes.some((f) => f.end > text.length)) continue;
    const fixed = applyToText(text, fixes);
    setFieldText(next as unknown as Record<string, unknown>, field, fixed);
    if (nextRaw) setFieldText(nextRaw, field, fixed);
    for (const f of fixes) {
      const v = withFix.find((x) => x.fix === f)!;
      applied.push({ v, fix: f, before: text.slice(f.start, f.end) });
    }
  }
  return { item: next, raw: nextRaw, applied };
}

/** Passes of fix → re-check: a fix skipped for an overlap, or uncovered by one, gets its turn. */
export const MAX_PASSES = 4;

/** Fix an item: apply every fix, re-check, repeat while the new verdict offers more. */
export function fixItem(engine: Engine, item: Item, raw?: Record<string, unknown>): FixResult {
  const before = engine.review(item);
  let verdict = before;
  let cur = item;
  let curRaw = raw;
  const applied: AppliedFix[] = [];
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    if (!verdict.violations.some((v) => v.fix)) break;
    const r = applyVerdictFixes(cur, verdict.violations, curRaw);
    if (r.applied.length === 0) break;
    for (const a of r.applied) {
      applied.push({ pass, violation: { id: a.v.id, ruleId: a.v.ruleId, category: a.v.category, matched: a.v.matched }, fix: a.fix, before: a.before });
    }
    cur = r.item;
    curRaw = r.raw;
    verdict = engine.review(cur);
  }
  const changes: FixResult["changes"] = [];
  for (const field of new Set(applied.map((a) => a.fix.field))) {
    const b = fieldText(item, field) ?? "";
    const a = fieldText(cur, field) ?? "";
    if (a !== b) changes.push({ field, before: b, after: a });
  }
  return { item: cur, raw: curRaw, before, after: verdict, applied, changes };
}
