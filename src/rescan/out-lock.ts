/** One rescan per output file: `<out>.lock` holds the writer's host and pid; a dead writer's lock is taken over. */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { RescanAbortError } from "./backend.js";

function alive(holder: string): boolean {
  const [host, pid] = holder.trim().split(":");
  if (host !== hostname() || !(Number(pid) > 0)) return true; // another machine: cannot tell, assume alive
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockOutput(out: string): () => void {
  const path = `${out}.lock`;
  const me = `${hostname()}:${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, me + "\n");
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder = "";
      try {
        holder = readFileSync(path, "utf8");
      } catch {
        continue; // removed meanwhile
      }
      if (alive(holder)) throw new RescanAbortError(`${out} is being written by another rescan (${holder.trim()}; ${path})`);
      rmSync(path, { force: true });
    }
  }
  throw new RescanAbortError(`cannot lock ${out} (${path})`);
}
