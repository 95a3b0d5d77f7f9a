import { IssuanceErrors, requireNonNegative } from './errors.js';
import { yearOfDay, type Calendar } from './calendar.js';
import { requireCoreMinted } from './subsidy-share.js';
import { CORE_INCENTIVE, TOTAL_SUPPLY } from './supply.js';

/**
 * Appendix F: a minimum of 5 % of the total supply in year 1, halving each year (50 M, 25 M, 12.5 M, …). The yearly
 * amount is floor(10^18 / 20 / 2^(year−1)) nicoin: exact for the first 17 years (5·10^16 has 2^16 as a factor), and
 * rounded down after that, when it is below 1 icon a day anyway.
 */
export function yearlyMinimum(year: bigint): bigint {
  if (year < 1n) throw IssuanceErrors.InvalidParams.wrap(`year must be at least 1, got ${year}`);
  return TOTAL_SUPPLY / 20n / 2n ** (year - 1n);
}

/**
 * The minimum of one day. The paper rounds each day to whole coins (50,000,000 ÷ 365 = 136,986), which would make the
 * year 49,999,890 coins; instead day d of the year gets floor(Y·(d+1)/N) − floor(Y·d/N) nicoin, so every day is within
 * one nicoin of Y/N and the N days of a year add up to exactly Y.
 */
export function dailyMinimum(c: Calendar, day: bigint): bigint {
  const { year, dayOfYear } = yearOfDay(c, day);
  const y = yearlyMinimum(year);
  return (y * (dayOfYear + 1n)) / c.daysPerYear - (y * dayOfYear) / c.daysPerYear;
}

export interface TopUp {
  coreMinted: bigint;
  /** Minted now, to be split among the day's workers in proportion to their work. */
  topUp: bigint;
}

/**
 * The minimum-issuance top-up settled at the end of `day`: if the demand-driven subsidy minted that day is below the
 * day's minimum, the difference is minted. It counts toward the core incentive (and so toward the current phase's
 * 50 M, possibly closing it), and is clipped so the core incentive never passes 600 M. A day on which nobody did work
 * mints nothing: there is no one to distribute it to, and the shortfall is not carried over.
 */
export function settleDay(
  c: Calendar,
  coreMinted: bigint,
  day: bigint,
  demandMinted: bigint,
  totalWork: bigint,
): TopUp {
  requireCoreMinted(coreMinted);
  requireNonNegative('demand-driven minting', demandMinted);
  requireNonNegative('total work', totalWork);
  const shortfall = dailyMinimum(c, day) - demandMinted;
  if (totalWork === 0n || shortfall <= 0n) return { coreMinted, topUp: 0n };
  const topUp = shortfall < CORE_INCENTIVE - coreMinted ? shortfall : CORE_INCENTIVE - coreMinted;
  return { coreMinted: coreMinted + topUp, topUp };
}
