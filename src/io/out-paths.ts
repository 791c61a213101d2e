/**
 * Output paths checked before anything is opened: an output may not be an
 * input or another output. Paths are compared after `..`, symbolic links
 * (realpath; for a file that does not exist yet, the realpath of its nearest
 * existing directory plus the rest) and hard links (device and inode of files
 * that exist). Non-resumable outputs are written next to their target and
 * renamed into place, so a crash never leaves half a file under the real name.
 */
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A path role for messages: `--out`, `the input FILE`, `the checkpoint of --out` … */
export interface NamedPath {
  role: string;
  path: string;
}

/** Exit 2: an output would overwrite an input or another output. */
export class OutputPathError extends Error {
  readonly code = "EOUTPATH";
}

/** Absolute path with `..` and symbolic links resolved, also for a file (or directories) not created yet. */
export function resolveReal(path: string): string {
  const abs = resolve(path);
  const rest: string[] = [];
  let p = abs;
  for (;;) {
    try {
      const real = realpathSync(p);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw e;
      const parent = dirname(p);
      if (parent === p) return abs;
      rest.push(basename(p));
      p = parent;
    }
  }
}

function fileId(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Throws OutputPathError when an output resolves to an input or to another
 * output; the message names both roles, both paths as given and the file
 * they resolve to.
 */
export function checkOutputPaths(inputs: NamedPath[], outputs: NamedPath[]): void {
  const seen: Array<NamedPath & { real: string; id?: string; output: boolean }> = [];
  const add = (p: NamedPath, output: boolean) => {
    const real = resolveReal(p.path);
    const id = fileId(real);
    for (const q of seen) {
      if (!output && !q.output) continue; // two inputs may be the same file
      if (q.real === real || (id !== undefined && q.id === id)) {
        const what = q.output ? "another output" : "an input";
        throw new OutputPathError(
          `${p.role} ${p.path} is ${what}: ${q.role} ${q.path} (both are ${q.real === real ? real : `${real} and ${q.real}, one file`}); ` +
            `refusing to write over it — choose another ${p.role} path`,
        );
      }
    }
    seen.push({ ...p, real, id, output });
  };
  for (const p of inputs) add(p, false);
  for (const p of outputs) add(p, true);
}

/** Write `text` to a temporary file in `path`'s directory, flush it, and rename it into place. */
export function writeFileAtomic(path: string, text: string | Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    const fd = openSync(tmp, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The temporary name a streamed non-resumable output is written under before `commitTemp` renames it. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}
