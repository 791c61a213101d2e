/**
 * attribute_mismatch, original parts: an original or factory part claimed
 * (原装屏, 原厂的电池, 苹果原装) while an attribute says that part is not
 * (屏幕: 国产后压屏; 电池: 拆机组装). With a part named right after the claim,
 * only an attribute on that part counts (its key or value holds the part's
 * word); a bare claim (原装的) meets any such attribute. Word lists:
 * `originalPartClaims`, `originalNotAfter`, `nonOriginalValues`, `partWords`.
 */
import type { Attr } from "../attributes.js";
import { occurrences } from "../rule.js";
import { aspectRule, claimOk, reportClaim, splitWord } from "./shared.js";

export const originalPartRule = aspectRule(
  "original-part claims checked against attributes that state a non-original part",
  { originalPartClaims: "list", originalNotAfter: "list", nonOriginalValues: "list", partWords: "list", originalPartLinks: "list", denialCues: "list", compareBefore: "list", likenessBefore: "list" },
  ({ ctx, data, report }, attrs) => {
    const nonOriginal = data.list("nonOriginalValues");
    const marked: Array<{ a: Attr; terms: string[] }> = [];
    for (const a of attrs) {
      const hits = occurrences(a.value, nonOriginal);
      if (hits.length) marked.push({ a, terms: hits.map((h) => h.term) });
    }
    if (marked.length === 0) return;
    const parts = data.list("partWords");
    const notAfter = data.list("originalNotAfter");
    const cues = data.list("denialCues");
    const like = [...data.list("compareBefore"), ...data.list("likenessBefore")];
    const links = data.list("originalPartLinks");
    const text = ctx.text;
    for (const c of occurrences(text, data.list("originalPartClaims"))) {
      if (!claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
      if (cues.some((w) => text.endsWith(w, c.start))) continue;
      const after = text.slice(c.end, Math.min(ctx.clauseEnd(c.end - 1), c.end + 6));
      // 原装进口 (an origin), 原装同款, 原厂品质: no claim that the part is the maker's own.
      const link = links.find((l) => after.startsWith(l)) ?? "";
      const rest = after.slice(link.length);
      if (notAfter.some((w) => after.startsWith(w) || rest.startsWith(w))) continue;
      const lead = text.slice(Math.max(ctx.clauseStart(c.start), c.start - 8), c.start);
      if (like.some((w) => lead.includes(w))) continue;
      // The part named right after the claim (原装屏, 原厂的电池), or before it in the clause (充电器是原装的), or none.
      const next = parts.find((p) => rest.startsWith(p));
      const part = next ?? parts.find((p) => lead.includes(p));
      const against = part ? marked.filter((m) => m.a.key.includes(part[0]) || m.a.value.includes(part[0])) : marked;
      if (against.length === 0) continue;
      const says = against.flatMap((m) => m.terms).join("、");
      reportClaim(
        report,
        "brand",
        c,
        `claims ${c.term}${part ?? ""}; listing says ${says}`,
        against.map((m) => m.a),
        { claim: text.slice(c.start, c.end + (next ? link.length + next.length : 0)) },
      );
    }
  },
);
