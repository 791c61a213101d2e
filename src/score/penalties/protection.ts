/**
 * New-creator protection (002 《抖音新入驻电商创作者经营护航专项权益保护实施规则》):
 * - §1: a creator opening e-commerce for the first time with the basic
 *   deposit paid in full — an account that says `depositPaid: false` is not
 *   covered;
 * - §3.1(1): every right needs the novice learning tasks done — an account
 *   that says `learningTasksDone: false` is not covered;
 * - §2: within `windowDays` of the first selling live or video, with at most
 *   `maxLiveHours` of live and `maxPreviewVideos` preview videos. Unknown
 *   hours or video counts are taken as 0 (nothing reported yet); an unknown
 *   first selling date is taken from `firstSeen` when the caller knows it (the
 *   ledger: the account's first item on record, its first selling content).
 */
import type { Account } from "../../types.js";
import type { PenaltyPolicy } from "../policy.js";

const DAY = 86_400_000;

export interface Eligibility {
  eligible: boolean;
  reason: string;
  /** End of the protection window, when there is one. */
  until?: Date;
}

export function protectionAt(account: Account | undefined, at: Date, p: PenaltyPolicy["protection"], firstSeen?: string): Eligibility {
  if (!account) return { eligible: false, reason: "no account on the item" };
  if (!account.role || !p.roles.includes(account.role)) return { eligible: false, reason: `role ${account.role ?? "(none)"} is not covered` };
  if (account.depositPaid === false) return { eligible: false, reason: "basic deposit not paid in full (002 §1)" };
  if (account.learningTasksDone === false) return { eligible: false, reason: "novice learning tasks not done (002 §3.1(1))" };
  const firstText = account.firstSellingAt ?? firstSeen;
  if (!firstText) return { eligible: false, reason: "no firstSellingAt" };
  const first = Date.parse(firstText);
  if (Number.isNaN(first)) return { eligible: false, reason: `firstSellingAt "${firstText}" is not a date` };
  const until = new Date(first + p.windowDays * DAY);
  if (at.getTime() < first) return { eligible: false, reason: "before the first selling live/video", until };
  if (at.getTime() > until.getTime()) return { eligible: false, reason: `more than ${p.windowDays} days after the first selling live/video`, until };
  const hours = account.liveHours ?? 0;
  if (hours > p.maxLiveHours) return { eligible: false, reason: `${hours} h live > ${p.maxLiveHours}`, until };
  const videos = account.previewVideos ?? 0;
  if (videos > p.maxPreviewVideos) return { eligible: false, reason: `${videos} preview videos > ${p.maxPreviewVideos}`, until };
  const since = account.firstSellingAt ? "" : ` (no firstSellingAt: the account's first item on record, ${firstText})`;
  return { eligible: true, reason: `within ${p.windowDays} days${since}, ${hours} h live, ${videos} preview videos`, until };
}
