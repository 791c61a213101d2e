/** Reading a JSON request body with a size limit (413 past it, 400 when it is not JSON). */
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Read the whole body, refusing it as soon as it is over `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    req.on("data", onData);
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on("error", (e) => {
      if (done) return;
      done = true;
      reject(new HttpError(400, `request body could not be read: ${e.message}`));
    });
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than ${limit} bytes`, [], { connection: "close" });
}

/** Read and decode a JSON body. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const buf = await readBody(req, limit);
  if (buf.length === 0) throw new HttpError(400, "empty body: send a JSON object", [{ path: "", message: "empty body" }]);
  if (buf.includes(0)) throw new HttpError(400, "body contains NUL bytes: send UTF-8 JSON text", [{ path: "", message: "NUL byte" }]);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new HttpError(400, "body is not valid UTF-8", [{ path: "", message: "invalid UTF-8" }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`, [{ path: "", message: "not valid JSON" }]);
  }
}
