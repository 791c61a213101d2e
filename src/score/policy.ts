/** The decision policy (config/policy.json), validated. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { z } from "zod";
import { SEVERITIES } from "../types.js";

const channelPolicy = z.object({
  block: z.number().min(0).max(1),
  blockSeverities: z.array(z.enum(SEVERITIES)),
});

export const policySchema = z.object({
  $comment: z.string().optional(),
  minConfidence: z.number().min(0).max(1),
  severityWeight: z.object({ minor: z.number(), general: z.number(), severe: z.number(), extreme: z.number() }),
  channels: z.object({ caption: channelPolicy, script: channelPolicy, listing: channelPolicy }),
});
export type Policy = z.infer<typeof policySchema>;

function findConfig(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, "config", "policy.json");
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error("config/policy.json not found");
}

export function loadPolicy(path: string = process.env.HEGUI_POLICY ?? findConfig()): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const r = policySchema.safeParse(raw);
  if (!r.success) {
    throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return r.data;
}
