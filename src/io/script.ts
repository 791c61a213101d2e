/**
 * The frame of the package's command-line scripts (the trainers): arguments
 * parsed against defaults that come from the package folder and the policy.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadPolicy, type Policy } from "../score/policy.js";
import { packageRoot } from "./paths.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The package folder, the policy, and `argv` parsed with the options `options` gives for them. */
export function scriptArgs<O extends Options>(argv: string[], options: (at: { root: string; policy: Policy }) => O) {
  const root = packageRoot();
  const policy = loadPolicy();
  const { values } = parseArgs({ args: argv, options: options({ root, policy }) });
  return { root, policy, values };
}
