/** Bearer-token checks: HEGUI_API_TOKEN for the API, HEGUI_ADMIN_TOKEN for the queue dashboard. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { HttpError } from "./http-error.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** A checker for one token; with no token every request passes. */
export function bearerAuth(token: string | undefined): (req: { headers: IncomingHttpHeaders }) => void {
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

/**
 * The admin token (HEGUI_ADMIN_TOKEN) guarding /admin/queues: a Bearer header, or
 * (for a browser) the `hegui_admin` cookie that `/admin/queues?token=…` sets. No admin
 * token configured: the dashboard is not served at all (404), never open by default.
 */
export function adminAuth(token: string): (req: { headers: IncomingHttpHeaders }) => boolean {
  const want = digest(token);
  const ok = (s: string | undefined) => s !== undefined && s !== "" && timingSafeEqual(digest(s), want);
  return (req) => {
    const m = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? "").trim());
    if (m && ok(m[1])) return true;
    const cookie = /(?:^|;\s*)hegui_admin=([^;]+)/.exec(req.headers.cookie ?? "");
    return cookie ? ok(decodeURIComponent(cookie[1])) : false;
  };
}
