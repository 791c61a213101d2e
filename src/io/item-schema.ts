/** Input items (SPEC "Data shapes"), validated with clear field paths. */
import { z } from "zod";
import { CHANNELS, type Item } from "../types.js";

/** Largest text accepted in one field (characters). */
export const MAX_FIELD_CHARS = 1_000_000;

const text = z.string().max(MAX_FIELD_CHARS, `longer than ${MAX_FIELD_CHARS} characters`);

const fragment = z.looseObject({
  seq: z.number().int(),
  text,
  ts: z.number().optional(),
});

const listing = z.looseObject({
  title: text.optional(),
  description: text.optional(),
  sellingPoints: z.array(text).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  shop: z
    .looseObject({
      type: z.string().optional(),
      model: z.string().optional(),
      brand: z.string().optional(),
      deliveryRange: z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
});

const account = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  role: z.enum(["creator", "merchant"]).optional(),
  createdAt: z.string().optional(),
  firstSellingAt: z.string().optional(),
  liveHours: z.number().min(0).optional(),
  previewVideos: z.number().int().min(0).optional(),
});

export const itemSchema = z
  .looseObject({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    channel: z.enum(CHANNELS),
    room: z.union([z.string(), z.number()]).transform(String).optional(),
    seq: z.number().int().optional(),
    ts: z.number().optional(),
    text: text.optional(),
    fragments: z.array(fragment).max(1000).optional(),
    listing: listing.optional(),
    account: account.optional(),
  })
  .superRefine((it, ctx) => {
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
  const id = raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : undefined;
  const error = r.error.issues
    .slice(0, 5)
    .map((i) => (i.code !== "custom" && isMissing(raw, i.path) ? `missing "${i.path.join(".")}"` : `${i.path.length ? i.path.join(".") : "(item)"}: ${i.message}`))
    .join("; ");
  return { ok: false, error, id };
}
