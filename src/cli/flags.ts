/**
 * The option tables of the CLI commands: a command lists its flags by kind (string-valued,
 * boolean, repeatable) instead of spelling out one node:util parseArgs config object per flag.
 * The result is the `options` argument of parseArgs, typed so that `values` keeps its types.
 */
import { UsageError } from "./io.js";

type Names = readonly string[];
type Config<S extends Names, B extends Names, L extends Names> = { [K in S[number]]: { type: "string"; short?: string } } & {
  [K in B[number]]: { type: "boolean"; short?: string };
} & { [K in L[number]]: { type: "string"; multiple: true; short?: string } };

export interface FlagTable<S extends Names, B extends Names, L extends Names> {
  /** Flags that take a value (`--out FILE`). */
  string?: S;
  /** Flags that are on or off (`--json`). */
  boolean?: B;
  /** Flags that take a value and may be repeated (`--violation A --violation B`). */
  list?: L;
  /** One-letter aliases: flag name -> letter. */
  short?: Partial<Record<S[number] | B[number] | L[number], string>>;
}

export function flags<const S extends Names = [], const B extends Names = [], const L extends Names = []>(table: FlagTable<S, B, L>): Config<S, B, L> {
  const out: Record<string, { type: "string" | "boolean"; multiple?: true; short?: string }> = {};
  const short = (table.short ?? {}) as Record<string, string | undefined>;
  const add = (names: Names | undefined, conf: { type: "string" | "boolean"; multiple?: true }) => {
    for (const name of names ?? []) out[name] = short[name] === undefined ? { ...conf } : { ...conf, short: short[name] };
  };
  add(table.string, { type: "string" });
  add(table.boolean, { type: "boolean" });
  add(table.list, { type: "string", multiple: true });
  return out as Config<S, B, L>;
}

/** A flag that must be a positive integer when given; `name` is the flag as the user typed it. */
export function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, not ${v}`);
  return n;
}
