/** Stable violation ids: the same finding on the same item always gets the same id (appeals and ledger dedupe rely on it). */
import * as crypto from "node:crypto";
import type { Candidate } from "../types.js";

export function violationId(itemId: string, c: Pick<Candidate, "category" | "ruleId" | "field" | "start" | "end">): string {
  const h = sha1Hex(`${itemId}\0${c.category}\0${c.ruleId}\0${c.field}\0${c.start}\0${c.end}`);
  return `v${h.slice(0, 11)}`;
}

/** SHA-1 of a string (UTF-8) in hex: the one-shot `crypto.hash` where Node has it (no Hash object per id), else a Hash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const sha1Hex: (s: string) => string = oneShot
  ? (s) => oneShot("sha1", s, "hex")
  : (s) => crypto.createHash("sha1").update(s).digest("hex");
