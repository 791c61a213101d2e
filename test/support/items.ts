/** Small helpers over test items. */
import type { Item } from "../../src/types.js";

/** The original text of a field of an item (`text`, `listing.title`, `listing.description`). */
export function fieldText(item: Item, field: string): string {
  if (field === "text") return item.text ?? "";
  if (field === "listing.title") return item.listing?.title ?? "";
  if (field === "listing.description") return item.listing?.description ?? "";
  throw new Error(`no field ${field}`);
}

/** A caption said in a room whose listing has these attributes. */
export function spokenWith(text: string, attributes: Record<string, string>): Item {
  return { id: "c", channel: "caption", text, listing: { attributes } };
}

/** A listing with only a title and attributes. */
export function titledWith(title: string, attributes: Record<string, string>): Item {
  return { id: "l", channel: "listing", listing: { title, attributes } };
}

/** The terms of the attribute_mismatch violations an engine reports for an item. */
export function attributeTerms(engine: { review(item: Item): { violations: Array<{ category: string; term: string }> } }, item: Item): string[] {
  return engine
    .review(item)
    .violations.filter((v) => v.category === "attribute_mismatch")
    .map((v) => v.term);
}
