import { IssuanceErrors, requireNonNegative } from './errors.js';
import { validateCalendar, type Calendar } from './calendar.js';
import { ADDITIONAL_REWARD, FOUNDERS } from './supply.js';

/** Nothing before `cliffDays` completed days, then linear to the whole amount at `durationDays`. */
export interface ReleaseSchedule {
  total: bigint;
  cliffDays: bigint;
  durationDays: bigint;
}

export function validateReleaseSchedule(s: ReleaseSchedule): ReleaseSchedule {
  requireNonNegative('release total', s.total);
  if (s.durationDays < 1n)
    throw IssuanceErrors.InvalidParams.wrap(`release duration must be at least 1 day, got ${s.durationDays}`);
  if (s.cliffDays < 0n || s.cliffDays > s.durationDays) {
    throw IssuanceErrors.InvalidParams.wrap(`cliff must be within [0, ${s.durationDays}] days, got ${s.cliffDays}`);
  }
  return s;
}

/**
 * The amount released after `completedDays` whole days: floor(total × min(days, duration) / duration), 0 before the
 * cliff. Rounding down keeps every day's figure at or below the exact line, and the last day releases the remainder.
 */
export function releasedAfter(s: ReleaseSchedule, completedDays: bigint): bigint {
  validateReleaseSchedule(s);
  requireNonNegative('completed days', completedDays);
  if (completedDays < s.cliffDays) return 0n;
  const days = completedDays < s.durationDays ? completedDays : s.durationDays;
  return (s.total * days) / s.durationDays;
}

/** Whole days completed by the end of block `height` (blocks from 1). */
export function completedDays(c: Calendar, height: bigint): bigint {
  requireNonNegative('height', height);
  return height / validateCalendar(c).blocksPerDay;
}

/** Appendix E: the 120 M additional reward is distributed "gradually … over four years" (appendix G: 90 M by year 3). */
export function additionalRewardSchedule(c: Calendar): ReleaseSchedule {
  return { total: ADDITIONAL_REWARD, cliffDays: 0n, durationDays: 4n * validateCalendar(c).daysPerYear };
}

/**
 * The founders' 160 M. The paper fixes no vesting terms; these defaults (one-year cliff, four years linear) are a
 * parameter for genesis. Appendix G counts the whole allocation as issued by year 3, so it is minted at genesis and the
 * schedule only says how much of it is transferable.
 */
export function foundersSchedule(c: Calendar, cliffYears = 1n, durationYears = 4n): ReleaseSchedule {
  const { daysPerYear } = validateCalendar(c);
  return validateReleaseSchedule({
    total: FOUNDERS,
    cliffDays: cliffYears * daysPerYear,
    durationDays: durationYears * daysPerYear,
  });
}
