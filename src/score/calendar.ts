/**
 * The credit year: deducted points reset every year at a fixed local time
 * (001 《抖音小店运营规范》商家信用积分·具体规则3: 12-31 23:59:59). Pure functions of a
 * Date, in the platform's time zone given as a UTC offset.
 */
import type { PenaltyPolicy } from "./policy.js";

type Credit = Pick<PenaltyPolicy["credit"], "resetAt" | "utcOffsetMinutes">;

/** The last reset time parsed (a policy's, asked for every verdict) and its parts. */
let lastResetAt: string | undefined;
let lastParts: [number, number, number, number, number] | undefined;

function parts(resetAt: string): [number, number, number, number, number] {
  if (resetAt === lastResetAt && lastParts) return lastParts;
  lastParts = parse(resetAt);
  lastResetAt = resetAt;
  return lastParts;
}

function parse(resetAt: string): [number, number, number, number, number] {
  const m = /^(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/.exec(resetAt);
  if (!m) throw new Error(`credit.resetAt: expected MM-DDTHH:MM:SS, got ${resetAt}`);
  return [Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
}

/** The reset instant of local calendar year `year`. */
export function resetInstant(year: number, credit: Credit): Date {
  const [mo, d, h, mi, s] = parts(credit.resetAt);
  return new Date(Date.UTC(year, mo, d, h, mi, s) - credit.utcOffsetMinutes * 60_000);
}

/**
 * The credit year an instant belongs to: the local calendar year, or the next
 * one from that year's reset instant on (a deduction at 23:59:59 on 12-31 is
 * already in the new year).
 */
export function creditYear(at: Date, credit: Credit): number {
  const t = at.getTime();
  // The last local year asked about, kept (every verdict asks, nearly always about the same year).
  const c = lastYear;
  if (c && c.resetAt === credit.resetAt && c.offset === credit.utcOffsetMinutes && t >= c.from && t < c.to) return t >= c.reset ? c.year + 1 : c.year;
  const local = new Date(t + credit.utcOffsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const reset = resetInstant(y, credit).getTime();
  const off = credit.utcOffsetMinutes * 60_000;
  lastYear = { resetAt: credit.resetAt, offset: credit.utcOffsetMinutes, year: y, from: Date.UTC(y, 0, 1) - off, to: Date.UTC(y + 1, 0, 1) - off, reset };
  return t >= reset ? y + 1 : y;
}

/** A local calendar year in UTC milliseconds [from, to), with its reset instant, under one credit setting. */
let lastYear: { resetAt: string; offset: number; year: number; from: number; to: number; reset: number } | undefined;

/** The next reset after `at`. */
export function nextReset(at: Date, credit: Credit): Date {
  const y = creditYear(at, credit);
  // creditYear y runs up to the reset instant of calendar year y.
  return resetInstant(y, credit);
}
