/** Small helpers over test items. */
import type { Item } from "../../src/types.js";

/** The original text of a field of an item (`text`, `listing.title`, `listing.description`). */
export function fieldText(item: Item, field: string): string {
  if (field === "text") return item.text ?? "";
  if (field === "listing.title") return item.listing?.title ?? "";
  if (field === "listing.description") return item.listing?.description ?? "";
  throw new Error(`no field ${field}`);
}
