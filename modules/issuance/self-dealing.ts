import { IssuanceErrors, requireNonNegative } from './errors.js';
import { payInference, type PayoutParams } from './inference-payout.js';
import { rational, type Rational } from './rational.js';
import { subsidyShare } from './subsidy-share.js';
import type { SubsidyMode } from './subsidy-mode.js';
import { validateTrainingShareBps } from './training-fund.js';

const BPS = 10_000n;

/**
 * What a coalition of weight `w` (a fraction of all weight) expects back per coin it pays itself, net of the training
 * share: w·(1−t)/(1−s) per request, w·(1−t) on the daily budget (only its own fee comes back). Above 1 it profits.
 */
export function expectedSelfDealingReturn(
  phase: number,
  w: Rational,
  trainingShareBps: bigint,
  mode: SubsidyMode,
): Rational {
  validateTrainingShareBps(trainingShareBps);
  if (w.den <= 0n || w.num < 0n || w.num > w.den)
    throw IssuanceErrors.InvalidParams.wrap(`coalition weight must be a fraction within [0, 1], got ${w.num}/${w.den}`);
  const s = subsidyShare(phase);
  const net = rational(w.num * (BPS - trainingShareBps), w.den * BPS);
  return mode === 'per-request' ? rational(net.num * s.den, net.den * (s.den - s.num)) : net;
}

export interface SelfDealingScenario {
  coreMinted: bigint;
  coalitionWeight: bigint;
  honestWeight: bigint;
  requests: number;
  feePerRequest: bigint;
  params: PayoutParams;
}

export interface SelfDealingOutcome {
  paid: bigint;
  /** What the coalition's executors earned from its own requests, net of the training share. */
  received: bigint;
  subsidyMinted: bigint;
}

/**
 * The coalition sends itself `requests` paid requests through payInference; each executor is drawn by weight with
 * `below(n)` (uniform in [0, n), injected so the caller chooses the randomness). On the daily budget the day's subsidy
 * is paid by work whether or not the coalition sends anything, so it is not part of what self-dealing changes.
 */
export function simulateSelfDealing(sc: SelfDealingScenario, below: (n: bigint) => bigint): SelfDealingOutcome {
  requireNonNegative('coalition weight', sc.coalitionWeight);
  requireNonNegative('honest weight', sc.honestWeight);
  if (!Number.isSafeInteger(sc.requests) || sc.requests < 0)
    throw IssuanceErrors.InvalidParams.wrap(`requests must be a non-negative integer, got ${sc.requests}`);
  const totalWeight = sc.coalitionWeight + sc.honestWeight;
  if (totalWeight === 0n) throw IssuanceErrors.InvalidParams.wrap('the network needs some weight');
  let coreMinted = sc.coreMinted;
  let received = 0n;
  for (let i = 0; i < sc.requests; i++) {
    const paid = payInference(coreMinted, sc.feePerRequest, sc.params);
    coreMinted = paid.coreMinted;
    if (below(totalWeight) < sc.coalitionWeight) received += paid.providers;
  }
  return { paid: sc.feePerRequest * BigInt(sc.requests), received, subsidyMinted: coreMinted - sc.coreMinted };
}
