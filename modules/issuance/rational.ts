import { IssuanceErrors } from './errors.js';

/** An exact fraction num/den with den > 0: shares and prices are kept exact, never as floats. */
export interface Rational {
  num: bigint;
  den: bigint;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den <= 0n) throw IssuanceErrors.InvalidParams.wrap(`denominator must be positive, got ${den}`);
  return { num, den };
}

/** floor(a × r) for a ≥ 0 and r ≥ 0. */
export function mulFloor(a: bigint, r: Rational): bigint {
  return (a * r.num) / r.den;
}

/** ceil(a × r) for a ≥ 0 and r ≥ 0. */
export function mulCeil(a: bigint, r: Rational): bigint {
  return (a * r.num + r.den - 1n) / r.den;
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
