/** config/policy.json: validated with field paths, and every field documented in docs/scoring.md. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/score/policy.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const raw = JSON.parse(readFileSync(`${root}config/policy.json`, "utf8")) as Record<string, unknown>;
const doc = readFileSync(`${root}docs/scoring.md`, "utf8");

/** Dotted paths of every field; arrays of objects as `[]`. */
function paths(v: unknown, at = ""): string[] {
  if (Array.isArray(v)) return v.length && typeof v[0] === "object" ? [at, ...paths(v[0], `${at}[]`)] : [at];
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [`${at ? `${at}.` : ""}${k}`, ...paths(x, `${at ? `${at}.` : ""}${k}`)].filter((p, i, a) => a.indexOf(p) === i));
  return [at];
}

describe("policy", () => {
  it("the shipped policy is valid", () => {
    expect(() => parsePolicy(raw, "config/policy.json")).not.toThrow();
  });
  it("errors name the file and the field", () => {
    const bad = structuredClone(raw) as { penalties: { credit: { resetAt: string } } };
    bad.penalties.credit.resetAt = "31-12 23:59";
    expect(() => parsePolicy(bad, "config/policy.json")).toThrow(/config\/policy\.json: penalties\.credit\.resetAt/);
  });
  it("every field is documented in docs/scoring.md", () => {
    const fields = paths(raw).filter((p) => p && p !== "$comment");
    // Per-channel and per-severity keys are documented once, by their pattern.
    const generic = (p: string) =>
      p.replace(/^channels\.(caption|script|listing)/, "channels.<channel>").replace(/(severityWeight|\.deposit|\.points)\.(minor|general|severe|extreme)$/, "$1.<severity>");
    const undocumented = [...new Set(fields.map(generic))].filter((p) => !doc.includes(`\`${p}\``));
    expect(undocumented).toEqual([]);
  });
});
