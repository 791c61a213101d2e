/** Listing attributes grouped by the kind of claim they hold, whatever their keys. */
import { normalize } from "../normalize/normalize.js";
import type { VariantMap } from "../normalize/variants.js";
import type { SharedData } from "./rule.js";
import type { AnalysisContext } from "../context/context.js";
import { ASPECTS, type Aspect } from "../types.js";

export type AttrKind = Aspect | "other";

/**
 * The words that tell an attribute key's kind (data `attributeKeys`: kind ->
 * words, in the order they are tried), read as written: a key holding one of
 * them, in any case, is of that kind; where it holds words of two kinds, the
 * longest word wins, then the first kind in order.
 */
export type KeyKinds = Record<string, string[]>;

export interface Attr {
  key: string;
  kind: AttrKind;
  raw: string;
  /** Normalized value. */
  value: string;
}

/** Longest attribute value text read (characters); input validation caps values at 64 KB (src/io/item-schema.ts). */
const MAX_VALUE_CHARS = 64 * 1024;

/**
 * An attribute value as text: scalars as they are, arrays and objects as
 * their values joined with 、, depth first. Iterative (an explicit stack), so
 * a value nested thousands of levels deep — possible when the engine is
 * called directly, without the item schema — cannot overflow the call stack.
 */
export function stringifyValue(v: unknown): string {
  const parts: string[] = [];
  let chars = 0;
  // Each entry: a value still to write, or the separator between two siblings.
  const stack: Array<{ v: unknown } | typeof SEP> = [{ v }];
  while (stack.length && chars < MAX_VALUE_CHARS) {
    const top = stack.pop()!;
    if (top === SEP) {
      parts.push("、");
      chars++;
      continue;
    }
    const x = top.v;
    if (x === null || x === undefined) continue;
    if (typeof x === "object") {
      const children = Array.isArray(x) ? x : Object.values(x as Record<string, unknown>);
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ v: children[i] });
        if (i > 0) stack.push(SEP);
      }
      continue;
    }
    const t = String(x);
    parts.push(t);
    chars += t.length;
  }
  const out = parts.join("");
  return out.length > MAX_VALUE_CHARS ? out.slice(0, MAX_VALUE_CHARS) : out;
}
const SEP = Symbol("separator");

const kindCaches = new WeakMap<KeyKinds, { order: Array<[Aspect, string[]]>; cache: Map<string, AttrKind> }>();

export function classifyKey(key: string, kinds: KeyKinds): AttrKind {
  let k = kindCaches.get(kinds);
  if (!k) {
    const order = Object.entries(kinds)
      .filter((e): e is [Aspect, string[]] => (ASPECTS as readonly string[]).includes(e[0]))
      .map(([kind, words]) => [kind, words.map((w) => w.toLowerCase())] as [Aspect, string[]]);
    kindCaches.set(kinds, (k = { order, cache: new Map() }));
  }
  let kind = k.cache.get(key);
  if (kind) return kind;
  const lower = key.toLowerCase();
  // The longest word held wins (面料成分 is material, 成分 ingredients); on a tie, the first kind in order.
  let best = 0;
  kind = "other";
  for (const [kd, words] of k.order) for (const w of words) if (w.length > best && lower.includes(w)) [best, kind] = [w.length, kd];
  if (k.cache.size < 10_000) k.cache.set(key, kind);
  return kind;
}

/** The data an attribute rule reads to group a listing's attributes by kind. */
export const ATTRIBUTE_KEYS_DATA = { attributeKeys: "rawRecord", emptyValues: "rawList" } as const;
type AttrData = SharedData<typeof ATTRIBUTE_KEYS_DATA>;

/** The item's listing attributes, read once per item and shared by the rules that compare claims with them. */
export function listingAttributes(ctx: AnalysisContext, data: AttrData): Attr[] {
  return ctx.memo("listingAttributes", () =>
    readAttributes(ctx.doc.item.listing?.attributes as Record<string, unknown> | undefined, ctx.lex.variants, data.rawRecord("attributeKeys")),
  );
}

export function readAttributes(attrs: Record<string, unknown> | undefined, variants: VariantMap, kinds: KeyKinds): Attr[] {
  if (!attrs || typeof attrs !== "object") return [];
  return Object.entries(attrs).map(([key, v]) => {
    const raw = stringifyValue(v);
    return { key, kind: classifyKey(key, kinds), raw, value: normalize(raw, variants).text };
  });
}

const emptySets = new WeakMap<string[], Set<string>>();

/** Does an attribute value (normalized or as written) mean "none" (data `emptyValues`, or empty)? */
export function isEmptyValue(data: AttrData, value: string): boolean {
  if (value === "") return true;
  const words = data.rawList("emptyValues");
  let set = emptySets.get(words);
  if (!set) emptySets.set(words, (set = new Set(words)));
  return set.has(value);
}
