/**
 * Structured logs (pino): JSON lines on stderr by default, pretty when stderr is a
 * terminal (or HEGUI_LOG_FORMAT=pretty; =json forces JSON). Level from HEGUI_LOG_LEVEL
 * (default info). Every line of a request carries its `reqId`. JSON lines have the
 * shape of the workers' (src/queue/logger.ts): `level` as a word, `name` the process.
 */
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** "json" or "pretty"; default: pretty on a terminal, else JSON. */
  format?: "json" | "pretty";
  /** Where lines go (default: stderr). */
  destination?: NodeJS.WritableStream;
  /** Bound to every line (e.g. `{service: "hegui-serve"}`). */
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env.HEGUI_LOG_LEVEL ?? "info";
  const dest = opts.destination ?? process.stderr;
  const envFormat = process.env.HEGUI_LOG_FORMAT;
  const format = opts.format ?? (envFormat === "json" || envFormat === "pretty" ? envFormat : (dest as NodeJS.WriteStream).isTTY ? "pretty" : "json");
  const base = { pid: process.pid, ...opts.base };
  if (format === "pretty") return pino({ level, base }, pretty({ destination: dest, colorize: Boolean((dest as NodeJS.WriteStream).isTTY), sync: true }));
  return pino({ level, base, timestamp: pino.stdTimeFunctions.isoTime, formatters: LEVEL_LABEL }, dest);
}

/** `"level":"info"`, not pino's `30`: the same line shape as `hegui workers` (src/queue/logger.ts), one parser for both. */
const LEVEL_LABEL = { level: (label: string) => ({ level: label }) };

/** A logger whose JSON lines go to a `(line) => void` callback (the old `log` option; tests pass `() => {}`). */
export function callbackLogger(log: (line: string) => void, level = "info"): Logger {
  return pino({ level, timestamp: pino.stdTimeFunctions.isoTime, formatters: LEVEL_LABEL }, { write: (s: string) => log(s.replace(/\n$/, "")) });
}
