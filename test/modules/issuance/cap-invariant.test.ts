import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type Calendar } from '../../../modules/issuance/calendar.js';
import { PAPER_PAYOUT_PARAMS, payInference, type PayoutParams } from '../../../modules/issuance/inference-payout.js';
import {
  EMPTY_POOL,
  PAPER_POOL_SCHEDULE,
  buyFromPool,
  sellToPool,
  type PoolState,
} from '../../../modules/issuance/liquidity-pool.js';
import { settleDay } from '../../../modules/issuance/minimum-issuance.js';
import {
  ADDITIONAL_REWARD,
  CORE_INCENTIVE,
  FOUNDERS,
  LIQUIDITY_POOL,
  PHASE_SIZE,
  TOTAL_SUPPLY,
} from '../../../modules/issuance/supply.js';
import { totalIssued } from '../../../modules/issuance/total-issued.js';

/** Short years so random runs cross year boundaries (halvings) and the end of the additional reward. */
const cal: Calendar = { blocksPerDay: 10n, daysPerYear: 4n };

type Op = { fee: bigint } | { endDay: bigint } | { buy: bigint } | { sell: bigint } | { skipDays: bigint };

const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
  fc.bigInt({ min: 0n, max: 10n ** 17n }),
  fc.bigInt({ min: 0n, max: 10n ** 19n }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ fee: amount }),
  fc.record({ endDay: fc.bigInt({ min: 0n, max: 5n }) }),
  fc.record({ buy: amount }),
  fc.record({ sell: amount }),
  fc.record({ skipDays: fc.bigInt({ min: 0n, max: 3n }) }),
);
const paramsArb: fc.Arbitrary<PayoutParams> = fc.constantFrom(
  PAPER_PAYOUT_PARAMS,
  { ...PAPER_PAYOUT_PARAMS, guardWeight: { num: 0n, den: 1n } },
  { trainingShareBps: 0n, guardWeight: { num: 1n, den: 1n } },
);

interface World {
  coreMinted: bigint;
  pool: PoolState;
  day: bigint;
  demandToday: bigint;
  /** Minted per phase (index 0 = phase 1), from the segments and top-ups. */
  perPhase: bigint[];
}

function addToPhases(perPhase: bigint[], from: bigint, amount: bigint): void {
  let at = from;
  let left = amount;
  while (left > 0n) {
    const k = Number(at / PHASE_SIZE);
    const take = left < (BigInt(k) + 1n) * PHASE_SIZE - at ? left : (BigInt(k) + 1n) * PHASE_SIZE - at;
    perPhase[k]! += take;
    at += take;
    left -= take;
  }
}

function step(w: World, op: Op, p: PayoutParams): World {
  if ('fee' in op) {
    const r = payInference(w.coreMinted, op.fee, p);
    expect(r.trainingFund + r.providers).toBe(op.fee + r.subsidy);
    const perPhase = [...w.perPhase];
    for (const s of r.segments) perPhase[s.phase - 1]! += s.subsidy;
    return { ...w, coreMinted: r.coreMinted, demandToday: w.demandToday + r.subsidy, perPhase };
  }
  if ('endDay' in op) {
    const r = settleDay(cal, w.coreMinted, w.day, w.demandToday, op.endDay);
    const perPhase = [...w.perPhase];
    addToPhases(perPhase, w.coreMinted, r.topUp);
    return { ...w, coreMinted: r.coreMinted, day: w.day + 1n, demandToday: 0n, perPhase };
  }
  if ('buy' in op) return { ...w, pool: buyFromPool(PAPER_POOL_SCHEDULE, w.pool, op.buy).state };
  if ('sell' in op) {
    try {
      return { ...w, pool: sellToPool(PAPER_POOL_SCHEDULE, w.pool, op.sell).state };
    } catch (err) {
      expect(String(err)).toMatch(/sold nothing yet|would pay nothing/);
      return w;
    }
  }
  return { ...w, day: w.day + op.skipDays, demandToday: 0n };
}

describe('the supply cap under random sequences of operations', () => {
  it('never issues more than 10^18 nicoin, nor any allocation more than its share, nor any phase more than 50 M', () => {
    fc.assert(
      fc.property(paramsArb, fc.array(opArb, { maxLength: 60 }), (params, ops) => {
        let w: World = { coreMinted: 0n, pool: EMPTY_POOL, day: 0n, demandToday: 0n, perPhase: Array(12).fill(0n) };
        for (const op of ops) {
          const before = w.coreMinted;
          w = step(w, op, params);
          expect(w.coreMinted >= before).toBe(true);
          expect(w.coreMinted <= CORE_INCENTIVE).toBe(true);
          expect(w.pool.sold <= LIQUIDITY_POOL).toBe(true);
          for (const m of w.perPhase) expect(m <= PHASE_SIZE).toBe(true);
          expect(w.perPhase.reduce((a, b) => a + b, 0n)).toBe(w.coreMinted);
          const issued = totalIssued(cal, { coreMinted: w.coreMinted, poolSold: w.pool.sold, completedDays: w.day });
          expect(issued <= TOTAL_SUPPLY).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reaches exactly 10^18 when every allocation is used up, and not one nicoin more', () => {
    const core = payInference(0n, 10n ** 19n, { ...PAPER_PAYOUT_PARAMS, guardWeight: { num: 0n, den: 1n } }).coreMinted;
    const pool = buyFromPool(PAPER_POOL_SCHEDULE, EMPTY_POOL, 10n ** 19n).state;
    const days = 100n * cal.daysPerYear;
    expect(core).toBe(CORE_INCENTIVE);
    expect(totalIssued(cal, { coreMinted: core, poolSold: pool.sold, completedDays: days })).toBe(TOTAL_SUPPLY);
    expect(CORE_INCENTIVE + LIQUIDITY_POOL + ADDITIONAL_REWARD + FOUNDERS).toBe(TOTAL_SUPPLY);
    expect(settleDay(cal, core, days, 0n, 1n).topUp).toBe(0n);
    expect(payInference(core, 10n ** 19n, PAPER_PAYOUT_PARAMS).subsidy).toBe(0n);
    expect(buyFromPool(PAPER_POOL_SCHEDULE, pool, 10n ** 19n).coins).toBe(0n);
  });
});
