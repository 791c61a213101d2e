/**
 * Structured logs of the worker processes (pino): one JSON object per line by
 * default, human-readable (pino-pretty) when stderr is a terminal.
 *
 *   HEGUI_LOG_FORMAT  json | pretty   (default: pretty on a terminal, else json)
 *   HEGUI_LOG_LEVEL   trace | debug | info | warn | error | fatal | silent  (default info)
 *
 * Every line carries `msg` (the same words as before, "hegui workers: …") and,
 * where they apply, `queue`, `jobId`, `itemId`, `lexiconVersion`, `pid`.
 * Lines go to a `(line) => void` sink (stderr by default; the CLI passes its
 * own, so tests can run commands in-process).
 */
import { pino, type Logger, type LevelWithSilent } from "pino";
import { prettyFactory } from "pino-pretty";

export type { Logger };

export type LogFormat = "json" | "pretty";

const LEVELS: readonly string[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

export interface LoggerOptions {
  /** The `name` field (default "hegui"). */
  name?: string;
  format?: LogFormat;
  level?: LevelWithSilent;
  /** Where each line goes, without its newline (default stderr). */
  sink?: (line: string) => void;
  /** Whether the sink is a terminal (picks the default format). */
  isTTY?: boolean;
}

/** The format asked for by HEGUI_LOG_FORMAT, else pretty on a terminal. */
export function logFormat(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const f = env.HEGUI_LOG_FORMAT;
  if (f === "json" || f === "pretty") return f;
  if (f) throw new Error(`HEGUI_LOG_FORMAT must be json or pretty, not ${f}`);
  return isTTY ? "pretty" : "json";
}

export function logLevel(env: NodeJS.ProcessEnv = process.env): LevelWithSilent {
  const l = env.HEGUI_LOG_LEVEL;
  if (!l) return "info";
  if (!LEVELS.includes(l)) throw new Error(`HEGUI_LOG_LEVEL must be one of ${LEVELS.join(", ")}, not ${l}`);
  return l as LevelWithSilent;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const isTTY = opts.isTTY ?? Boolean(process.stderr.isTTY);
  const format = opts.format ?? logFormat(isTTY);
  const sink = opts.sink ?? ((line: string) => void process.stderr.write(line + "\n"));
  const pretty = format === "pretty" ? prettyFactory({ colorize: isTTY, translateTime: "SYS:HH:MM:ss.l", ignore: "hostname" }) : undefined;
  const stream = {
    write(chunk: string) {
      const line = pretty ? pretty(chunk) : chunk;
      sink(line.replace(/\n$/, ""));
    },
  };
  return pino(
    {
      name: opts.name ?? "hegui",
      level: opts.level ?? logLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

/**
 * A sink that hands lines on in batches: the lines of `ms` milliseconds (or 256 lines) joined by newlines
 * in one call, so a worker that logs a line per job makes one write to stderr per batch instead of one per
 * job (each a system call: at a few hundred captions a second they were a tenth of a worker's socket and
 * pipe writes). Warnings, errors and any line not in the JSON format are written at once (with what
 * waits before them). Whatever is pending is written when the process exits; a process killed outright
 * (SIGKILL) loses at most the last `ms` of routine lines.
 */
/** A JSON log line at a routine level (the per-job lines), which may wait for its batch. */
const ROUTINE = /^\{"level":"(info|debug|trace)"/;

export function batchedSink(sink: (line: string) => void, ms = 10): (line: string) => void {
  let buf: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buf.length === 0) return;
    const out = buf.join("\n");
    buf = [];
    sink(out);
  };
  process.on("exit", flush);
  return (line) => {
    buf.push(line);
    // Only routine lines wait (JSON at info, debug or trace): a warning or an error goes out at once,
    // after whatever waits before it, so whoever watches the log sees it when it happens.
    if (buf.length >= 256 || !ROUTINE.test(line)) flush();
    else if (!timer) {
      timer = setTimeout(flush, ms);
      timer.unref();
    }
  };
}

/** A logger that keeps nothing (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
