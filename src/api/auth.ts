/** Bearer-token check for HEGUI_API_TOKEN. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** A checker for one token; with no token every request passes. */
export function bearerAuth(token: string | undefined): (req: IncomingMessage) => void {
  if (!token) return () => {};
  const want = digest(token);
  return (req) => {
    const h = req.headers.authorization ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(h.trim());
    if (!m || !timingSafeEqual(digest(m[1]), want)) {
      throw new HttpError(401, m ? "invalid bearer token" : "missing bearer token: send Authorization: Bearer <token>", [], {
        "www-authenticate": 'Bearer realm="hegui"',
      });
    }
  };
}
