import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { splitByWork, type WorkShare } from '../../../modules/issuance/work-split.js';

const share = (address: string, work: bigint): WorkShare => ({ address, work });

describe('splitByWork', () => {
  it('splits in proportion to work and pays out exactly the total', () => {
    expect(splitByWork(100n, [share('a', 1n), share('b', 3n)])).toEqual([
      { address: 'a', amount: 25n },
      { address: 'b', amount: 75n },
    ]);
  });

  it('gives the leftover nicoin to the largest remainders, ties to the smaller address', () => {
    // 10 over 3 equal workers: 3 each, the 1 left to "a".
    expect(splitByWork(10n, [share('c', 1n), share('a', 1n), share('b', 1n)])).toEqual([
      { address: 'a', amount: 4n },
      { address: 'b', amount: 3n },
      { address: 'c', amount: 3n },
    ]);
    // 10 × 2/3 = 6.67, 10 × 1/3 = 3.33: the leftover goes to the larger remainder.
    expect(splitByWork(10n, [share('a', 1n), share('b', 2n)])).toEqual([
      { address: 'a', amount: 3n },
      { address: 'b', amount: 7n },
    ]);
  });

  it('leaves out workers without work and refuses bad input', () => {
    expect(splitByWork(5n, [share('a', 0n), share('b', 2n)])).toEqual([{ address: 'b', amount: 5n }]);
    expect(splitByWork(0n, [])).toEqual([]);
    expect(() => splitByWork(5n, [share('a', 0n)])).toThrow(/no work/);
    expect(() => splitByWork(5n, [share('a', -1n)])).toThrow(/work of a must not be negative/);
    expect(() => splitByWork(-5n, [share('a', 1n)])).toThrow(/must not be negative/);
    expect(() => splitByWork(5n, [share('a', 1n), share('a', 2n)])).toThrow(/duplicate worker a/);
  });

  const sharesArb = fc
    .uniqueArray(
      fc.record({ address: fc.string({ minLength: 1, maxLength: 4 }), work: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
      { selector: (s) => s.address, minLength: 1, maxLength: 20 },
    )
    .filter((ss) => ss.some((s) => s.work > 0n));

  it('always pays exactly the total, each within one nicoin of its exact share, whatever the input order', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), sharesArb, (total, shares) => {
        const out = splitByWork(total, shares);
        expect(out.reduce((s, p) => s + p.amount, 0n)).toBe(total);
        const sum = shares.reduce((s, x) => s + x.work, 0n);
        for (const p of out) {
          const w = shares.find((s) => s.address === p.address)!.work;
          const exactFloor = (total * w) / sum;
          expect(p.amount === exactFloor || p.amount === exactFloor + 1n).toBe(true);
        }
        expect(splitByWork(total, [...shares].reverse())).toEqual(out);
      }),
    );
  });
});
