/**
 * A Document is one item's text, normalized: its fields (text, fragments, listing
 * fields) normalized one by one and joined, with a map from every normalized
 * character back to its field and original offsets.
 */
import { SEP_STRONG, SEP_WEAK } from "../normalize/chars.js";
import { normalize, type NormText } from "../normalize/normalize.js";
import type { VariantMap } from "../normalize/variants.js";
import type { Item, Span } from "../types.js";

export interface Segment {
  field: string;
  original: string;
  norm: NormText;
  /** Offset of this segment in the document's normalized text. */
  offset: number;
}

export interface Document {
  item: Item;
  segments: Segment[];
  /** Normalized text of all segments, joined. */
  text: string;
  /** Separator strength before each character (segment joins included). */
  sep: Uint8Array;
  /** Segment index of each character. */
  segAt: Int32Array;
}

/** The fields of an item that are judged, in order. */
export function itemFields(item: Item): Array<{ field: string; text: string; join: number }> {
  const out: Array<{ field: string; text: string; join: number }> = [];
  if (item.channel === "listing" && item.listing) {
    const l = item.listing;
    if (typeof l.title === "string") out.push({ field: "listing.title", text: l.title, join: SEP_STRONG });
    if (typeof l.description === "string") out.push({ field: "listing.description", text: l.description, join: SEP_STRONG });
    (l.sellingPoints ?? []).forEach((t, i) => {
      if (typeof t === "string") out.push({ field: `listing.sellingPoints[${i}]`, text: t, join: SEP_STRONG });
    });
  }
  if (typeof item.text === "string") out.push({ field: "text", text: item.text, join: SEP_STRONG });
  (item.fragments ?? []).forEach((f, i) => {
    // Consecutive captions may split a word: joined with a weak boundary.
    out.push({ field: `fragments[${i}].text`, text: f.text, join: SEP_WEAK });
  });
  return out;
}

export function buildDocument(item: Item, variants: VariantMap): Document {
  const segments: Segment[] = [];
  let text = "";
  const seps: Uint8Array[] = [];
  let offset = 0;
  for (const { field, text: original, join } of itemFields(item)) {
    const norm = normalize(original, variants);
    const sep = norm.sep.slice();
    if (norm.text.length > 0) sep[0] = segments.length === 0 ? SEP_STRONG : Math.max(sep[0], join);
    segments.push({ field, original, norm, offset });
    text += norm.text;
    seps.push(sep);
    offset += norm.text.length;
  }
  const sep = new Uint8Array(text.length);
  const segAt = new Int32Array(text.length);
  let pos = 0;
  segments.forEach((s, k) => {
    sep.set(seps[k], pos);
    segAt.fill(k, pos, pos + s.norm.text.length);
    pos += s.norm.text.length;
  });
  return { item, segments, text, sep, segAt };
}

/** Original-text spans of the document range [start, end), one per field it touches. */
export function spansOf(doc: Document, start: number, end: number): Span[] {
  if (end <= start) return [];
  let k = doc.segAt[start];
  const last = doc.segAt[end - 1];
  if (k === last) {
    // One segment (almost every hit): a list of one span made as such (not grown from an empty list,
    // which sets aside room for more: a dense text has thousands of hits).
    const seg = doc.segments[k];
    const s = Math.max(start, seg.offset) - seg.offset;
    const e = Math.min(end, seg.offset + seg.norm.text.length) - seg.offset;
    return e <= s ? [] : [{ field: seg.field, start: seg.norm.src[s], end: seg.norm.srcEnd[e - 1] }];
  }
  const spans: Span[] = [];
  for (; k <= last; k++) {
    const seg = doc.segments[k];
    const s = Math.max(start, seg.offset) - seg.offset;
    const e = Math.min(end, seg.offset + seg.norm.text.length) - seg.offset;
    if (e <= s) continue;
    spans.push({ field: seg.field, start: seg.norm.src[s], end: seg.norm.srcEnd[e - 1] });
  }
  return spans;
}

const byField = new WeakMap<Document, Map<string, Segment>>();

/** The segment of a field, by a map built once per document (a caption may have thousands of fragments). */
export function segmentOf(doc: Document, field: string): Segment | undefined {
  let m = byField.get(doc);
  if (!m) {
    m = new Map();
    for (const s of doc.segments) if (!m.has(s.field)) m.set(s.field, s);
    byField.set(doc, m);
  }
  return m.get(field);
}

/** The original text of an item field, named as buildDocument names it (text, fragments[i].text, listing.title …). */
export function fieldText(item: Item, field: string): string | undefined {
  if (field === "text") return item.text;
  let m = /^fragments\[(\d+)\]\.text$/.exec(field);
  if (m) return item.fragments?.[Number(m[1])]?.text;
  if (field === "listing.title") return item.listing?.title;
  if (field === "listing.description") return item.listing?.description;
  m = /^listing\.sellingPoints\[(\d+)\]$/.exec(field);
  if (m) return item.listing?.sellingPoints?.[Number(m[1])];
  return undefined;
}
