import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { feeToExhaustPhase, subsidizeFee } from '../../../modules/issuance/fee-subsidy.js';
import { currentPhase, subsidyPerFee } from '../../../modules/issuance/subsidy-share.js';
import { CORE_INCENTIVE, PHASE_SIZE, icons } from '../../../modules/issuance/supply.js';

const F1 = feeToExhaustPhase(1); // ceil(5·10^16 / 9) = 5,555,555.555555556 icon

describe('subsidizeFee: one fee in one phase', () => {
  it('mints floor(fee × s/(1−s)): 9× in phase 1, so the developer pays X and providers get 10X', () => {
    expect(subsidizeFee(0n, icons(1n))).toEqual({
      coreMinted: icons(9n),
      subsidy: icons(9n),
      segments: [{ phase: 1, fee: icons(1n), subsidy: icons(9n) }],
      unsubsidizedFee: 0n,
    });
  });

  it('rounds down within a phase (phase 2: 18/7 per nicoin, 1 nicoin mints 2)', () => {
    expect(subsidizeFee(PHASE_SIZE, 1n).subsidy).toBe(2n);
    expect(subsidizeFee(PHASE_SIZE, 7n).subsidy).toBe(18n);
  });

  it('a zero fee mints nothing', () => {
    expect(subsidizeFee(123n, 0n)).toEqual({ coreMinted: 123n, subsidy: 0n, segments: [], unsubsidizedFee: 0n });
  });
});

describe('subsidizeFee: fees straddling the phase 1 → 2 edge', () => {
  it('one nicoin before the edge: all at the phase-1 rate, the phase stays open', () => {
    const r = subsidizeFee(0n, F1 - 1n);
    expect(F1).toBe(5_555_555_555_555_556n);
    expect(r.segments).toEqual([{ phase: 1, fee: F1 - 1n, subsidy: 9n * (F1 - 1n) }]);
    expect(r.coreMinted).toBe(PHASE_SIZE - 5n);
    expect(currentPhase(r.coreMinted)).toBe(1);
  });

  it('exactly at the edge: the phase closes at 50 M and the next fee is at the phase-2 rate', () => {
    const r = subsidizeFee(0n, F1);
    expect(r.segments).toEqual([{ phase: 1, fee: F1, subsidy: PHASE_SIZE }]);
    expect(currentPhase(r.coreMinted)).toBe(2);
    expect(subsidizeFee(r.coreMinted, 7n).subsidy).toBe(18n);
  });

  it('one nicoin after the edge: the fee is split, the last nicoin at the phase-2 rate', () => {
    const r = subsidizeFee(0n, F1 + 1n);
    expect(r.segments).toEqual([
      { phase: 1, fee: F1, subsidy: PHASE_SIZE },
      { phase: 2, fee: 1n, subsidy: 2n },
    ]);
    expect(r.coreMinted).toBe(PHASE_SIZE + 2n);
  });

  it('from the middle of a phase: the part up to the edge at the old rate, the rest at the new one', () => {
    // 5 nicoin left in phase 1: the edge takes ceil(5/9) = 1 nicoin of fee; the other 6 go to phase 2 (floor(6·18/7) = 15).
    const r = subsidizeFee(PHASE_SIZE - 5n, 7n);
    expect(r.segments).toEqual([
      { phase: 1, fee: 1n, subsidy: 5n },
      { phase: 2, fee: 6n, subsidy: 15n },
    ]);
  });

  it('one payment can cross several phases', () => {
    const r = subsidizeFee(0n, F1 + feeToExhaustPhase(2) + feeToExhaustPhase(3) + 1000n);
    expect(r.segments.map((s) => [s.phase, s.subsidy])).toEqual([
      [1, PHASE_SIZE],
      [2, PHASE_SIZE],
      [3, PHASE_SIZE],
      [4, (1000n * subsidyPerFee(4).num) / subsidyPerFee(4).den],
    ]);
  });
});

describe('subsidizeFee: properties', () => {
  const mintedArb = fc.oneof(
    fc.bigInt({ min: 0n, max: CORE_INCENTIVE }),
    fc
      .integer({ min: 0, max: 12 })
      .chain((k) => fc.bigInt({ min: -3n, max: 3n }).map((d) => BigInt(k) * PHASE_SIZE + d))
      .filter((m) => m >= 0n && m <= CORE_INCENTIVE),
  );
  const feeArb = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 19n }));

  it('never mints past a phase edge or 600 M, never more than the exact rational subsidy, and accounts for the whole fee', () => {
    fc.assert(
      fc.property(mintedArb, feeArb, (minted, fee) => {
        const r = subsidizeFee(minted, fee);
        expect(r.coreMinted <= CORE_INCENTIVE).toBe(true);
        expect(r.coreMinted - minted).toBe(r.subsidy);
        expect(r.segments.reduce((s, g) => s + g.fee, 0n) + r.unsubsidizedFee).toBe(fee);
        let at = minted;
        for (const g of r.segments) {
          const rate = subsidyPerFee(g.phase);
          expect(currentPhase(at)).toBe(g.phase);
          expect(at + g.subsidy <= BigInt(g.phase) * PHASE_SIZE).toBe(true);
          expect(g.subsidy * rate.den <= g.fee * rate.num).toBe(true);
          at += g.subsidy;
        }
        if (r.unsubsidizedFee > 0n) expect(r.coreMinted).toBe(CORE_INCENTIVE);
      }),
    );
  });

  it('paying in two parts never mints more than paying at once', () => {
    fc.assert(
      fc.property(mintedArb, feeArb, feeArb, (minted, a, b) => {
        const first = subsidizeFee(minted, a);
        const split = first.subsidy + subsidizeFee(first.coreMinted, b).subsidy;
        expect(split <= subsidizeFee(minted, a + b).subsidy).toBe(true);
      }),
    );
  });

  it('refuses a negative fee or a state outside [0, 600 M] with a clear error', () => {
    expect(() => subsidizeFee(0n, -1n)).toThrow(/fee must not be negative/);
    expect(() => subsidizeFee(-1n, 1n)).toThrow(/core incentive minted must be within/);
    expect(() => subsidizeFee(CORE_INCENTIVE + 1n, 1n)).toThrow(/core incentive minted must be within/);
  });
});
