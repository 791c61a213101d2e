/**
 * The verdicts file of a rescan: opened at a checkpoint (anything after it —
 * a chunk half written when the run stopped — is cut off), then appended to
 * one complete chunk at a time.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from "node:fs";

export class OutputFile {
  private fd: number;
  bytes: number;

  /** Open `path` keeping its first `keepBytes` bytes (0: start empty). */
  constructor(readonly path: string, keepBytes: number) {
    this.fd = openSync(path, "a+");
    const size = fstatSync(this.fd).size;
    if (size < keepBytes) {
      closeSync(this.fd);
      throw new OutputShorterError(`${path} holds ${size} bytes but its checkpoint counts ${keepBytes}`);
    }
    if (size > keepBytes) ftruncateSync(this.fd, keepBytes);
    this.bytes = keepBytes;
  }

  /** Append text (whole lines). */
  write(text: string): void {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}

export class OutputShorterError extends Error {}
