import { IssuanceErrors, requireNonNegative } from './errors.js';
import type { Calendar } from './calendar.js';
import { additionalRewardSchedule, releasedAfter } from './release-schedule.js';
import { requireCoreMinted } from './subsidy-share.js';
import { FOUNDERS, LIQUIDITY_POOL } from './supply.js';

/** What decides how many coins exist: each allocation's own counter. */
export interface IssuedParts {
  coreMinted: bigint;
  poolSold: bigint;
  completedDays: bigint;
}

/**
 * Coins issued so far, as appendix G counts them: core incentive minted + pool sold + additional reward released +
 * the founders' 160 M (minted at genesis, vesting only limits transfers). Each part is bounded by its allocation, so
 * the sum never exceeds 10^18 nicoin.
 */
export function totalIssued(c: Calendar, parts: IssuedParts): bigint {
  requireCoreMinted(parts.coreMinted);
  requireNonNegative('completed days', parts.completedDays);
  if (parts.poolSold < 0n || parts.poolSold > LIQUIDITY_POOL) {
    throw IssuanceErrors.InvalidState.wrap(`pool sold must be within [0, ${LIQUIDITY_POOL}], got ${parts.poolSold}`);
  }
  return parts.coreMinted + parts.poolSold + releasedAfter(additionalRewardSchedule(c), parts.completedDays) + FOUNDERS;
}
