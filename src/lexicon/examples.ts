/** Run every entry's must-hit / must-not-hit examples through the engine. */
import type { Engine } from "../engine.js";
import { fixItem } from "../fix/apply.js";
import type { Channel, Item, Violation } from "../types.js";
import type { CompiledEntry } from "./compile.js";
import { exampleText } from "./schema.js";
import { buildDocument } from "../doc/document.js";
import { conceptCandidates, type CompiledConceptRule } from "../semantic/concepts.js";

export interface ExampleFailure {
  file: string;
  entry: string;
  field: string;
  example: string;
  message: string;
}

export function exampleItem(entry: CompiledEntry, text: string, n: number): Item {
  const channel: Channel = entry.channels?.[0] ?? "script";
  if (text.startsWith("listing:") || channel === "listing") {
    return { id: `${entry.id}#${n}`, channel: "listing", listing: { title: text.replace(/^listing:/, "") } };
  }
  return { id: `${entry.id}#${n}`, channel, text };
}

export function checkEntryExamples(engine: Engine, entry: CompiledEntry): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  // The whole pipeline (classifier blend and threshold included): an example hits only if
  // a verdict reports the entry, itself or absorbed into an overlapping violation of its category.
  const absorbed = `absorbed ${entry.id} `;
  const mine = (v: Violation) => v.ruleId === entry.id || (v.explain?.steps ?? []).some((s) => s.step === "merge" && s.note.startsWith(absorbed));
  const run = (text: string, n: number) => engine.review(exampleItem(entry, text, n)).violations.some(mine);
  entry.examples.hit.forEach((spec, i) => {
    const ex = exampleText(spec);
    const item = exampleItem(entry, ex, i);
    const found = engine.review(item).violations.filter(mine);
    const v = found[0];
    if (!v) {
      failures.push({ file: entry.file, entry: entry.id, field: `examples.hit.${i}`, example: ex, message: "expected a hit, got none" });
      return;
    }
    // A stated span: some hit rests on exactly those words.
    if (typeof spec !== "string" && !found.some((f) => f.matched === spec.span)) {
      failures.push({ file: entry.file, entry: entry.id, field: `examples.hit.${i}.span`, example: ex, message: `expected the hit on "${spec.span}", got ${found.map((f) => `"${f.matched}"`).join(", ")}` });
    }
    // A fix must do what it says: the fixed example no longer reports the entry.
    if (v.fix) {
      const r = fixItem(engine, item);
      if (r.after.violations.some(mine)) {
        failures.push({ file: entry.file, entry: entry.id, field: `examples.hit.${i}`, example: ex, message: `still a hit after its fix: ${r.changes.map((c) => c.after).join(" / ")}` });
      }
    }
  });
  entry.examples.miss.forEach((ex, i) => {
    if (run(ex, 100 + i)) {
      failures.push({ file: entry.file, entry: entry.id, field: `examples.miss.${i}`, example: ex, message: "expected no hit, got one" });
    }
  });
  return failures;
}

/**
 * A concept rule's examples: on a hit example the rule fires and the verdict reports its
 * category (by the rule, or by an entry it yielded to); on a miss example the rule does not fire.
 */
export function checkConceptExamples(engine: Engine, rule: CompiledConceptRule): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const channel: Channel = rule.channels?.[0] ?? "script";
  const lex = engine.lexicon;
  const only = { ...lex.concepts, rules: [rule] };
  const item = (text: string, n: number): Item =>
    channel === "listing" ? { id: `${rule.id}#${n}`, channel, listing: { title: text } } : { id: `${rule.id}#${n}`, channel, text };
  const fires = (it: Item) => conceptCandidates(only, buildDocument(it, lex.variants)).length > 0;
  rule.examples.hit.forEach((spec, i) => {
    const ex = exampleText(spec);
    const it = item(ex, i);
    if (!fires(it)) {
      failures.push({ file: rule.file, entry: rule.id, field: `examples.hit.${i}`, example: ex, message: "expected the rule to fire, it did not" });
      return;
    }
    const found = engine.review(it).violations.filter((v) => v.category === rule.category);
    if (found.length === 0) {
      failures.push({ file: rule.file, entry: rule.id, field: `examples.hit.${i}`, example: ex, message: `expected a ${rule.category} violation, got none` });
    } else if (typeof spec !== "string" && !found.some((f) => f.matched === spec.span)) {
      failures.push({ file: rule.file, entry: rule.id, field: `examples.hit.${i}.span`, example: ex, message: `expected the ${rule.category} violation on "${spec.span}", got ${found.map((f) => `"${f.matched}"`).join(", ")}` });
    }
  });
  rule.examples.miss.forEach((ex, i) => {
    if (fires(item(ex, 100 + i))) failures.push({ file: rule.file, entry: rule.id, field: `examples.miss.${i}`, example: ex, message: "expected no hit, got one" });
  });
  return failures;
}

export function checkAllExamples(engine: Engine): ExampleFailure[] {
  return [...engine.lexicon.entries.flatMap((e) => checkEntryExamples(engine, e)), ...engine.lexicon.concepts.rules.flatMap((r) => checkConceptExamples(engine, r))];
}
