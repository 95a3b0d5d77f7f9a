import { requireNonNegative } from './errors.js';
import { mulCeil, mulFloor, rational } from './rational.js';
import { currentPhase, requireCoreMinted, subsidyPerFee } from './subsidy-share.js';
import { PHASE_SIZE } from './supply.js';

/** The part of one fee that fell into one phase, and the subsidy it minted there. */
export interface FeeSegment {
  phase: number;
  fee: bigint;
  subsidy: bigint;
}

export interface FeeSubsidy {
  /** Core incentive minted after this fee (the state to carry forward). */
  coreMinted: bigint;
  /** Total subsidy minted for this fee: the executor side receives fee + subsidy. */
  subsidy: bigint;
  segments: FeeSegment[];
  /** The part of the fee paid after phase 12 was exhausted: it mints nothing. */
  unsubsidizedFee: bigint;
}

/**
 * The demand-driven subsidy for one developer fee (issue item 2), exact in integer nicoin.
 *
 * Rounding, chosen so that no phase ever mints past its 50 M: within a phase the subsidy is floor(fee × s/(1−s)). When
 * that would reach the phase's edge, the phase mints exactly what is left of it, and the fee that bought that rest is
 * ceil(rest × (1−s)/s), the smallest fee whose floored subsidy reaches the edge; the remaining fee continues in the
 * next phase at the next rate. Both roundings are against minting, so the sum over segments never exceeds the exact
 * rational subsidy and each phase closes at exactly 50 M.
 */
export function subsidizeFee(coreMinted: bigint, fee: bigint): FeeSubsidy {
  requireCoreMinted(coreMinted);
  requireNonNegative('fee', fee);
  const segments: FeeSegment[] = [];
  let minted = coreMinted;
  let feeLeft = fee;
  for (let phase = currentPhase(minted); feeLeft > 0n && phase !== undefined; phase = currentPhase(minted)) {
    const perFee = subsidyPerFee(phase);
    const room = BigInt(phase) * PHASE_SIZE - minted;
    const full = mulFloor(feeLeft, perFee);
    if (full < room) {
      segments.push({ phase, fee: feeLeft, subsidy: full });
      minted += full;
      feeLeft = 0n;
    } else {
      // full ≥ room ⇔ feeLeft ≥ room/perFee, so feeToEdge ≤ feeLeft.
      const feeToEdge = mulCeil(room, rational(perFee.den, perFee.num));
      segments.push({ phase, fee: feeToEdge, subsidy: room });
      minted += room;
      feeLeft -= feeToEdge;
    }
  }
  return { coreMinted: minted, subsidy: minted - coreMinted, segments, unsubsidizedFee: feeLeft };
}

/** The fee that mints a whole phase from its start: ceil(50 M × (1−s)/s), appendix F's "fees paid by developers". */
export function feeToExhaustPhase(phase: number): bigint {
  const perFee = subsidyPerFee(phase);
  return mulCeil(PHASE_SIZE, rational(perFee.den, perFee.num));
}
