import { fail } from './errors.js';
import { invN, modN, randomScalar } from './scalar.js';

/** One point of a dealer's polynomial: x is the global share-point index (1-based), y its value mod n. */
export interface SharePoint {
  index: number;
  value: bigint;
}

/** Coefficients a_0..a_{t-1} with a_0 = secret: any t points determine it, any t-1 reveal nothing. */
export function randomPolynomial(secret: bigint, threshold: number, randomBytes: (n: number) => Uint8Array): bigint[] {
  if (!Number.isSafeInteger(threshold) || threshold < 1) fail('bad_params', 'threshold must be a positive integer');
  const coeffs = [modN(secret)];
  for (let i = 1; i < threshold; i++) coeffs.push(randomScalar(randomBytes));
  return coeffs;
}

export function evalPolynomial(coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let j = coeffs.length - 1; j >= 0; j--) acc = modN(acc * x + coeffs[j]);
  return acc;
}

export function sharesAt(coeffs: readonly bigint[], indices: readonly number[]): SharePoint[] {
  return indices.map((index) => ({ index, value: evalPolynomial(coeffs, BigInt(index)) }));
}

/** Lagrange interpolation at x = 0 over exactly the given points (callers pass t of them). */
export function interpolateAtZero(points: readonly SharePoint[]): bigint {
  if (points.length === 0) fail('bad_share', 'no share points to interpolate');
  const seen = new Set<number>();
  for (const p of points) {
    if (!Number.isSafeInteger(p.index) || p.index < 1)
      fail('bad_share', `share index ${p.index} must be a positive integer`);
    if (seen.has(p.index)) fail('bad_share', `duplicate share index ${p.index}`);
    seen.add(p.index);
  }
  let secret = 0n;
  for (const pi of points) {
    let num = 1n;
    let den = 1n;
    for (const pj of points) {
      if (pj.index === pi.index) continue;
      num = modN(num * BigInt(pj.index));
      den = modN(den * BigInt(pj.index - pi.index));
    }
    secret = modN(secret + pi.value * num * invN(den));
  }
  return secret;
}
