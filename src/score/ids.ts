/** Stable violation ids: the same finding on the same item always gets the same id (appeals and ledger dedupe rely on it). */
import { createHash } from "node:crypto";
import type { Candidate } from "../types.js";

export function violationId(itemId: string, c: Pick<Candidate, "category" | "ruleId" | "field" | "start" | "end">): string {
  const h = createHash("sha1").update(`${itemId}\0${c.category}\0${c.ruleId}\0${c.field}\0${c.start}\0${c.end}`).digest("hex");
  return `v${h.slice(0, 11)}`;
}
