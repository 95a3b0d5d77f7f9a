import { describe, expect, it } from '@jest/globals';
import { PAPER_CALENDAR } from '../../../modules/issuance/calendar.js';
import { feeToExhaustPhase, subsidizeFee } from '../../../modules/issuance/fee-subsidy.js';
import { EMPTY_POOL, PAPER_POOL_SCHEDULE, buyFromPool } from '../../../modules/issuance/liquidity-pool.js';
import { icons } from '../../../modules/issuance/supply.js';
import { totalIssued } from '../../../modules/issuance/total-issued.js';

const cal = PAPER_CALENDAR;
const sumFees = (phases: number) =>
  Array.from({ length: phases }, (_, i) => feeToExhaustPhase(i + 1)).reduce((a, b) => a + b, 0n);

// Appendix G: "Race Coins issued by Year 3: 3 batches x 50M + 60M (Hardware provider liquidity pool) + 90M (First three
// years of additional hardware provider reward) + 160 Founders allocation = 460M"; by year 6, 6 batches and 120 M: 640 M.
describe('appendix G: one phase a year, the pool half sold', () => {
  // Half the pool is the first five 12 M tranches: $60k + $120k + $240k + $480k + $960k.
  const pool = buyFromPool(PAPER_POOL_SCHEDULE, EMPTY_POOL, 1_860_000n * 1_000_000n);

  it('sells exactly 60 M from the pool for that money', () => {
    expect(pool.coins).toBe(icons(60_000_000n));
    expect(pool.refund).toBe(0n);
  });

  it('has issued 460 M after 3 years', () => {
    const core = subsidizeFee(0n, sumFees(3)).coreMinted;
    expect(core).toBe(icons(150_000_000n));
    expect(totalIssued(cal, { coreMinted: core, poolSold: pool.state.sold, completedDays: 3n * cal.daysPerYear })).toBe(
      icons(460_000_000n),
    );
  });

  it('has issued 640 M after 6 years', () => {
    const core = subsidizeFee(0n, sumFees(6)).coreMinted;
    expect(core).toBe(icons(300_000_000n));
    expect(totalIssued(cal, { coreMinted: core, poolSold: pool.state.sold, completedDays: 6n * cal.daysPerYear })).toBe(
      icons(640_000_000n),
    );
  });

  it('refuses parts outside their allocations', () => {
    expect(() => totalIssued(cal, { coreMinted: 0n, poolSold: icons(120_000_001n), completedDays: 0n })).toThrow(
      /pool sold must be within/,
    );
    expect(() => totalIssued(cal, { coreMinted: -1n, poolSold: 0n, completedDays: 0n })).toThrow(
      /core incentive minted must be within/,
    );
  });
});
