import { IssuanceErrors, requireNonNegative } from './errors.js';

/** Appendix K: "20% of all inference revenue (including transaction fees and mining rewards)"; gov may change it after year 5. */
export const PAPER_TRAINING_SHARE_BPS = 2000n;
const BPS = 10_000n;

export function validateTrainingShareBps(bps: bigint): bigint {
  if (bps < 0n || bps > BPS)
    throw IssuanceErrors.InvalidParams.wrap(`training share must be within [0, ${BPS}] basis points, got ${bps}`);
  return bps;
}

/**
 * Splits what the executor side earns for inference (fee + minted subsidy, the "gross") into the training fund's share
 * and the providers' net. The fund gets floor(gross × bps / 10,000) and the providers the rest, so the two always add
 * up to the gross: the split moves coins, it never mints.
 */
export function splitTrainingFund(gross: bigint, bps: bigint): { trainingFund: bigint; providers: bigint } {
  requireNonNegative('inference revenue', gross);
  validateTrainingShareBps(bps);
  const trainingFund = (gross * bps) / BPS;
  return { trainingFund, providers: gross - trainingFund };
}
