import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SeededDraw } from '../../../race/module/draw.js';
import { PAPER_CALENDAR } from '../../../modules/issuance/calendar.js';
import { settleDay } from '../../../modules/issuance/minimum-issuance.js';
import { compare, type Rational } from '../../../modules/issuance/rational.js';
import { PAPER_PAYOUT_PARAMS, type PayoutParams } from '../../../modules/issuance/inference-payout.js';
import {
  expectedSelfDealingReturn,
  simulateSelfDealing,
  type SelfDealingScenario,
} from '../../../modules/issuance/self-dealing.js';
import { breakEvenWeight, subsidyMode } from '../../../modules/issuance/subsidy-mode.js';
import { PAPER_TRAINING_SHARE_BPS } from '../../../modules/issuance/training-fund.js';
import { icons } from '../../../modules/issuance/supply.js';
import { splitByWork } from '../../../modules/issuance/work-split.js';

const T = PAPER_TRAINING_SHARE_BPS;
const ONE: Rational = { num: 1n, den: 1n };
const fifth: Rational = { num: 1n, den: 5n };

describe('break-even weight of a self-dealing coalition', () => {
  it('is 1 − s before the training share (phase 1: 10 %) and (1 − s)/0.8 after it (phase 1: 12.5 %)', () => {
    expect(breakEvenWeight(1, 0n)).toEqual({ num: 10_000n, den: 100_000n });
    expect(compare(breakEvenWeight(1, T), { num: 1n, den: 8n })).toBe(0);
    expect(compare(breakEvenWeight(2, 0n), { num: 28n, den: 100n })).toBe(0);
    expect(compare(breakEvenWeight(2, T), { num: 35n, den: 100n })).toBe(0);
  });

  it('rises every phase', () => {
    for (let k = 2; k <= 12; k++) expect(compare(breakEvenWeight(k, T), breakEvenWeight(k - 1, T))).toBe(1);
  });

  it('puts phase 1 (and phase 2 without a training share) on the daily budget under the 1/3 guard', () => {
    expect(subsidyMode(1, T)).toBe('daily-budget');
    for (let k = 2; k <= 12; k++) expect(subsidyMode(k, T)).toBe('per-request');
    expect(subsidyMode(2, 0n)).toBe('daily-budget');
    expect(subsidyMode(3, 0n)).toBe('per-request');
  });

  it('refuses a 100 % training share (nothing comes back at any weight)', () => {
    expect(() => breakEvenWeight(1, 10_000n)).toThrow(/no weight breaks even/);
  });
});

describe('a 20 % coalition in phase 1', () => {
  it('expects 1.6 coins back per coin per request (profit) and 0.16 on the daily budget (loss)', () => {
    expect(compare(expectedSelfDealingReturn(1, fifth, T, 'per-request'), { num: 8n, den: 5n })).toBe(0);
    expect(compare(expectedSelfDealingReturn(1, fifth, T, 'daily-budget'), { num: 4n, den: 25n })).toBe(0);
    expect(compare(expectedSelfDealingReturn(1, fifth, T, 'daily-budget'), ONE)).toBe(-1);
  });

  /** The paper as written: no guard, every phase pays its subsidy per request. */
  const unguarded: PayoutParams = { trainingShareBps: T, guardWeight: { num: 0n, den: 1n } };
  const scenario = (params: PayoutParams): SelfDealingScenario => ({
    coreMinted: 0n,
    coalitionWeight: 20n,
    honestWeight: 80n,
    requests: 2000,
    feePerRequest: icons(1n),
    params,
  });

  // Simulation with executors drawn by weight. The coalition executes N ~ Binomial(2000, 0.2) of its own requests
  // (mean 400). Per request it gets 8 icon net for each 1 icon paid, so it profits iff N > 250; by Chernoff,
  // P(N ≤ 250) ≤ exp(−2000 · KL(0.125 ‖ 0.2)) = exp(−39.2) < 10^-16 per seed, so even 50 random seeds fail with
  // probability < 10^-14. On the daily budget it gets 0.8 icon per request it executes, at most 1600 < 2000 for any
  // draw: the loss is certain, not statistical.
  it('profits when the subsidy is paid per request (the paper as written), and loses under the guard, for any seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (seed) => {
        const draw = SeededDraw.from('self-dealing', seed);
        const pr = simulateSelfDealing(scenario(unguarded), (n) => draw.below(n));
        expect(pr.paid).toBe(icons(2000n));
        expect(pr.subsidyMinted).toBe(icons(18_000n));
        expect(pr.received > pr.paid).toBe(true);
        const draw2 = SeededDraw.from('self-dealing', seed);
        const db = simulateSelfDealing(scenario(PAPER_PAYOUT_PARAMS), (n) => draw2.below(n));
        expect(db.subsidyMinted).toBe(0n);
        expect(db.received < db.paid).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses impossible scenarios', () => {
    const below = () => 0n;
    expect(() => simulateSelfDealing({ ...scenario(PAPER_PAYOUT_PARAMS), requests: -1 }, below)).toThrow(
      /requests must be a non-negative integer/,
    );
    expect(() =>
      simulateSelfDealing({ ...scenario(PAPER_PAYOUT_PARAMS), coalitionWeight: 0n, honestWeight: 0n }, below),
    ).toThrow(/needs some weight/);
    expect(() => expectedSelfDealingReturn(1, { num: 3n, den: 2n }, T, 'per-request')).toThrow(
      /coalition weight must be a fraction/,
    );
  });

  it("on the daily budget the day's subsidy and the coalition's share of it do not depend on what it pays itself", () => {
    const cal = PAPER_CALENDAR;
    const weights = [
      { address: 'coalition', work: 20n },
      { address: 'honest', work: 80n },
    ];
    // Guarded phase: fees mint nothing, so the demand-driven minting of the day is 0 however many requests are sent.
    const { topUp } = settleDay(cal, 0n, 0n, 0n, 100n);
    const share = splitByWork(topUp, weights).find((p) => p.address === 'coalition')!.amount;
    expect(share === topUp / 5n || share === topUp / 5n + 1n).toBe(true);
    const draw = SeededDraw.from('self-dealing', new Uint8Array(8));
    const sd = simulateSelfDealing(scenario(PAPER_PAYOUT_PARAMS), (n) => draw.below(n));
    // Day income with self-dealing = share + received − paid < share = day income without it.
    expect(share + sd.received - sd.paid < share).toBe(true);
  });
});
