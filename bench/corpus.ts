/**
 * The fixed benchmark corpus: the bundled samples, captions cut from the sample
 * scripts, and generated listings (the deterministic generator of tools/gen).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeLine } from "../src/io/jsonl.js";
import type { Item } from "../src/types.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function sampleItems(): Item[] {
  const out: Item[] = [];
  for (const f of ["captions.jsonl", "scripts.jsonl", "listings.jsonl"]) {
    const p = join(root, "samples", f);
    if (!existsSync(p)) continue;
    readFileSync(p, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const r = decodeLine(line, i + 1, f);
        if (r && "item" in r) out.push(r.item);
      });
  }
  return out;
}

/** Caption fragments (8–20 characters) cut from the texts of the samples, as one room's stream. */
export function captionStream(items: Item[], count: number): Item[] {
  const texts = items.map((i) => i.text ?? i.listing?.description ?? "").filter((t) => t.length > 0);
  if (texts.length === 0) texts.push("家人们今天直播间给大家带来的这款产品非常好用");
  const out: Item[] = [];
  let t = 0;
  let pos = 0;
  let seq = 0;
  while (out.length < count) {
    const text = texts[t % texts.length];
    const len = 8 + ((seq * 7) % 13);
    out.push({ id: `cap-${seq}`, channel: "caption", room: `bench-room-${seq % 20}`, seq: Math.floor(seq / 20), text: text.slice(pos, pos + len) || "好的" });
    pos += len;
    if (pos >= text.length) {
      pos = 0;
      t++;
    }
    seq++;
  }
  return out;
}

/** Generated listings, when the generator is built. */
export async function generatedListings(count: number, seed = 1): Promise<Item[]> {
  const path = "../tools/gen/listings.js"; // built by tools/gen (optional at type-check time)
  const mod = (await import(path).catch(() => undefined)) as
    | { generateListings?: (count: number, seed: number) => Iterable<Item> }
    | undefined;
  if (!mod?.generateListings) return [];
  return [...mod.generateListings(count, seed)];
}
