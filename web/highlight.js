// Where each violation sits in the editor text, and the text cut into pieces for highlighting.
import { SEVERITY_RANK } from "./labels.js";

/** The violation's spans in the `text` field (the editor), empty when it rests on another field. */
export function textSpans(v) {
  const spans = (v.spans ?? []).filter((s) => s.field === "text");
  if (spans.length) return spans;
  return v.field === "text" ? [{ field: "text", start: v.start, end: v.end }] : [];
}

/** True while the text still holds what the violation matched, where it matched it. */
export function stillInPlace(text, v) {
  const spans = textSpans(v);
  if (!spans.length) return false;
  return spans.map((s) => text.slice(s.start, s.end)).join("") === v.matched;
}

/**
 * The text cut at every span boundary: [{start, end, ids}] covering the whole text,
 * `ids` the indexes of the violations over that piece (empty for plain text).
 */
export function segments(text, violations) {
  const spans = [];
  violations.forEach((v, i) => {
    for (const s of textSpans(v)) if (s.start >= 0 && s.end <= text.length && s.end > s.start) spans.push({ ...s, i });
  });
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k];
    const end = points[k + 1];
    const ids = [...new Set(spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.i))];
    const prev = out[out.length - 1];
    if (prev && prev.ids.join() === ids.join()) prev.end = end;
    else out.push({ start, end, ids });
  }
  return out;
}

/** Of several violations over one piece, the one whose colour shows: most severe, then most confident. */
export function primary(violations, ids) {
  return ids
    .map((i) => violations[i])
    .sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || b.confidence - a.confidence)[0];
}
