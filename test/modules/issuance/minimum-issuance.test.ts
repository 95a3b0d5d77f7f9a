import { describe, expect, it } from '@jest/globals';
import {
  PAPER_CALENDAR,
  dayOfHeight,
  isLastBlockOfDay,
  validateCalendar,
  yearOfDay,
} from '../../../modules/issuance/calendar.js';
import { dailyMinimum, settleDay, yearlyMinimum } from '../../../modules/issuance/minimum-issuance.js';
import { currentPhase } from '../../../modules/issuance/subsidy-share.js';
import { CORE_INCENTIVE, NICOIN_PER_ICON, PHASE_SIZE, icons } from '../../../modules/issuance/supply.js';
import { formatFixed } from './vector.js';

const cal = PAPER_CALENDAR;
const dayInYear = (year: bigint, d: bigint) => (year - 1n) * cal.daysPerYear + d;

describe('calendar (fixed in genesis, counted in blocks)', () => {
  it('maps heights to days and years', () => {
    expect(dayOfHeight(cal, 1n)).toBe(0n);
    expect(dayOfHeight(cal, 86_400n)).toBe(0n);
    expect(dayOfHeight(cal, 86_401n)).toBe(1n);
    expect(isLastBlockOfDay(cal, 86_400n)).toBe(true);
    expect(isLastBlockOfDay(cal, 86_401n)).toBe(false);
    expect(yearOfDay(cal, 364n)).toEqual({ year: 1n, dayOfYear: 364n });
    expect(yearOfDay(cal, 365n)).toEqual({ year: 2n, dayOfYear: 0n });
  });

  it('refuses empty days or years and heights before 1', () => {
    expect(() => validateCalendar({ blocksPerDay: 0n, daysPerYear: 365n })).toThrow(/blocks_per_day must be positive/);
    expect(() => validateCalendar({ blocksPerDay: 10n, daysPerYear: 0n })).toThrow(/days_per_year must be positive/);
    expect(() => dayOfHeight(cal, 0n)).toThrow(/height must be at least 1/);
  });
});

describe('minimum independent issuance (appendix F)', () => {
  it('is 5 % of the supply in year 1, halving each year: 50 M, 25 M, 12.5 M', () => {
    expect(yearlyMinimum(1n)).toBe(icons(50_000_000n));
    expect(yearlyMinimum(2n)).toBe(icons(25_000_000n));
    expect(yearlyMinimum(3n)).toBe(icons(12_500_000n));
    expect(yearlyMinimum(17n) * 2n ** 16n).toBe(icons(50_000_000n));
    expect(() => yearlyMinimum(0n)).toThrow(/year must be at least 1/);
  });

  it.each([
    [1n, '136986'],
    [2n, '68493'],
    [3n, '34247'],
  ])(
    "year %s: every day is within a nicoin of Y/365, prints as the paper's %s coins, and the year adds up exactly",
    (year, paper) => {
      const y = yearlyMinimum(year);
      const lo = y / cal.daysPerYear;
      let sum = 0n;
      for (let d = 0n; d < cal.daysPerYear; d++) {
        const m = dailyMinimum(cal, dayInYear(year, d));
        expect(m === lo || m === lo + 1n).toBe(true);
        expect(formatFixed(m, NICOIN_PER_ICON, 0)).toBe(paper);
        sum += m;
      }
      expect(sum).toBe(y);
    },
  );

  it("documents why the paper's rounded daily figure is not used: 136,986 × 365 falls 110 coins short of 50 M", () => {
    expect(136_986n * 365n).toBe(49_999_890n);
  });
});

describe('settleDay: the top-up', () => {
  const daily = dailyMinimum(cal, 0n);

  it('on a day with work but no traffic mints the whole daily minimum', () => {
    expect(settleDay(cal, 0n, 0n, 0n, 10n)).toEqual({ coreMinted: daily, topUp: daily });
  });

  it('on a day with partial traffic mints the difference', () => {
    const demand = icons(100_000n);
    expect(settleDay(cal, icons(7n), 0n, demand, 10n)).toEqual({
      coreMinted: icons(7n) + daily - demand,
      topUp: daily - demand,
    });
  });

  it('mints nothing when demand reached the minimum, or when nobody worked', () => {
    expect(settleDay(cal, 0n, 0n, daily, 10n).topUp).toBe(0n);
    expect(settleDay(cal, 0n, 0n, daily + 1n, 10n).topUp).toBe(0n);
    expect(settleDay(cal, 0n, 0n, 0n, 0n).topUp).toBe(0n);
  });

  it('counts toward the current phase and may close it', () => {
    const r = settleDay(cal, PHASE_SIZE - 10n, 0n, 0n, 1n);
    expect(r.coreMinted).toBe(PHASE_SIZE - 10n + daily);
    expect(currentPhase(r.coreMinted)).toBe(2);
  });

  it('is clipped at the 600 M core incentive', () => {
    expect(settleDay(cal, CORE_INCENTIVE - 3n, 0n, 0n, 1n)).toEqual({ coreMinted: CORE_INCENTIVE, topUp: 3n });
    expect(settleDay(cal, CORE_INCENTIVE, 0n, 0n, 1n).topUp).toBe(0n);
  });

  it('alone closes phase 1 at exactly the end of year 1 when every day has work and no traffic', () => {
    let minted = 0n;
    for (let d = 0n; d < cal.daysPerYear; d++) {
      expect(currentPhase(minted)).toBe(1);
      minted = settleDay(cal, minted, d, 0n, 1n).coreMinted;
    }
    expect(minted).toBe(PHASE_SIZE);
    expect(currentPhase(minted)).toBe(2);
  });

  it('refuses negative demand or work', () => {
    expect(() => settleDay(cal, 0n, 0n, -1n, 1n)).toThrow(/demand-driven minting must not be negative/);
    expect(() => settleDay(cal, 0n, 0n, 0n, -1n)).toThrow(/total work must not be negative/);
  });
});
