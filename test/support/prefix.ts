/** A queue prefix of its own for every test. */
import { randomBytes } from "node:crypto";
export function testPrefix(name: string): string {
  return `hegui-test-${name.replace(/[^a-z0-9]/gi, "").slice(0, 20)}-${process.pid}-${randomBytes(4).toString("hex")}`;
}
