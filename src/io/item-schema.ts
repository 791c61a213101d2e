/** Input items (SPEC "Data shapes"), validated with clear field paths. */
import { z } from "zod";
import { CHANNELS, ROLES, type Item } from "../types.js";

/** Largest text accepted in one field (characters). */
export const MAX_FIELD_CHARS = 1_000_000;

/** Free-form values (`listing.attributes`, `extra`, any field the schema does not know): nesting levels and JSON size. */
export const MAX_VALUE_DEPTH = 8;
export const MAX_VALUE_BYTES = 64 * 1024;

/**
 * Why a free-form value is refused (too deep or too large), or undefined.
 * Iterative, so a value nested thousands of levels deep cannot overflow the
 * stack; it stops at the first level past the limit. The value itself is one
 * level (an object of strings has depth 1).
 */
export function valueProblem(v: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[v, 0]];
  let bytes = 0;
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== "object") {
      bytes += typeof x === "string" ? Buffer.byteLength(x) + 2 : String(x).length;
    } else {
      if (d + 1 > MAX_VALUE_DEPTH) return `nested deeper than ${MAX_VALUE_DEPTH} levels`;
      const entries = Array.isArray(x) ? x.map((e) => ["", e] as const) : Object.entries(x);
      bytes += 2;
      for (const [k, e] of entries) {
        bytes += Buffer.byteLength(k) + 4;
        stack.push([e, d + 1]);
      }
    }
    if (bytes > MAX_VALUE_BYTES) return `larger than ${MAX_VALUE_BYTES / 1024} KB`;
  }
  return undefined;
}

/** A free-form value within the depth and size caps. */
const freeForm = z.unknown().superRefine((v, ctx) => {
  const p = valueProblem(v);
  if (p) ctx.addIssue({ code: "custom", message: p });
});

/** Caps on the fields of `obj` that the schema does not describe (passed through as they are). */
function capUnknownFields(obj: Record<string, unknown>, known: ReadonlySet<string>, ctx: z.RefinementCtx, path: string[] = []): void {
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k) || v === null || typeof v !== "object") continue;
    const p = valueProblem(v);
    if (p) ctx.addIssue({ code: "custom", path: [...path, k], message: p });
  }
}

/** An item id: a non-empty string or a finite number (anything else, e.g. an object, is refused before any use). */
const itemId = z.union([z.string().min(1), z.number().finite()], { error: "must be a non-empty string or a number" }).transform(String);

/** The id of a raw (not yet valid) item for an error record: only a string or a finite number, never converted from an object. */
export function rawIdOf(raw: unknown): string | undefined {
  if (!raw || typeof raw !== "object" || !("id" in raw)) return undefined;
  const id = (raw as { id: unknown }).id;
  if (typeof id === "string") return id.length > 200 ? id.slice(0, 200) : id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return undefined;
}

const text = z.string().max(MAX_FIELD_CHARS, `longer than ${MAX_FIELD_CHARS} characters`);

const fragment = z.looseObject({
  seq: z.number().int(),
  text,
  ts: z.number().optional(),
});

const LISTING_FIELDS = new Set(["title", "description", "sellingPoints", "attributes", "shop"]);
const ITEM_FIELDS = new Set(["id", "channel", "room", "seq", "ts", "text", "fragments", "listing", "shop", "account", "extra"]);

const shop = z.looseObject({
  type: z.string().optional(),
  model: z.string().optional(),
  brand: z.string().optional(),
  deliveryRange: z.union([z.string(), z.number()]).optional(),
});

const listing = z.looseObject({
  title: text.optional(),
  description: text.optional(),
  sellingPoints: z.array(text).optional(),
  attributes: z
    .record(z.string(), z.unknown())
    .superRefine((v, ctx) => {
      const p = valueProblem(v);
      if (p) ctx.addIssue({ code: "custom", message: p });
    })
    .optional(),
  shop: shop.optional(),
}).superRefine((l, ctx) => capUnknownFields(l, LISTING_FIELDS, ctx));

const account = z.looseObject({
  id: itemId,
  role: z.enum(ROLES).optional(),
  createdAt: z.string().optional(),
  firstSellingAt: z.string().optional(),
  liveHours: z.number().min(0).optional(),
  previewVideos: z.number().int().min(0).optional(),
  depositPaid: z.boolean().optional(),
  learningTasksDone: z.boolean().optional(),
});

export const itemSchema = z
  .looseObject({
    id: itemId,
    channel: z.enum(CHANNELS),
    room: z.union([z.string(), z.number()]).transform(String).optional(),
    seq: z.number().int().optional(),
    ts: z.number().optional(),
    text: text.optional(),
    fragments: z.array(fragment).max(1000).optional(),
    listing: listing.optional(),
    /** The shop written beside the listing rather than inside it: read as `listing.shop` (see the transform below). */
    shop: shop.optional(),
    account: account.optional(),
    extra: freeForm.optional(),
  })
  .superRefine((it, ctx) => {
    capUnknownFields(it, ITEM_FIELDS, ctx);
    const hasText = typeof it.text === "string" && it.text.trim().length > 0;
    const hasFragments = (it.fragments ?? []).some((f) => f.text.trim().length > 0);
    const l = it.listing;
    const hasListing =
      it.channel === "listing" &&
      !!l &&
      [l.title, l.description, ...(l.sellingPoints ?? [])].some((t) => typeof t === "string" && t.trim().length > 0);
    if (!hasText && !hasFragments && !hasListing) {
      ctx.addIssue({
        code: "custom",
        path: it.channel === "listing" ? ["listing"] : ["text"],
        message: it.channel === "listing" ? "a listing needs a title, description or selling point" : "no text: give `text` or `fragments`",
      });
    }
    if (it.channel === "listing" && !l) ctx.addIssue({ code: "custom", path: ["listing"], message: "required for channel listing" });
  })
  // SPEC puts the shop on the listing; an item that gives it beside the listing (a common
  // reading of "a listing item may carry shop") means the same shop. Inside the listing wins.
  .transform((it) => {
    if (!it.shop) return it;
    const { shop: outer, ...rest } = it;
    if (rest.listing?.shop) return rest;
    return { ...rest, listing: { ...(rest.listing ?? {}), shop: outer } };
  });

export type ParsedItem = { ok: true; item: Item } | { ok: false; error: string; id?: string };

/** A required field that is absent (rather than of the wrong type): `missing "id"`. */
function isMissing(raw: unknown, path: PropertyKey[]): boolean {
  if (!path.length) return false;
  let v: unknown = raw;
  for (const k of path.slice(0, -1)) {
    if (!v || typeof v !== "object") return false;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return !!v && typeof v === "object" && !(path[path.length - 1] in v);
}

/** Validate one decoded JSON value as an item. */
export function parseItem(raw: unknown): ParsedItem {
  const r = itemSchema.safeParse(raw);
  if (r.success) return { ok: true, item: r.data as Item };
  const id = rawIdOf(raw);
  const error = r.error.issues
    .slice(0, 5)
    .map((i) => (i.code !== "custom" && isMissing(raw, i.path) ? `missing "${i.path.join(".")}"` : `${i.path.length ? i.path.join(".") : "(item)"}: ${i.message}`))
    .join("; ");
  return { ok: false, error, id };
}
