/**
 * `hegui account …`: the account ledger (src/ledger) in Redis.
 *   hegui account show ID [--format json|pretty|both]   the account: credit points, deposit, measures, violations
 *   hegui account appeal ID VIOLATION_ID                an upheld appeal: reverse the violation and its penalty
 *   hegui account exam ID VIOLATION_ID                  new-creator exam passed: reverse the first penalty
 *   hegui account rebuild ID                            re-derive the account from its events
 * REDIS_URL and HEGUI_PREFIX as everywhere.
 */
import { parseArgs } from "node:util";
import { producerConnection } from "../io/redis.js";
import { formatAccount } from "../ledger/format.js";
import { Ledger, LedgerError, type AccountState } from "../ledger/index.js";
import { defaultPrefix } from "../queue/names.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { registerCommand } from "./main.js";

const USAGE = "usage: hegui account show ID [--format json|pretty|both] | appeal ID VIOLATION_ID | exam ID VIOLATION_ID | rebuild ID";

function print(io: CliIO, s: AccountState, format: string): void {
  if (format === "json" || format === "both") io.out(JSON.stringify(s));
  if (format === "pretty" || format === "both") io.out(formatAccount(s));
}

registerCommand("account", async (args, io) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string" }, prefix: { type: "string" } } });
  const [sub, id, violation] = positionals;
  const format = values.format ?? (io.stdoutIsTTY ? "pretty" : "json");
  if (!["json", "pretty", "both"].includes(format)) throw new UsageError(`--format must be json, pretty or both, not ${format}`);
  const needs = sub === "appeal" || sub === "exam" ? 3 : 2;
  if (!["show", "appeal", "exam", "rebuild"].includes(sub ?? "") || positionals.length !== needs) throw new UsageError(USAGE);
  const redis = await producerConnection();
  try {
    const ledger = new Ledger(redis, values.prefix ?? defaultPrefix());
    let s: AccountState;
    if (sub === "show") s = await ledger.show(id);
    else if (sub === "appeal") s = await ledger.appeal(id, violation);
    else if (sub === "exam") s = await ledger.passExam(id, violation);
    else s = await ledger.rebuild(id);
    print(io, s, format);
    return EXIT.CLEAN;
  } catch (e) {
    if (e instanceof LedgerError) {
      io.err(`hegui account ${sub}: ${e.message}`);
      return EXIT.BAD_INPUT;
    }
    throw e;
  } finally {
    redis.disconnect();
  }
});
