import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  EMPTY_POOL,
  PAPER_POOL_SCHEDULE,
  buyFromPool,
  latestPrice,
  sellToPool,
  validatePoolSchedule,
  type PoolState,
} from '../../../modules/issuance/liquidity-pool.js';
import { LIQUIDITY_POOL, icons } from '../../../modules/issuance/supply.js';

const sched = PAPER_POOL_SCHEDULE;
/** Micro-USDT: $1 = 10^6. */
const usd = (dollars: bigint) => dollars * 1_000_000n;

describe('the pool schedule (appendix E)', () => {
  it('starts with 12 M at $0.005, then $0.01, and adds up to 120 M', () => {
    expect(sched[0]).toEqual({ size: icons(12_000_000n), price: 5_000n });
    expect(sched[1]!.price).toBe(10_000n);
    expect(validatePoolSchedule(sched)).toBe(sched);
  });

  it('refuses schedules that do not add up to 120 M, or whose prices do not rise', () => {
    expect(() => validatePoolSchedule([{ size: icons(12_000_000n), price: 5_000n }])).toThrow(/must add up to/);
    expect(() => validatePoolSchedule([])).toThrow(/at least one tranche/);
    expect(() =>
      validatePoolSchedule([
        { size: LIQUIDITY_POOL / 2n, price: 10n },
        { size: LIQUIDITY_POOL / 2n, price: 10n },
      ]),
    ).toThrow(/tranche 2: price must be positive and above/);
    expect(() => validatePoolSchedule([{ size: 0n, price: 10n }])).toThrow(/tranche 1: size must be positive/);
  });
});

describe('buying from the pool', () => {
  it('sells the first tranche at $0.005: $60,000 buys exactly 12 M, and the price is still $0.005', () => {
    const r = buyFromPool(sched, EMPTY_POOL, usd(60_000n));
    expect(r.coins).toBe(icons(12_000_000n));
    expect(r.refund).toBe(0n);
    expect(r.state).toEqual({ sold: icons(12_000_000n), reserves: usd(60_000n), boughtBack: 0n });
    expect(latestPrice(sched, r.state)).toBe(5_000n);
  });

  it('opens the next tranche only when the previous one is sold out, at the higher price', () => {
    const r = buyFromPool(sched, EMPTY_POOL, usd(60_000n) + usd(10n));
    expect(r.coins).toBe(icons(12_000_000n) + icons(1_000n));
    expect(latestPrice(sched, r.state)).toBe(10_000n);
  });

  it('pays whole nicoin and rounds the price up, refunding what cannot buy one nicoin', () => {
    // 1 micro-USDT buys floor(10^9/5000) = 200,000 nicoin at the first price.
    const r = buyFromPool(sched, EMPTY_POOL, 1n);
    expect(r).toEqual({ state: { sold: 200_000n, reserves: 1n, boughtBack: 0n }, coins: 200_000n, refund: 0n });
  });

  it('never sells more than 120 M: the rest is refunded', () => {
    const r = buyFromPool(sched, EMPTY_POOL, usd(10n ** 12n));
    expect(r.state.sold).toBe(LIQUIDITY_POOL);
    const cost = sched.reduce((s, t) => s + (t.size * t.price) / 10n ** 9n, 0n);
    expect(r.refund).toBe(usd(10n ** 12n) - cost);
    expect(buyFromPool(sched, r.state, usd(5n))).toEqual({ state: r.state, coins: 0n, refund: usd(5n) });
  });
});

describe('selling back to the pool', () => {
  const bought = buyFromPool(sched, EMPTY_POOL, usd(1_000n)).state; // 200,000 icon at $0.005

  it('pays the latest achieved price', () => {
    const r = sellToPool(sched, bought, icons(1_000n));
    expect(r.quoteOut).toBe(usd(5n));
    expect(r.coinsTaken).toBe(icons(1_000n));
    expect(r.state).toEqual({ sold: bought.sold, reserves: usd(995n), boughtBack: icons(1_000n) });
  });

  it('is limited by the reserves: the pool takes only the coins its reserves cover', () => {
    const r = sellToPool(sched, bought, icons(1_000_000n));
    expect(r.quoteOut).toBe(usd(1_000n));
    expect(r.coinsTaken).toBe(icons(200_000n));
    expect(r.state.reserves).toBe(0n);
    expect(() => sellToPool(sched, r.state, icons(1n))).toThrow(/would pay nothing/);
  });

  it('is refused before the first sale or for a negative amount', () => {
    expect(() => sellToPool(sched, EMPTY_POOL, icons(1n))).toThrow(/sold nothing yet/);
    expect(() => sellToPool(sched, bought, -1n)).toThrow(/must not be negative/);
  });

  it('keeps the pool solvent and within 120 M under any sequence of buys and sells', () => {
    const op = fc.oneof(
      fc.record({
        buy: fc.oneof(fc.bigInt({ min: 0n, max: usd(100_000n) }), fc.bigInt({ min: 0n, max: usd(10n ** 9n) })),
      }),
      fc.record({ sell: fc.bigInt({ min: 0n, max: icons(50_000_000n) }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let s: PoolState = EMPTY_POOL;
        let quoteIn = 0n;
        let quoteOut = 0n;
        for (const o of ops) {
          if ('buy' in o) {
            const r = buyFromPool(sched, s, o.buy);
            expect(r.refund >= 0n && r.refund <= o.buy).toBe(true);
            quoteIn += o.buy - r.refund;
            s = r.state;
          } else {
            try {
              const r = sellToPool(sched, s, o.sell);
              quoteOut += r.quoteOut;
              s = r.state;
            } catch (err) {
              // Refused (no price yet, or worth nothing against the reserves): the state is unchanged.
              expect(String(err)).toMatch(/sold nothing yet|would pay nothing/);
            }
          }
          expect(s.sold <= LIQUIDITY_POOL).toBe(true);
          expect(s.reserves).toBe(quoteIn - quoteOut);
          expect(s.reserves >= 0n).toBe(true);
        }
      }),
    );
  });
});
