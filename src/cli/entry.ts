/** Process entry: registers every command module, runs, and exits with its code. */
import { run } from "./main.js";
import "./commands.js";

export async function main(argv: string[]): Promise<void> {
  try {
    const code = await run(argv);
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`hegui: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  }
}
