/**
 * Features of a hit's context window for the claim classifier: jieba words
 * (natural's tokenizers drop Chinese) of the text either side of the term, the
 * words right next to it, quotation marks around it, and its category.
 */
import { toSimplified } from "../normalize/t2s.js";
import { tokenize } from "../tokenize/jieba.js";

/** Sentence ends: the window never crosses them. */
const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "；", ";", "\n", "\r"]);
/** The same by UTF-16 code (each is one unit), for the window scan. */
export const END_CODES = new Uint8Array(0x10000);
for (const c of SENTENCE_END) END_CODES[c.charCodeAt(0)] = 1;
/** Quotation marks (not 【】 or 《》: those frame titles and stage directions). */
const OPEN_QUOTES = new Set([..."“‘「『\"'"]);
const CLOSE_QUOTES = new Set([..."”’」』\"'"]);

export interface Window {
  left: string;
  term: string;
  right: string;
}

/** Up to `size` characters either side of [start, end) in `text`, within the sentence. */
export function contextWindow(text: string, start: number, end: number, size: number): Window {
  let s = start;
  while (s > 0 && start - s < size && END_CODES[text.charCodeAt(s - 1)] !== 1) s--;
  let e = end;
  while (e < text.length && e - end < size && END_CODES[text.charCodeAt(e)] !== 1) e++;
  return { left: text.slice(s, start), term: text.slice(start, end), right: text.slice(end, e) };
}

/** Full-width → half-width, lower case, traditional → simplified. */
function fold(s: string): string {
  return toSimplified([...s.normalize("NFKC").toLowerCase()]).join("");
}

function words(s: string): string[] {
  if (!s) return [];
  return tokenize(s, new Uint8Array(s.length)).words.filter((w) => w.trim().length > 0);
}

/** Words only (no punctuation), for the bag of words. */
const WORDLIKE = /[\p{L}\p{N}]/u;

export function features(w: Window, category?: string): string[] {
  const left = fold(w.left);
  const right = fold(w.right);
  const lw = words(left);
  const rw = words(right);
  const out = new Set<string>();
  for (const x of lw) if (WORDLIKE.test(x)) out.add(x);
  for (const x of rw) if (WORDLIKE.test(x)) out.add(x);
  const l1 = [...lw].reverse().find((x) => WORDLIKE.test(x));
  const r1 = rw.find((x) => WORDLIKE.test(x));
  if (l1) out.add(`L1:${l1}`);
  if (r1) out.add(`R1:${r1}`);
  // The two characters right before the term (不是, 别说, 禁用 …), whatever jieba made of them.
  const lc = left.replace(/[\s"'“”‘’「」『』]/g, "");
  if (lc.length >= 2) out.add(`LC:${lc.slice(-2)}`);
  if (lc.length === 0) out.add("LC:^");
  const lastL = left.trimEnd().slice(-1);
  const firstR = right.trimStart().slice(0, 1);
  if (OPEN_QUOTES.has(lastL)) out.add("Q:open");
  if (CLOSE_QUOTES.has(firstR)) out.add("Q:close");
  if (/[?？吗呢]/.test(right)) out.add("Q:question");
  if (category) out.add(`C:${category}`);
  return [...out];
}
