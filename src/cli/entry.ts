/** Process entry: registers every command module, runs, and exits with its code. */
import { run } from "./main.js";
import "./commands.js";

/**
 * The reader of stdout went away (`hegui scan … | head -1`): there is no one to
 * tell, so stop at once, quietly, with exit 0 as other Unix filters do.
 */
function quietOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") process.exit(0);
    process.stderr.write(`hegui: cannot write to stdout: ${e.message}\n`);
    process.exit(2);
  });
  process.stderr.on("error", () => {});
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  try {
    const code = await run(argv);
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`hegui: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  }
}
