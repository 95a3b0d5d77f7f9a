import { noiseBudget, type DisputeParams } from './params.js';

/** A probability or value as an exact fraction (num / den, den > 0). */
export interface Fraction {
  num: bigint;
  den: bigint;
}

export interface ForgingOutcome {
  /** P[convicted of forgery] for this epoch's claim. */
  conviction: Fraction;
  /** E[weight earned this epoch], in items (nonces). */
  expectedWeight: Fraction;
  /**
   * E[weight] − real work − P[conviction] · exclusionEpochs · real work: what forging adds to what honest work of the
   * same size would earn this epoch and during the exclusion (an honest participant earns its real work each epoch).
   */
  gain: Fraction;
}

function binom(n: bigint, k: bigint): bigint {
  if (k < 0n || k > n) return 0n;
  if (k > n - k) k = n - k;
  let r = 1n;
  for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * The exact expected outcome of a claim of `real + forged` items of which `forged` were never computed, under the
 * dispute machine: the sample of n = min(sampleSize, real + forged) items is uniform without replacement (so the
 * number j of forged items in it is hypergeometric); each sampled forged item escapes with probability `cover` (all
 * its checkers are the forger's accomplices: ≤ c^r for a coalition of share c, 0 for a lone forger) and is otherwise
 * decided invalid by the honest majority. Honest items are taken never to be decided invalid, which only flatters
 * the forger. Invalid v ≤ budget: weight = value·(n − penalty·v)/n; v > budget: 0 and the exclusion.
 */
export function forgingOutcome(
  real: bigint,
  forged: bigint,
  p: DisputeParams,
  cover: Fraction = { num: 0n, den: 1n },
): ForgingOutcome {
  if (real < 0n || forged < 0n || real + forged === 0n)
    throw new Error('real and forged must be ≥ 0 with a positive total');
  if (cover.den <= 0n || cover.num < 0n || cover.num > cover.den) throw new Error('cover must be a probability');
  const total = real + forged;
  const n = total < BigInt(p.sampleSize) ? total : BigInt(p.sampleSize);
  const budget = BigInt(noiseBudget(Number(n), p));
  const c = cover.num;
  const d = cover.den - cover.num;
  const D = cover.den;
  // Common denominator: C(total, n) · D^n · n. Numerators below carry the matching factors.
  const hyperDen = binom(total, n);
  const den = hyperDen * D ** n * n;
  let okProb = 0n; // P[v ≤ budget] · C(total, n) · D^n
  let weightNum = 0n; // E[weight; v ≤ budget] · den
  const jMax = forged < n ? forged : n;
  for (let j = 0n; j <= jMax; j++) {
    const pj = binom(forged, j) * binom(real, n - j);
    if (pj === 0n) continue;
    const vMax = j < budget ? j : budget;
    for (let v = 0n; v <= vMax; v++) {
      // P[v of the j escape-or-not draws are caught] = C(j, v) d^v c^(j−v) / D^j, scaled to D^n.
      const pv = pj * binom(j, v) * d ** v * c ** (j - v) * D ** (n - j);
      okProb += pv;
      const kept = n - p.invalidPenalty * v;
      if (kept > 0n) weightNum += pv * total * kept;
    }
  }
  const probDen = hyperDen * D ** n;
  const conviction = { num: probDen - okProb, den: probDen };
  const expectedWeight = { num: weightNum, den };
  // gain = E[w] − real − P[conv]·X·real, over den.
  const gainNum = weightNum - real * den - (probDen - okProb) * n * p.exclusionEpochs * real;
  return { conviction, expectedWeight, gain: { num: gainNum, den } };
}

export function toNumber(f: Fraction): number {
  // Scaled division keeps 15 significant digits for fractions with huge parts.
  const scale = 10n ** 18n;
  return Number((f.num * scale) / f.den) / 1e18;
}
