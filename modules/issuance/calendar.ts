import { IssuanceErrors } from './errors.js';

/**
 * The issuance calendar, fixed in genesis: days and years are counted in blocks, never read from a clock, so every
 * node agrees on which day a block belongs to. Day 0 is blocks 1 … blocksPerDay.
 */
export interface Calendar {
  blocksPerDay: bigint;
  daysPerYear: bigint;
}

/** Appendix F divides by 365; one block a second makes 86,400 blocks a day. */
export const PAPER_CALENDAR: Calendar = { blocksPerDay: 86_400n, daysPerYear: 365n };

export function validateCalendar(c: Calendar): Calendar {
  if (c.blocksPerDay < 1n)
    throw IssuanceErrors.InvalidParams.wrap(`blocks_per_day must be positive, got ${c.blocksPerDay}`);
  if (c.daysPerYear < 1n)
    throw IssuanceErrors.InvalidParams.wrap(`days_per_year must be positive, got ${c.daysPerYear}`);
  return c;
}

/** The day (from 0) that block `height` (from 1) belongs to. */
export function dayOfHeight(c: Calendar, height: bigint): bigint {
  validateCalendar(c);
  if (height < 1n) throw IssuanceErrors.InvalidParams.wrap(`height must be at least 1, got ${height}`);
  return (height - 1n) / c.blocksPerDay;
}

/** True for the last block of a day: the day's minimum issuance is settled there. */
export function isLastBlockOfDay(c: Calendar, height: bigint): boolean {
  validateCalendar(c);
  return height >= 1n && height % c.blocksPerDay === 0n;
}

/** The year (from 1) and the day within it (from 0) of day `day`. */
export function yearOfDay(c: Calendar, day: bigint): { year: bigint; dayOfYear: bigint } {
  validateCalendar(c);
  if (day < 0n) throw IssuanceErrors.InvalidParams.wrap(`day must not be negative, got ${day}`);
  return { year: day / c.daysPerYear + 1n, dayOfYear: day % c.daysPerYear };
}
