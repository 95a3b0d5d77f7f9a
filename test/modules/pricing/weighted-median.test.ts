import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { weightedMedian, type WeightedVote } from '../../../modules/pricing/weighted-median.js';

const vote = (price: number | bigint, weight: number | bigint): WeightedVote => ({
  price: BigInt(price),
  weight: BigInt(weight),
});

const voteArb = fc.record({
  price: fc.bigInt({ min: 1n, max: 1_000_000n }),
  weight: fc.bigInt({ min: 0n, max: 1_000n }),
});
const votesArb = fc.array(voteArb, { minLength: 1, maxLength: 30 }).filter((vs) => vs.some((v) => v.weight > 0n));

describe('weightedMedian: definition', () => {
  it('is undefined without weight', () => {
    expect(weightedMedian([])).toBeUndefined();
    expect(weightedMedian([vote(5, 0), vote(7, 0)])).toBeUndefined();
  });

  it('takes the heavier side and ignores zero-weight votes', () => {
    expect(weightedMedian([vote(10, 1), vote(20, 5), vote(30, 1)])).toBe(20n);
    expect(weightedMedian([vote(10, 6), vote(20, 5)])).toBe(10n);
    expect(weightedMedian([vote(1, 0), vote(100, 3), vote(200, 4)])).toBe(200n);
  });

  it('picks the lower price when the weight splits exactly in half (even total)', () => {
    expect(weightedMedian([vote(10, 5), vote(20, 5)])).toBe(10n);
    expect(weightedMedian([vote(10, 1), vote(20, 1), vote(30, 1), vote(40, 1)])).toBe(20n);
  });

  it('pools the weight of equal prices and does not depend on input order', () => {
    expect(weightedMedian([vote(30, 3), vote(10, 2), vote(30, 2), vote(20, 2)])).toBe(30n);
    expect(weightedMedian([vote(20, 2), vote(30, 2), vote(10, 2), vote(30, 3)])).toBe(30n);
  });

  it('rejects negative prices or weights', () => {
    expect(() => weightedMedian([vote(-1, 1)])).toThrow(/negative price/);
    expect(() => weightedMedian([vote(1, -1)])).toThrow(/negative weight/);
  });
});

describe('weightedMedian: properties', () => {
  it('is always one of the votes with positive weight', () => {
    fc.assert(
      fc.property(votesArb, (vs) => {
        const m = weightedMedian(vs)!;
        expect(vs.some((v) => v.weight > 0n && v.price === m)).toBe(true);
      }),
    );
  });

  it('has at least half the weight at or below it and at least half at or above it', () => {
    fc.assert(
      fc.property(votesArb, (vs) => {
        const m = weightedMedian(vs)!;
        const total = vs.reduce((s, v) => s + v.weight, 0n);
        const atOrBelow = vs.filter((v) => v.price <= m).reduce((s, v) => s + v.weight, 0n);
        const atOrAbove = vs.filter((v) => v.price >= m).reduce((s, v) => s + v.weight, 0n);
        const below = vs.filter((v) => v.price < m).reduce((s, v) => s + v.weight, 0n);
        expect(2n * atOrBelow >= total).toBe(true);
        expect(2n * atOrAbove >= total).toBe(true);
        // The smallest such price: strictly less than half lies below it.
        expect(2n * below < total).toBe(true);
      }),
    );
  });

  it('does not move when one vote moves toward it (never away from it)', () => {
    fc.assert(
      fc.property(votesArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (vs, pick, frac) => {
        const m = weightedMedian(vs)!;
        const i = pick % vs.length;
        const v = vs[i]!;
        // A new price between the vote and the median (inclusive), chosen by frac.
        const span = m - v.price;
        const step = BigInt(Math.floor(Number(span < 0n ? -span : span) * frac));
        const moved = v.price + (span < 0n ? -step : step);
        const after = vs.map((x, j) => (j === i ? { ...x, price: moved } : x));
        expect(weightedMedian(after)).toBe(m);
      }),
    );
  });

  it('cannot be pushed outside the range of the others by votes holding less than half of the weight', () => {
    fc.assert(
      fc.property(votesArb, votesArb, (honest, attackers) => {
        const hw = honest.reduce((s, v) => s + v.weight, 0n);
        const aw = attackers.reduce((s, v) => s + v.weight, 0n);
        fc.pre(2n * aw < hw + aw);
        const m = weightedMedian([...honest, ...attackers])!;
        const counted = honest.filter((v) => v.weight > 0n).map((v) => v.price);
        const lo = counted.reduce((a, b) => (a < b ? a : b));
        const hi = counted.reduce((a, b) => (a > b ? a : b));
        expect(m >= lo && m <= hi).toBe(true);
      }),
    );
  });

  it('shows the bound is tight: exactly half of the weight can pick the median', () => {
    expect(weightedMedian([vote(100, 5), vote(1, 5)])).toBe(1n);
  });

  it('is the same for any order of the votes', () => {
    fc.assert(
      fc.property(votesArb, fc.nat(), (vs, seed) => {
        const shuffled = [...vs].sort((a, b) =>
          Number(((a.price * 31n + a.weight + BigInt(seed)) % 97n) - ((b.price * 31n + b.weight + BigInt(seed)) % 97n)),
        );
        expect(weightedMedian(shuffled)).toBe(weightedMedian(vs));
      }),
    );
  });
});
