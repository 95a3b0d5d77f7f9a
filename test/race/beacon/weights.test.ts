import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocatePoints, exceedsFraction, thresholdPoints } from '../../../race/beacon/weights.js';
import { BeaconError, validateBeaconParams } from '../../../race/beacon/index.js';

describe('share points by weight', () => {
  it('uses the largest-remainder rule with ties to the earlier member', () => {
    expect(allocatePoints([40n, 30n, 20n, 10n], 16)).toEqual([6, 5, 3, 2]); // quotas 6.4 4.8 3.2 1.6
    expect(allocatePoints([1n, 1n, 1n], 10)).toEqual([4, 3, 3]);
    expect(allocatePoints([1n, 1n, 1n], 2)).toEqual([1, 1, 0]);
    expect(allocatePoints([5n], 64)).toEqual([64]);
    expect(allocatePoints([10n ** 30n, 1n], 64)).toEqual([64, 0]);
  });

  it('keeps the total exact and every member within one point of its quota (random weights)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 30n }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 1024 }),
        (ws, total) => {
          const points = allocatePoints(ws, total);
          const W = ws.reduce((a, b) => a + b, 0n);
          expect(points.reduce((a, b) => a + b, 0)).toBe(total);
          points.forEach((p, i) => {
            // |p − w·T/W| < 1, in integers: |p·W − w·T| < W
            const diff = BigInt(p) * W - ws[i] * BigInt(total);
            expect(diff < W && -diff < W).toBe(true);
          });
          // A heavier member never gets fewer points.
          for (let i = 0; i < ws.length; i++)
            for (let j = 0; j < ws.length; j++) if (ws[i] > ws[j]) expect(points[i]).toBeGreaterThanOrEqual(points[j]);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('sets the threshold strictly above the fraction of points', () => {
    expect(thresholdPoints(64, { num: 1, den: 2 })).toBe(33);
    expect(thresholdPoints(16, { num: 1, den: 2 })).toBe(9);
    expect(thresholdPoints(15, { num: 1, den: 2 })).toBe(8);
    expect(thresholdPoints(64, { num: 2, den: 3 })).toBe(43);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1024 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (T, a, b) => {
          const [num, den] = a < b ? [a, b] : [b, b + a];
          if (3 * num <= den) return;
          const t = thresholdPoints(T, { num, den });
          expect(t * den > T * num).toBe(true); // strictly more than the fraction
          expect((t - 1) * den <= T * num).toBe(true); // and the smallest such count
          expect(3 * t > T).toBe(true); // a third of the points never reaches it
          expect(t).toBeLessThanOrEqual(T);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('compares fractions in integers', () => {
    expect(exceedsFraction(34n, 100n, { num: 1, den: 3 })).toBe(true);
    expect(exceedsFraction(33n, 99n, { num: 1, den: 3 })).toBe(false);
  });
});

describe('beacon params', () => {
  it('accepts the defaults and refuses thresholds at or below 1/3, at or above 1, and empty windows', () => {
    expect(validateBeaconParams()).toMatchObject({ threshold: { num: 1, den: 2 }, totalSharePoints: 64 });
    for (const bad of [
      { threshold: { num: 1, den: 3 } },
      { threshold: { num: 1, den: 4 } },
      { threshold: { num: 1, den: 1 } },
      { threshold: { num: 1, den: 0 } },
      { threshold: { num: 0.5, den: 1 } },
      { revealBlocks: 0 },
      { totalSharePoints: 5000 },
      { minDealers: 0 },
      { minDealerWeight: { num: 3, den: 3 } },
    ]) {
      expect(() => validateBeaconParams(bad)).toThrow(BeaconError);
    }
  });
});
