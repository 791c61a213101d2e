/**
 * Chinese labels for the terminal: the review page's web/labels.js is the one
 * list of them, read here when the CLI starts (a missing label is an error
 * naming the file and the id).
 */
import { pathToFileURL } from "node:url";
import { CATEGORIES, DECISIONS, SEVERITIES } from "../constants.js";
import { packagePath } from "../io/paths.js";
import type { Category, Decision, Severity } from "../types.js";

interface PageLabels {
  CATEGORY_NAMES: Record<string, string>;
  SEVERITY_NAMES: Record<string, string>;
  DECISIONS: Record<string, { label: string }>;
}

const LABELS_FILE = packagePath("web", "labels.js");
const page = (await import(pathToFileURL(LABELS_FILE).href)) as PageLabels;

/** The label of every id, in the order of the id list; a missing one is an error. */
function labelsOf<K extends string>(ids: readonly K[], names: Record<string, string>, what: string): Record<K, string> {
  const missing = ids.filter((id) => typeof names[id] !== "string");
  if (missing.length) throw new Error(`${LABELS_FILE}: no ${what} label for ${missing.join(", ")}`);
  return Object.fromEntries(ids.map((id) => [id, names[id]])) as Record<K, string>;
}

export const CATEGORY_NAMES: Record<Category, string> = labelsOf(CATEGORIES, page.CATEGORY_NAMES, "category");
export const SEVERITY_NAMES: Record<Severity, string> = labelsOf(SEVERITIES, page.SEVERITY_NAMES, "severity");
export const DECISION_NAMES: Record<Decision, string> = labelsOf(
  DECISIONS,
  Object.fromEntries(Object.entries(page.DECISIONS).map(([id, d]) => [id, d.label])),
  "decision",
);

/** `绝对化用语 absolute_claim`; an id without a label stays as it is. */
export function categoryLabel(id: string): string {
  const zh = (CATEGORY_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id}` : id;
}

export function severityLabel(id: string): string {
  const zh = (SEVERITY_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id}` : id;
}

export function decisionLabel(id: string): string {
  const zh = (DECISION_NAMES as Record<string, string>)[id];
  return zh ? `${zh} ${id.toUpperCase()}` : id.toUpperCase();
}
