import { IssuanceErrors } from './errors.js';
import { compare, rational, type Rational } from './rational.js';
import { subsidyShare } from './subsidy-share.js';
import { validateTrainingShareBps } from './training-fund.js';

const BPS = 10_000n;

/**
 * A coalition of weight w that pays itself X, with executors drawn by weight, gets back w·X/(1−s) before the training
 * share and w·(1−t)·X/(1−s) after it; it profits above w* = (1−s)/(1−t). Phase 1, t = 20 %: w* = 1/8.
 */
export function breakEvenWeight(phase: number, trainingShareBps: bigint): Rational {
  validateTrainingShareBps(trainingShareBps);
  if (trainingShareBps === BPS)
    throw IssuanceErrors.InvalidParams.wrap('with a 100 % training share no weight breaks even');
  const s = subsidyShare(phase);
  return rational((s.den - s.num) * BPS, s.den * (BPS - trainingShareBps));
}

/**
 * The self-dealing mitigation (docs/issuance.md, "Self-dealing"). 'per-request': each fee mints its subsidy for its
 * executor. 'daily-budget': fees mint nothing; the day's minimum issuance is the whole subsidy, paid by verified work,
 * so paying oneself adds no coins to share. A phase runs on the daily budget when its break-even weight is below the
 * guard weight (default 1/3: a coalition that large can already stall consensus).
 */
export type SubsidyMode = 'per-request' | 'daily-budget';

export const DEFAULT_GUARD_WEIGHT: Rational = { num: 1n, den: 3n };

export function subsidyMode(
  phase: number,
  trainingShareBps: bigint,
  guardWeight: Rational = DEFAULT_GUARD_WEIGHT,
): SubsidyMode {
  return compare(breakEvenWeight(phase, trainingShareBps), guardWeight) < 0 ? 'daily-budget' : 'per-request';
}
