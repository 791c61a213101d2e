/** Human-readable verdicts: the text with violations highlighted, Chinese labels with the English ids, and a totals line. */
import pc from "picocolors";
import { fieldText } from "../doc/document.js";
import type { Decision, Item, Verdict, Violation } from "../types.js";
import { categoryLabel, decisionLabel, severityLabel } from "./labels.js";

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (s: string) => string;

function palette(c: Colors): Paint[] {
  return [c.red, c.yellow, c.magenta, c.cyan, c.green, c.blue, c.redBright, c.yellowBright, c.magentaBright, c.cyanBright, c.greenBright, c.blueBright];
}

const CATEGORY_INDEX = new Map<string, number>();

function categoryPaint(cat: string, c: Colors): Paint {
  if (!CATEGORY_INDEX.has(cat)) CATEGORY_INDEX.set(cat, CATEGORY_INDEX.size);
  const p = palette(c);
  const paint = p[CATEGORY_INDEX.get(cat)! % p.length];
  return (s) => c.bold(paint(s));
}

/** A violating span: coloured, or in [brackets] without colours. */
function mark(cat: string, s: string, color: boolean, c: Colors): string {
  return color ? categoryPaint(cat, c)(s) : `[${s}]`;
}

function highlight(text: string, vs: Violation[], color: boolean, c: Colors): string {
  const marks = vs.flatMap((v) => v.spans.map((s) => ({ ...s, cat: v.category }))).sort((a, b) => a.start - b.start);
  let out = "";
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    out += text.slice(pos, m.start) + mark(m.cat, text.slice(m.start, m.end), color, c);
    pos = m.end;
  }
  return out + text.slice(pos);
}

function decisionPaint(d: string, c: Colors): Paint {
  return d === "block" ? c.red : d === "review" ? c.yellow : d === "pass" ? c.green : (s) => s;
}

export function formatPretty(item: Item | undefined, v: Verdict, color: boolean): string {
  const c = pc.createColors(color);
  const head = `── ${v.id}  ${decisionPaint(v.decision, c)(decisionLabel(v.decision))}  score ${v.score}`;
  const lines = [c.bold(head)];
  if (item) {
    const fields = new Set<string>(["text", "listing.title", "listing.description"]);
    (item.fragments ?? []).forEach((_, i) => fields.add(`fragments[${i}].text`));
    (item.listing?.sellingPoints ?? []).forEach((_, i) => fields.add(`listing.sellingPoints[${i}]`));
    for (const f of fields) {
      const t = fieldText(item, f);
      if (typeof t !== "string" || (item.channel !== "listing" && f.startsWith("listing."))) continue;
      const vs = v.violations.filter((x) => x.spans.some((s) => s.field === f)).map((x) => ({ ...x, spans: x.spans.filter((s) => s.field === f) }));
      lines.push(`   ${f}: ${highlight(t, vs, color, c)}`);
    }
  }
  for (const x of v.violations) {
    const cat = color ? categoryPaint(x.category, c)(categoryLabel(x.category)) : categoryLabel(x.category);
    lines.push(`   • ${cat}  ${severityLabel(x.severity)}  ${x.confidence.toFixed(2)}  「${x.matched}」 ${x.field}:${x.start}-${x.end}`);
    lines.push(`     ${c.dim("rule:")} ${x.rule}  (${x.ruleId})`);
    if (x.suggestion) lines.push(`     ${c.dim("suggestion:")} ${x.suggestion}`);
  }
  return lines.join("\n");
}

/** Counts for the closing line of pretty output. */
export class Totals {
  items = 0;
  violations = 0;
  errors = 0;
  readonly decisions: Record<Decision, number> = { pass: 0, review: 0, block: 0 };

  add(v: Verdict): void {
    this.items++;
    this.violations += v.violations.length;
    if (v.decision in this.decisions) this.decisions[v.decision]++;
  }

  /** `合计 3 items: 通过 pass 1, 需复核 review 1, 拦截 block 1; 4 violations; 1 error` */
  format(color: boolean): string {
    const c = pc.createColors(color);
    const d = this.decisions;
    let s = `合计 ${this.items} item${this.items === 1 ? "" : "s"}: ${c.green(`通过 pass ${d.pass}`)}, ${c.yellow(`需复核 review ${d.review}`)}, ${c.red(`拦截 block ${d.block}`)}; ${this.violations} violation${this.violations === 1 ? "" : "s"}`;
    if (this.errors) s += `; ${this.errors} error${this.errors === 1 ? "" : "s"}`;
    return c.bold(s);
  }
}
