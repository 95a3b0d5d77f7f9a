import { fail } from './errors.js';

export interface Fraction {
  num: number;
  den: number;
}

/**
 * Share points in proportion to weight by the largest-remainder (Hamilton) rule, in integers only:
 * member i gets floor(w_i·T/W), and the T − Σfloor leftover points go one each to the largest
 * remainders (w_i·T mod W), ties to the earlier member. So every member is within one point of its
 * exact quota and the total is exactly T.
 */
export function allocatePoints(weights: readonly bigint[], total: number): number[] {
  if (!Number.isSafeInteger(total) || total < 1) fail('bad_params', 'total share points must be a positive integer');
  if (weights.length === 0) fail('bad_params', 'no weights to allocate');
  let sum = 0n;
  for (const w of weights) {
    if (w <= 0n) fail('bad_params', 'weights must be positive');
    sum += w;
  }
  const T = BigInt(total);
  const points = weights.map((w) => Number((w * T) / sum));
  const remainders = weights.map((w, i) => ({ i, r: (w * T) % sum }));
  let leftover = total - points.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0) break;
    points[i] += 1;
    leftover -= 1;
  }
  return points;
}

/** Strictly more than the fraction of all points: t = floor(T·num/den) + 1. */
export function thresholdPoints(total: number, threshold: Fraction): number {
  return Math.floor((total * threshold.num) / threshold.den) + 1;
}

/** a/b > f, in integers. */
export function exceedsFraction(part: bigint, whole: bigint, f: Fraction): boolean {
  return part * BigInt(f.den) > whole * BigInt(f.num);
}
