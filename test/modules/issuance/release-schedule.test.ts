import { describe, expect, it } from '@jest/globals';
import { PAPER_CALENDAR } from '../../../modules/issuance/calendar.js';
import {
  additionalRewardSchedule,
  completedDays,
  foundersSchedule,
  releasedAfter,
  validateReleaseSchedule,
} from '../../../modules/issuance/release-schedule.js';
import { FOUNDERS, icons } from '../../../modules/issuance/supply.js';

const cal = PAPER_CALENDAR;
const year = cal.daysPerYear;

describe('additional hardware-provider reward: 120 M over four years', () => {
  const s = additionalRewardSchedule(cal);

  it('releases 30 M a year, 90 M by year 3 (appendix G) and 120 M from year 4 on', () => {
    expect(releasedAfter(s, 0n)).toBe(0n);
    expect(releasedAfter(s, year)).toBe(icons(30_000_000n));
    expect(releasedAfter(s, 3n * year)).toBe(icons(90_000_000n));
    expect(releasedAfter(s, 4n * year)).toBe(icons(120_000_000n));
    expect(releasedAfter(s, 6n * year)).toBe(icons(120_000_000n));
  });

  it('rounds each day down and never goes backwards', () => {
    // 120 M / 1460 days = 82,191.78… icon a day.
    expect(releasedAfter(s, 1n)).toBe(icons(120_000_000n) / 1460n);
    let prev = 0n;
    for (let d = 0n; d <= 4n * year; d += 7n) {
      const r = releasedAfter(s, d);
      expect(r >= prev).toBe(true);
      prev = r;
    }
  });

  it('counts whole days from block heights', () => {
    expect(completedDays(cal, 86_399n)).toBe(0n);
    expect(completedDays(cal, 86_400n)).toBe(1n);
  });
});

describe("founders' vesting (a genesis parameter; the paper gives no terms)", () => {
  const s = foundersSchedule(cal);

  it('vests nothing before the one-year cliff, then linearly to 160 M at four years', () => {
    expect(releasedAfter(s, year - 1n)).toBe(0n);
    expect(releasedAfter(s, year)).toBe(FOUNDERS / 4n);
    expect(releasedAfter(s, 2n * year)).toBe(FOUNDERS / 2n);
    expect(releasedAfter(s, 4n * year)).toBe(FOUNDERS);
    expect(releasedAfter(s, 10n * year)).toBe(FOUNDERS);
  });

  it('refuses a cliff after the end, an empty duration or negative days', () => {
    expect(() => foundersSchedule(cal, 5n, 4n)).toThrow(/cliff must be within/);
    expect(() => validateReleaseSchedule({ total: 1n, cliffDays: 0n, durationDays: 0n })).toThrow(/at least 1 day/);
    expect(() => releasedAfter(s, -1n)).toThrow(/completed days must not be negative/);
  });
});
