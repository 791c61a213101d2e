/** Request bodies: a size limit (413 past it, checked by the server while reading) and JSON decoding (400 when it is not JSON). */
import { HttpError } from "./http-error.js";

export const MAX_BODY_BYTES = 1024 * 1024;

/** The 413 for a body over `limit` bytes (the connection is closed after it). */
export function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than ${limit} bytes`, [], { connection: "close" }, "payload_too_large");
}

/** Decode a JSON body read as bytes: 400 for an empty body, NUL bytes, bad UTF-8 or bad JSON. */
export function parseJson(buf: Buffer | undefined): unknown {
  if (!buf || buf.length === 0) throw new HttpError(400, "empty body: send a JSON object", [{ path: "", message: "empty body" }], {}, "empty_body");
  if (buf.includes(0)) throw new HttpError(400, "body contains NUL bytes: send UTF-8 JSON text", [{ path: "", message: "NUL byte" }], {}, "invalid_utf8");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new HttpError(400, "body is not valid UTF-8", [{ path: "", message: "invalid UTF-8" }], {}, "invalid_utf8");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`, [{ path: "", message: "not valid JSON" }], {}, "invalid_json");
  }
}
