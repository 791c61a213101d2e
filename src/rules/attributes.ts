/** Listing attributes grouped by the kind of claim they hold, whatever their keys. */
import { normalize } from "../normalize/normalize.js";
import type { VariantMap } from "../normalize/variants.js";
import type { AnalysisContext } from "../context/context.js";

export type AttrKind = "material" | "brand" | "origin" | "variety" | "quantity" | "ingredients" | "other";

const KEY_KINDS: Array<[RegExp, AttrKind]> = [
  [/ingredient|配料|成分表|原料/i, "ingredients"],
  [/material|fabric|材质|面料|材料|composition|fill|填充|里料|面层/i, "material"],
  [/brand|品牌|商标/i, "brand"],
  [/origin|产地|place|province|city|产区|region|country|发源|出产/i, "origin"],
  [/variety|品种|cultivar|breed|品类名/i, "variety"],
  [/quantity|count|数量|件数|pack|pcs|spec|规格|netcontent|net_content|净含量|weight|重量|capacity|容量|装量/i, "quantity"],
];

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

const kindCache = new Map<string, AttrKind>();

export function classifyKey(key: string): AttrKind {
  let kind = kindCache.get(key);
  if (kind) return kind;
  kind = KEY_KINDS.find(([re]) => re.test(key))?.[1] ?? "other";
  if (kindCache.size < 10_000) kindCache.set(key, kind);
  return kind;
}

/** The item's listing attributes, read once per item and shared by the rules that compare claims with them. */
export function listingAttributes(ctx: AnalysisContext): Attr[] {
  return ctx.memo("listingAttributes", () =>
    readAttributes(ctx.doc.item.listing?.attributes as Record<string, unknown> | undefined, ctx.lex.variants),
  );
}

export function readAttributes(attrs: Record<string, unknown> | undefined, variants: VariantMap): Attr[] {
  if (!attrs || typeof attrs !== "object") return [];
  return Object.entries(attrs).map(([key, v]) => {
    const raw = stringifyValue(v);
    return { key, kind: classifyKey(key), raw, value: normalize(raw, variants).text };
  });
}

/** Words that mean "none" in an attribute value. */
export const EMPTY_VALUES = new Set(["", "无", "无品牌", "其他", "其它", "none", "null", "n/a", "暂无", "未知", "/"]);
