/** What a CLI command writes to, so tests can run commands in-process too. */
import { statSync } from "node:fs";

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  stdoutIsTTY: boolean;
  /** Colours in human output (NO_COLOR / FORCE_COLOR, else a terminal); unset: none. */
  color?: boolean;
}

export const EXIT = { CLEAN: 0, VIOLATIONS: 1, BAD_INPUT: 2 } as const;

export class UsageError extends Error {}

/**
 * Colours on or off, as https://no-color.org and FORCE_COLOR ask: a non-empty
 * NO_COLOR turns them off, FORCE_COLOR (other than 0/false) turns them on,
 * otherwise a terminal that is not TERM=dumb gets them.
 */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return isTTY && env.TERM !== "dumb";
}

/** Plain words for the errno codes a reader meets. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
};

/** `cannot read FILE: no such file` for an fs error, else undefined. */
export function readErrorMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  const words = err?.code ? ERRNO_WORDS[err.code] : undefined;
  if (!words || !err.path) return undefined;
  return `cannot read ${err.path}: ${words}`;
}

/** Throw a UsageError (exit 2) unless every input file can be opened; "-" is stdin. */
export function checkInputFiles(files: string[]): void {
  for (const f of files) {
    if (f === "-") continue;
    let isDir = false;
    try {
      isDir = statSync(f).isDirectory();
    } catch (e) {
      throw new UsageError(readErrorMessage(e) ?? `cannot read ${f}: ${(e as Error).message}`);
    }
    if (isDir) throw new UsageError(`cannot read ${f}: is a directory`);
  }
}

export const processIO: CliIO = {
  out: (l) => {
    process.stdout.write(l + "\n");
  },
  err: (l) => {
    process.stderr.write(l + "\n");
  },
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  color: wantsColor(Boolean(process.stdout.isTTY)),
};
