import { IssuanceErrors, requireNonNegative } from './errors.js';
import { subsidizeFee, type FeeSegment } from './fee-subsidy.js';
import type { Rational } from './rational.js';
import { DEFAULT_GUARD_WEIGHT, subsidyMode } from './subsidy-mode.js';
import { currentPhase } from './subsidy-share.js';
import { PAPER_TRAINING_SHARE_BPS, splitTrainingFund, validateTrainingShareBps } from './training-fund.js';

export interface PayoutParams {
  trainingShareBps: bigint;
  /** Phases whose self-dealing break-even weight is below this run on the daily budget (subsidy-mode.ts). */
  guardWeight: Rational;
}

export const PAPER_PAYOUT_PARAMS: PayoutParams = {
  trainingShareBps: PAPER_TRAINING_SHARE_BPS,
  guardWeight: DEFAULT_GUARD_WEIGHT,
};

export function validatePayoutParams(p: PayoutParams): PayoutParams {
  validateTrainingShareBps(p.trainingShareBps);
  const g = p.guardWeight;
  if (g.den <= 0n || g.num < 0n || g.num > g.den)
    throw IssuanceErrors.InvalidParams.wrap(`guard weight must be a fraction within [0, 1], got ${g.num}/${g.den}`);
  return p;
}

export interface InferencePayout {
  coreMinted: bigint;
  subsidy: bigint;
  segments: FeeSegment[];
  trainingFund: bigint;
  /** What the executor side keeps: fee + subsidy − training share. */
  providers: bigint;
}

/**
 * One paid inference request: the subsidy it mints (none while the phase runs on the daily budget), then the training
 * share of fee + subsidy. Break-even weights rise every phase, so the guarded phases come first and a fee paid in a
 * per-request phase never reaches a guarded one.
 */
export function payInference(coreMinted: bigint, fee: bigint, p: PayoutParams): InferencePayout {
  requireNonNegative('fee', fee);
  validatePayoutParams(p);
  const phase = currentPhase(coreMinted);
  const perRequest = phase !== undefined && subsidyMode(phase, p.trainingShareBps, p.guardWeight) === 'per-request';
  const minted = perRequest ? subsidizeFee(coreMinted, fee) : { coreMinted, subsidy: 0n, segments: [] };
  const { trainingFund, providers } = splitTrainingFund(fee + minted.subsidy, p.trainingShareBps);
  return { coreMinted: minted.coreMinted, subsidy: minted.subsidy, segments: minted.segments, trainingFund, providers };
}
