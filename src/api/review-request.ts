/**
 * Request bodies of the review endpoints: a SPEC item, or the short form
 * `{text, channel?, listing?}` (id and channel default), and batches of them.
 */
import { itemSchema } from "../io/item-schema.js";
import type { FixResult } from "../fix/apply.js";
import type { Fix, Item, Verdict } from "../types.js";
import { badRequest, type Issue } from "./http-error.js";

export const MAX_BATCH = 100;
export const DEFAULT_CHANNEL = "script";

export type ItemResult = { ok: true; item: Item } | { ok: false; issues: Issue[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return [prefix, ...path.map(String)].filter((p) => p !== "").join(".");
}

/** Validate one item; `prefix` is its path in the body ("" for a single review). */
export function toItem(raw: unknown, defaultId: string, prefix = ""): ItemResult {
  if (!isObject(raw)) {
    return { ok: false, issues: [{ path: prefix, message: "expected a JSON object (an item, or {text, channel?, listing?})" }] };
  }
  // `fix` asks for the fixed text (single reviews); it is no field of the item.
  const { fix: _fix, ...rest } = raw;
  const withDefaults = { ...rest, id: raw.id ?? defaultId, channel: raw.channel ?? DEFAULT_CHANNEL };
  const r = itemSchema.safeParse(withDefaults);
  if (r.success) return { ok: true, item: r.data as Item };
  const issues = r.error.issues.slice(0, 10).map((i) => ({ path: joinPath(prefix, i.path), message: i.message }));
  return { ok: false, issues };
}

/** The items of a batch body: `{items: [...]}` or a bare array. Throws 400 for the batch as a whole. */
export function batchItems(body: unknown): unknown[] {
  const items = Array.isArray(body) ? body : isObject(body) ? body.items : undefined;
  const path = Array.isArray(body) ? "" : "items";
  if (!Array.isArray(items)) throw badRequest([{ path, message: "expected an array of items: {\"items\": [...]}" }]);
  if (items.length === 0) throw badRequest([{ path, message: "no items" }]);
  if (items.length > MAX_BATCH) throw badRequest([{ path, message: `at most ${MAX_BATCH} items per batch, got ${items.length}` }]);
  return items;
}

/** Path prefix of the i-th item of a batch body. */
export function batchPrefix(body: unknown, i: number): string {
  return Array.isArray(body) ? String(i) : `items.${i}`;
}

/** Whether a single review asks for its fixes applied (`"fix": true`); 400 for a `fix` that is not a boolean. */
export function wantsFix(body: unknown): boolean {
  if (!isObject(body) || body.fix === undefined) return false;
  if (typeof body.fix !== "boolean") throw badRequest([{ path: "fix", message: "expected true or false (true: also return the text with every fix applied)" }]);
  return body.fix;
}

/** The `fixed` member of a review answer: the fixed fields, what was applied, and the re-check of the fixed item. */
export function fixedAnswer(r: FixResult): FixedAnswer {
  const out: FixedAnswer = {
    changes: r.changes,
    applied: r.applied.map((a) => ({ ruleId: a.violation.ruleId, category: a.violation.category, pass: a.pass, before: a.before, ...a.fix })),
    verdict: r.after,
  };
  if (typeof r.item.text === "string") out.text = r.item.text;
  return out;
}

export interface FixedAnswer {
  /** The item's `text` with every fix applied (when it has a text field). */
  text?: string;
  /** Every changed field: its original and fixed text. */
  changes: FixResult["changes"];
  /** Each fix applied (offsets into the text of its pass; pass 1 is the original). */
  applied: Array<{ ruleId: string; category: string; pass: number; before: string } & Fix>;
  /** The verdict of the fixed item: what a re-check finds. */
  verdict: Verdict;
}
