/**
 * The labelled development set: HEGUI_DEV_SET if set, else ../shared/eval/dev.jsonl
 * beside the repository (undefined where neither exists, e.g. a clone elsewhere).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function devSetPath(): string | undefined {
  const candidates = [process.env.HEGUI_DEV_SET, fileURLToPath(new URL("../../../shared/eval/dev.jsonl", import.meta.url))];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!));
}

/** The dev set, or the repository's own labelled hold-out set in the same format. */
export const LABELLED_SET = devSetPath() ?? fileURLToPath(new URL("../../samples/holdout.jsonl", import.meta.url));
