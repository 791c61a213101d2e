/** A lexicon that cannot be loaded: every problem names the file, the entry and the field. */
export interface LexiconProblem {
  file: string;
  entry?: string;
  field?: string;
  line?: number;
  message: string;
}

export function formatProblem(p: LexiconProblem): string {
  const where = [p.file + (p.line ? `:${p.line}` : "")];
  if (p.entry) where.push(`entry ${p.entry}`);
  if (p.field) where.push(`field ${p.field}`);
  return `${where.join(", ")}: ${p.message}`;
}

export class LexiconError extends Error {
  constructor(readonly problems: LexiconProblem[]) {
    super(
      `lexicon invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.slice(0, 50).map((p) => "  " + formatProblem(p)).join("\n"),
    );
    this.name = "LexiconError";
  }
}
