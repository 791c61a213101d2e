/** What a CLI command writes to, so tests can run commands in-process too. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  stdoutIsTTY: boolean;
}

export const EXIT = { CLEAN: 0, VIOLATIONS: 1, BAD_INPUT: 2 } as const;

export class UsageError extends Error {}

export const processIO: CliIO = {
  out: (l) => {
    process.stdout.write(l + "\n");
  },
  err: (l) => {
    process.stderr.write(l + "\n");
  },
  stdoutIsTTY: Boolean(process.stdout.isTTY),
};
