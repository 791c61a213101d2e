/** Run every entry's must-hit / must-not-hit examples through the engine. */
import type { Engine } from "../engine.js";
import { fixItem } from "../fix/apply.js";
import type { Channel, Item, Violation } from "../types.js";
import type { CompiledEntry } from "./compile.js";

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
  entry.examples.hit.forEach((ex, i) => {
    const item = exampleItem(entry, ex, i);
    const v = engine.review(item).violations.find(mine);
    if (!v) {
      failures.push({ file: entry.file, entry: entry.id, field: `examples.hit.${i}`, example: ex, message: "expected a hit, got none" });
      return;
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

export function checkAllExamples(engine: Engine): ExampleFailure[] {
  return engine.lexicon.entries.flatMap((e) => checkEntryExamples(engine, e));
}
