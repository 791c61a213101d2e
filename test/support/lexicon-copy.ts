/** A writable copy of the fixture lexicons for tests that edit, publish or follow a lexicon. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_LEXICONS } from "./engine.js";

/** A fresh copy of test/fixtures/lexicons in a temporary folder (`tag` names it), edited by `edit` if given. */
export function copyLexicons(tag: string, edit?: (dir: string) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), `hegui-${tag}-`)), "lex");
  cpSync(FIXTURE_LEXICONS, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

/** An extra entry appended to the copy's counterfeit.yaml. */
export function addEntry(dir: string, entry: string): void {
  const f = join(dir, "counterfeit.yaml");
  writeFileSync(f, readFileSync(f, "utf8") + entry);
}

/** An entry whose term is in no fixture lexicon (山寨货), with its examples. */
export const SHANZHAI = "  - id: fx.shanzhai\n    terms: [山寨货]\n    examples: {hit: [这是山寨货], miss: [山寨里的风景]}\n";
