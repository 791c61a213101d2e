/**
 * attribute_mismatch, origin: a place of another province or country than the
 * listing's origin attribute (这是新疆阿克苏的 with 产地 山东烟台), and an import
 * claim on goods of domestic origin.
 */
import { occurrences } from "../rule.js";
import { aspectRule, claimOk, has, PLACE_DATA, placeTables, reportClaim, shippingNote, splitWord } from "./shared.js";

export const originRule = aspectRule(
  "place and import claims checked against the listing's origin attribute",
  { ...PLACE_DATA, importCues: "list" },
  ({ ctx, data, report }, attrs) => {
    const { region, placeNames: names, placeScan, placeNot, provinces } = placeTables(data);
    const origin = attrs.filter((a) => a.kind === "origin");
    const originRegions = new Set<string>();
    for (const a of origin) for (const o of occurrences(a.value, names)) originRegions.add(region.get(o.term)!);
    if (originRegions.size === 0) return;
    const where = () => origin.map((a) => a.raw).join(" / ");
    for (const c of occurrences(ctx.text, placeScan)) {
      if (placeNot.has(c.term) || !claimOk(ctx, c.start) || splitWord(ctx, c.start, c.end)) continue;
      if (has(attrs, c.term)) continue;
      if (shippingNote(ctx, data, c.start, c.end)) continue;
      const reg = region.get(c.term)!;
      if (originRegions.has(reg)) continue;
      reportClaim(report, "origin", c, `claims ${c.term} (${reg}); listing origin is ${where()}`, origin);
    }
    const domestic = [...originRegions].every((r) => provinces.has(r));
    if (domestic) {
      for (const c of occurrences(ctx.text, data.list("importCues"))) {
        if (!claimOk(ctx, c.start)) continue;
        reportClaim(report, "origin", c, `claims ${c.term}; listing origin is domestic: ${where()}`, origin);
      }
    }
  },
);
