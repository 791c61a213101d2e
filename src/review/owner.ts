/**
 * The embedded database (PGlite in ./.hegui/db) can be open in one process
 * only. Whoever opens it holds an owner file beside it (`<dir>.owner.json`,
 * created exclusively): its pid and, for `hegui serve`, the URL and a local
 * admin token, so other commands on the machine go through that server
 * instead of opening the files a second time. An owner file whose process is
 * gone is stale and taken over.
 */
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface Owner {
  pid: number;
  /** Set by `hegui serve` once it listens. */
  url?: string;
  token?: string;
}

export const ownerFile = (dataDir: string) => `${resolve(dataDir)}.owner.json`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readOwner(dataDir: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(ownerFile(dataDir), "utf8")) as Owner;
    return Number.isInteger(o.pid) ? o : undefined;
  } catch {
    return undefined;
  }
}

export interface Held {
  /** Announce the server's URL; returns the local admin token the server accepts. */
  announce(url: string): string;
  release(): void;
}

/** Take the embedded database for this process, or return who has it. */
export function acquire(dataDir: string): { held: Held } | { owner: Owner } {
  const file = ownerFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      return {
        held: {
          announce(url) {
            const token = `local_${randomBytes(24).toString("base64url")}`;
            const tmp = `${file}.${process.pid}.tmp`;
            writeFileSync(tmp, JSON.stringify({ pid: process.pid, url, token }), { mode: 0o600 });
            renameSync(tmp, file);
            return token;
          },
          release() {
            if (readOwner(dataDir)?.pid === process.pid) rmSync(file, { force: true });
          },
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const o = readOwner(dataDir);
      if (o && o.pid !== process.pid && alive(o.pid)) return { owner: o };
      // Stale (its process is gone) or unreadable: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot take ${file}: another process keeps creating it`);
}
