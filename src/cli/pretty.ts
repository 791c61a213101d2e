/** Human-readable verdicts: the text with violations highlighted. */
import { fieldText } from "../doc/document.js";
import type { Item, Verdict, Violation } from "../types.js";

const COLORS = [31, 33, 35, 36, 32, 34, 91, 93, 95, 96, 92, 94, 41, 43, 45, 46];
const CATEGORY_INDEX = new Map<string, number>();

function color(cat: string, s: string, tty: boolean): string {
  if (!tty) return `[${s}]`;
  if (!CATEGORY_INDEX.has(cat)) CATEGORY_INDEX.set(cat, CATEGORY_INDEX.size);
  return `\x1b[1;${COLORS[CATEGORY_INDEX.get(cat)! % COLORS.length]}m${s}\x1b[0m`;
}

function highlight(text: string, vs: Violation[], tty: boolean): string {
  const marks = vs.flatMap((v) => v.spans.map((s) => ({ ...s, cat: v.category }))).sort((a, b) => a.start - b.start);
  let out = "";
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    out += text.slice(pos, m.start) + color(m.cat, text.slice(m.start, m.end), tty);
    pos = m.end;
  }
  return out + text.slice(pos);
}

export function formatPretty(item: Item | undefined, v: Verdict, tty: boolean): string {
  const head = `── ${v.id}  ${v.decision.toUpperCase()}  score ${v.score}`;
  const lines = [tty ? `\x1b[1m${head}\x1b[0m` : head];
  if (item) {
    const fields = new Set<string>(["text", "listing.title", "listing.description"]);
    (item.fragments ?? []).forEach((_, i) => fields.add(`fragments[${i}].text`));
    (item.listing?.sellingPoints ?? []).forEach((_, i) => fields.add(`listing.sellingPoints[${i}]`));
    for (const f of fields) {
      const t = fieldText(item, f);
      if (typeof t !== "string" || (item.channel !== "listing" && f.startsWith("listing."))) continue;
      const vs = v.violations.filter((x) => x.spans.some((s) => s.field === f)).map((x) => ({ ...x, spans: x.spans.filter((s) => s.field === f) }));
      lines.push(`   ${f}: ${highlight(t, vs, tty)}`);
    }
  }
  for (const x of v.violations) {
    lines.push(`   • ${color(x.category, x.category, tty)} ${x.severity} ${x.confidence.toFixed(2)}  「${x.matched}」 ${x.field}:${x.start}-${x.end}`);
    lines.push(`     rule: ${x.rule}  (${x.ruleId})`);
    if (x.suggestion) lines.push(`     suggestion: ${x.suggestion}`);
  }
  return lines.join("\n");
}
