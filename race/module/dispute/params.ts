import { allowedFailures } from '../binomial.js';

/**
 * Governable parameters of the dispute machine. Defaults keep the re-run work of today's validation (3 validators ×
 * 100 nonces = 300 re-runs per participant at the paper's settings) while every sampled item is checked twice:
 * 150 items × 2 checkers.
 */
export interface DisputeParams {
  /** Items sampled from each claim (all when fewer). */
  sampleSize: number;
  /** Distinct checkers per sampled item (≥ 2, so one lying checker is contradicted). */
  checkersPerItem: number;
  /** Assumed rate at which an honest check of an honest item fails on other hardware (float noise), ppm. */
  mismatchRatePpm: bigint;
  /** The noise budget: an honest party exceeds it with probability at most this, ppm (per block of 4096 results). */
  tolerancePpm: bigint;
  /** Each item the majority finds invalid takes `invalidPenalty / sampled` of the claim's value off (> 1 makes forging lose). */
  invalidPenalty: bigint;
  /** Epochs a convicted participant is excluded after the epoch of its conviction. */
  exclusionEpochs: bigint;
}

export const DEFAULT_DISPUTE_PARAMS: Readonly<DisputeParams> = Object.freeze({
  sampleSize: 150,
  checkersPerItem: 2,
  mismatchRatePpm: 1000n,
  tolerancePpm: 1n,
  invalidPenalty: 2n,
  exclusionEpochs: 7n,
});

/** Every field checked; bad input gets an error naming the field. Returns a copy. */
export function validateDisputeParams(p: DisputeParams): DisputeParams {
  const fail = (m: string): never => {
    throw new Error(`dispute params: ${m}`);
  };
  if (!Number.isSafeInteger(p.sampleSize) || p.sampleSize < 1 || p.sampleSize > 4096)
    fail('sample_size must be in [1, 4096]');
  if (!Number.isSafeInteger(p.checkersPerItem) || p.checkersPerItem < 2 || p.checkersPerItem > 16)
    fail('checkers_per_item must be in [2, 16]');
  if (p.mismatchRatePpm < 0n || p.mismatchRatePpm >= 1_000_000n) fail('mismatch_rate_ppm must be in [0, 999999]');
  if (p.tolerancePpm < 1n || p.tolerancePpm >= 1_000_000n) fail('tolerance_ppm must be in [1, 999999]');
  if (p.invalidPenalty < 1n || p.invalidPenalty > 100n) fail('invalid_penalty must be in [1, 100]');
  if (p.exclusionEpochs < 0n || p.exclusionEpochs > 10_000n) fail('exclusion_epochs must be in [0, 10000]');
  return { ...p };
}

const BLOCK = 4096;

/**
 * The honest-noise budget for n results: wrong results an honest party may have without conviction. For n ≤ 4096 it
 * is allowedFailures(n) (P[honest exceeds] ≤ tolerance); larger n are cut into blocks of 4096 and the budgets added,
 * so P[honest exceeds] ≤ blocks × tolerance (a union bound; the exact sum would need 10^(6n)-digit integers).
 */
export function noiseBudget(n: number, p: Pick<DisputeParams, 'mismatchRatePpm' | 'tolerancePpm'>): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`result count ${n} is not a count`);
  let budget = 0;
  for (let left = n; left > 0; left -= BLOCK)
    budget += allowedFailures(Math.min(left, BLOCK), p.mismatchRatePpm, p.tolerancePpm);
  return budget;
}
