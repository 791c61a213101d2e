/** One pass over the input file: its digest (the rescan's identity) and its number of lines (for the ETA). */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

export interface InputFacts {
  /** sha256 of the file's bytes, hex, first 16 characters. */
  digest: string;
  /** Lines of the (decompressed) text, an upper bound on the records. */
  lines: number;
  bytes: number;
}

function countLines(buf: Buffer): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

export async function inputFacts(file: string): Promise<InputFacts> {
  const hash = createHash("sha256");
  let bytes = 0;
  let lines = 0;
  let lastByte = 10;
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const gz = file.endsWith(".gz");
  const gunzip = gz ? createGunzip() : undefined;
  const counted = new Promise<void>((resolve, reject) => {
    const text = gunzip ?? raw;
    text.on("data", (b: Buffer) => {
      lines += countLines(b);
      if (b.length) lastByte = b[b.length - 1];
    });
    text.on("end", () => resolve());
    text.on("error", reject);
    if (gunzip) raw.on("error", reject);
  });
  raw.on("data", (b: Buffer | string) => {
    const buf = typeof b === "string" ? Buffer.from(b) : b;
    hash.update(buf);
    bytes += buf.length;
  });
  if (gunzip) raw.pipe(gunzip);
  await counted;
  if (lastByte !== 10) lines++;
  return { digest: hash.digest("hex").slice(0, 16), lines, bytes };
}
