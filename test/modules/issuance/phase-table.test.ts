import { describe, expect, it } from '@jest/globals';
import { feeToExhaustPhase, subsidizeFee } from '../../../modules/issuance/fee-subsidy.js';
import { currentPhase, subsidyPerFee, subsidyShare } from '../../../modules/issuance/subsidy-share.js';
import {
  ADDITIONAL_REWARD,
  CORE_INCENTIVE,
  FOUNDERS,
  LIQUIDITY_POOL,
  NICOIN_PER_ICON,
  PHASE_COUNT,
  PHASE_SIZE,
  TOTAL_SUPPLY,
} from '../../../modules/issuance/supply.js';
import { formatFixed, loadPhaseTable } from './vector.js';

const table = loadPhaseTable();

/** The exact rational fee that mints a whole phase, in nicoin: 50 M × (1−s)/s = PHASE_SIZE × (den−num)/num. */
function exactFee(phase: number): { num: bigint; den: bigint } {
  const s = subsidyShare(phase);
  return { num: PHASE_SIZE * (s.den - s.num), den: s.num };
}

describe('supply (appendix E)', () => {
  it('is 600 M core + 120 M additional + 120 M pool + 160 M founders = 10^18 nicoin, in 12 phases of 50 M', () => {
    expect(CORE_INCENTIVE + ADDITIONAL_REWARD + LIQUIDITY_POOL + FOUNDERS).toBe(TOTAL_SUPPLY);
    expect(TOTAL_SUPPLY).toBe(10n ** 18n);
    expect(PHASE_SIZE * BigInt(PHASE_COUNT)).toBe(CORE_INCENTIVE);
  });
});

describe('the phase table (shared/vectors/issuance-phases.tsv)', () => {
  it('has the 12 phases', () => {
    expect(table.map((r) => r.phase)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it.each(table)('phase $phase: issued and subsidy share match exactly (share to the 10 printed decimals)', (row) => {
    expect(formatFixed(PHASE_SIZE, NICOIN_PER_ICON, 0)).toBe(row.issuedCoins);
    const s = subsidyShare(row.phase);
    expect(formatFixed(s.num, s.den, 10)).toBe(row.subsidyShare);
  });

  it('subsidy shares are exactly 0.9 × 0.8^(k−1) and s/(1−s) is 9 in phase 1', () => {
    expect(subsidyShare(1)).toEqual({ num: 9n, den: 10n });
    expect(subsidyShare(3)).toEqual({ num: 144n, den: 250n }); // 0.576
    expect(subsidyPerFee(1)).toEqual({ num: 9n, den: 1n });
    for (let k = 2; k <= PHASE_COUNT; k++) {
      const prev = subsidyShare(k - 1);
      const s = subsidyShare(k);
      expect(s.num * prev.den * 10n).toBe(prev.num * s.den * 8n);
    }
  });

  it.each(table)(
    'phase $phase: developer fees and total to providers match the exact columns (2 decimals) and the paper (whole coins)',
    (row) => {
      const f = exactFee(row.phase);
      expect(formatFixed(f.num, f.den * NICOIN_PER_ICON, 2)).toBe(row.developerFeesCoins);
      expect(formatFixed(f.num + PHASE_SIZE * f.den, f.den * NICOIN_PER_ICON, 2)).toBe(row.totalToProvidersCoins);
      expect(formatFixed(f.num, f.den * NICOIN_PER_ICON, 0)).toBe(row.paperFees);
      expect(formatFixed(f.num + PHASE_SIZE * f.den, f.den * NICOIN_PER_ICON, 0)).toBe(row.paperTotal);
    },
  );

  it.each(table)(
    'phase $phase: the on-chain fee that closes the phase is the exact fee rounded up to the nicoin',
    (row) => {
      const f = exactFee(row.phase);
      const fee = feeToExhaustPhase(row.phase);
      // ceil: fee ≥ exact > fee − 1.
      expect(fee * f.den >= f.num).toBe(true);
      expect((fee - 1n) * f.den < f.num).toBe(true);
      expect(formatFixed(fee, NICOIN_PER_ICON, 2)).toBe(row.developerFeesCoins);
    },
  );

  it.each(table)(
    'phase $phase: paying that fee from the phase start mints exactly 50 M; one nicoin less stays in the phase',
    (row) => {
      const start = BigInt(row.phase - 1) * PHASE_SIZE;
      const fee = feeToExhaustPhase(row.phase);
      const full = subsidizeFee(start, fee);
      expect(full.subsidy).toBe(PHASE_SIZE);
      expect(full.segments).toEqual([{ phase: row.phase, fee, subsidy: PHASE_SIZE }]);
      expect(currentPhase(full.coreMinted)).toBe(row.phase === PHASE_COUNT ? undefined : row.phase + 1);
      const short = subsidizeFee(start, fee - 1n);
      expect(short.subsidy < PHASE_SIZE).toBe(true);
      expect(currentPhase(short.coreMinted)).toBe(row.phase);
    },
  );
});

describe('12-phase exhaustion', () => {
  it('one payment of all twelve closing fees mints exactly 600 M, and nothing is minted after', () => {
    const all = table.reduce((sum, r) => sum + feeToExhaustPhase(r.phase), 0n);
    const done = subsidizeFee(0n, all);
    expect(done.coreMinted).toBe(CORE_INCENTIVE);
    expect(done.segments.map((s) => s.subsidy)).toEqual(Array(PHASE_COUNT).fill(PHASE_SIZE));
    expect(done.unsubsidizedFee).toBe(0n);
    expect(currentPhase(done.coreMinted)).toBeUndefined();
    const after = subsidizeFee(done.coreMinted, 10n ** 20n);
    expect(after).toEqual({ coreMinted: CORE_INCENTIVE, subsidy: 0n, segments: [], unsubsidizedFee: 10n ** 20n });
  });

  it('a fee larger than all remaining phases mints up to 600 M and reports the rest as unsubsidized', () => {
    const r = subsidizeFee(CORE_INCENTIVE - 5n, 10n ** 18n);
    expect(r.coreMinted).toBe(CORE_INCENTIVE);
    expect(r.subsidy).toBe(5n);
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]!.phase).toBe(12);
    expect(r.unsubsidizedFee).toBe(10n ** 18n - r.segments[0]!.fee);
  });
});
