import { IssuanceErrors } from './errors.js';
import { rational, type Rational } from './rational.js';
import { CORE_INCENTIVE, PHASE_COUNT, PHASE_SIZE } from './supply.js';

/**
 * Appendix F: "Each time 5% of the total token supply is issued, the subsidy decreases by 20%", from 90 % in phase 1.
 * s_k = 0.9 × 0.8^(k−1) = 9·4^(k−1) / (10·5^(k−1)), kept as that exact fraction.
 */
export function subsidyShare(phase: number): Rational {
  requirePhase(phase);
  const k = BigInt(phase - 1);
  return rational(9n * 4n ** k, 10n * 5n ** k);
}

/**
 * Subsidy minted per nicoin of developer fee: s/(1−s), so that fee + subsidy = fee/(1−s) (phase 1: 9, "if a developer
 * spends X tokens on a request, hardware providers may receive up to 9X" on top of the X).
 */
export function subsidyPerFee(phase: number): Rational {
  const s = subsidyShare(phase);
  return rational(s.num, s.den - s.num);
}

/** The phase that the next minted nicoin of core incentive belongs to; undefined once all 12 phases are minted. */
export function currentPhase(coreMinted: bigint): number | undefined {
  requireCoreMinted(coreMinted);
  if (coreMinted === CORE_INCENTIVE) return undefined;
  return Number(coreMinted / PHASE_SIZE) + 1;
}

export function requirePhase(phase: number): void {
  if (!Number.isInteger(phase) || phase < 1 || phase > PHASE_COUNT) {
    throw IssuanceErrors.InvalidParams.wrap(`phase must be an integer from 1 to ${PHASE_COUNT}, got ${phase}`);
  }
}

export function requireCoreMinted(coreMinted: bigint): void {
  if (coreMinted < 0n || coreMinted > CORE_INCENTIVE) {
    throw IssuanceErrors.InvalidState.wrap(
      `core incentive minted must be within [0, ${CORE_INCENTIVE}], got ${coreMinted}`,
    );
  }
}
