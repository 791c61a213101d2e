/**
 * 三无产品 (001 《抖音小店运营规范》出售三无产品): a product with no production
 * date, no quality certificate or no manufacturer, read from the listing's
 * attributes. A field is missing when its key is present with an empty value
 * ("无", "", null …) — or, with `absentCounts`, when no key names it.
 */
import { createHash } from "node:crypto";
import type { Item } from "../../types.js";
import type { PenaltyPolicy } from "../policy.js";

export type SanwuField = "productionDate" | "certificate" | "manufacturer";

export interface SanwuFinding {
  /** Stable id of the finding (like a violation id: appeals name it). */
  id: string;
  kind: "sanwu";
  missing: SanwuField[];
  /** The attribute key and raw value each missing field was judged from ("(absent)" when no key). */
  evidence: Record<string, string>;
}

function isEmpty(v: unknown, empty: Set<string>): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (Array.isArray(v)) return v.every((x) => isEmpty(x, empty));
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return empty.has(String(v).trim().toLowerCase());
}

export function findSanwu(item: Item, p: PenaltyPolicy["sanwu"]): SanwuFinding | null {
  if (!p.enabled || !p.channels.includes(item.channel)) return null;
  const attrs = item.listing?.attributes;
  if (!attrs || typeof attrs !== "object") return null;
  const empty = new Set(p.emptyValues.map((v) => v.trim().toLowerCase()));
  const keys = Object.keys(attrs);
  const missing: SanwuField[] = [];
  const evidence: Record<string, string> = {};
  for (const [field, aliases] of Object.entries(p.fields) as Array<[SanwuField, string[]]>) {
    const lower = aliases.map((a) => a.toLowerCase());
    const found = keys.filter((k) => lower.some((a) => k.toLowerCase().includes(a)));
    if (found.length === 0) {
      if (p.absentCounts) {
        missing.push(field);
        evidence[field] = "(absent)";
      }
      continue;
    }
    if (found.every((k) => isEmpty(attrs[k], empty))) {
      missing.push(field);
      evidence[field] = found.map((k) => `${k}=${JSON.stringify(attrs[k])}`).join(", ");
    }
  }
  if (missing.length < p.minMissing) return null;
  const id = `s${createHash("sha1").update(`${item.id}\0sanwu`).digest("hex").slice(0, 11)}`;
  return { id, kind: "sanwu", missing, evidence };
}
