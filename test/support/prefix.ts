/** A queue prefix of its own for every test; the keys under it are deleted after the test file (redis-cleanup.ts). */
import { randomBytes } from "node:crypto";

/** Every prefix handed out in this test file, for the cleanup after it. */
export const createdPrefixes = new Set<string>();

export function testPrefix(name: string): string {
  const prefix = `hegui-test-${name.replace(/[^a-z0-9]/gi, "").slice(0, 20)}-${process.pid}-${randomBytes(4).toString("hex")}`;
  createdPrefixes.add(prefix);
  return prefix;
}
