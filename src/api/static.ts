/** The page's static files (web/): only the files present at start-up, never a path from the request. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { packagePath } from "../io/paths.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
};

/** Nothing leaves the page: scripts, styles, requests and images from this server only. */
export const PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The package's web/ folder. */
export function findWebDir(): string {
  return packagePath("web");
}

export interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
}

export class StaticFiles {
  private readonly files = new Map<string, string>();

  constructor(readonly dir: string) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (TYPES[extname(name)] && statSync(p).isFile()) this.files.set(`/${name}`, p);
    }
    const index = this.files.get("/index.html");
    if (index) this.files.set("/", index);
    // The reviewer pages by name: /review, /live (web/review.html, web/live.html).
    for (const page of ["review", "live"]) if (this.files.has(`/${page}.html`)) this.files.set(`/${page}`, this.files.get(`/${page}.html`)!);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** File names (without "/"), for the description. */
  names(): string[] {
    return [...this.files.keys()].filter((p) => p !== "/").map((p) => p.slice(1));
  }

  /** A file by URL path, or undefined. Read per request so edits show without a restart. */
  read(path: string): StaticFile | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    return {
      body: readFileSync(file),
      headers: {
        "content-type": TYPES[extname(file)],
        "cache-control": "no-cache",
        "content-security-policy": PAGE_CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
      },
    };
  }
}
