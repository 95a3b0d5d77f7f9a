/**
 * The binomial tolerance of validation, in exact integer arithmetic. An honest nonce fails on another machine with
 * probability p = mismatch_ppm / 10^6 (float differences near the threshold). A validator that re-ran k nonces
 * accepts the participant when its failures are at most f(k): the smallest f with P[Bin(k, p) > f] ≤ tolerance_ppm /
 * 10^6. So an honest participant is rejected by one validator with probability at most the tolerance, while a
 * participant that forged a fraction q ≫ p of its nonces fails about q·k of them.
 */
const MILLION = 1_000_000n;
const cache = new Map<string, number>();

export function allowedFailures(k: number, mismatchPpm: bigint, tolerancePpm: bigint): number {
  if (!Number.isSafeInteger(k) || k < 0 || k > 4096) throw new Error(`sample of ${k} nonces is out of range`);
  if (mismatchPpm < 0n || mismatchPpm >= MILLION || tolerancePpm <= 0n || tolerancePpm >= MILLION)
    throw new Error('rates must be in (0, 10^6) ppm');
  const key = `${k}/${mismatchPpm}/${tolerancePpm}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const a = mismatchPpm;
  const b = MILLION - a;
  const denom = MILLION ** BigInt(k);
  // cumulative numerator of P[X ≤ f] with denominator 10^(6k)
  let cumulative = 0n;
  let binom = 1n;
  let f = k;
  for (let i = 0; i <= k; i++) {
    if (i > 0) binom = (binom * BigInt(k - i + 1)) / BigInt(i);
    cumulative += binom * a ** BigInt(i) * b ** BigInt(k - i);
    // P[X > i] ≤ tol  ⇔  (denom − cumulative) · 10^6 ≤ tol · denom
    if ((denom - cumulative) * MILLION <= tolerancePpm * denom) {
      f = i;
      break;
    }
  }
  cache.set(key, f);
  return f;
}
