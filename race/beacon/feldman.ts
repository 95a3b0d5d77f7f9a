import { secp256k1 } from '@noble/curves/secp256k1.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { u32be } from './bytes.js';
import { BEACON_DOMAIN, hashToScalar, taggedHash } from './hash.js';
import { type CurvePoint, CURVE_ORDER, G, encodePoint, modN, scalarToBytes } from './scalar.js';
import type { SharePoint } from './shamir.js';

/** C_j = a_j·G for every coefficient: publishes the polynomial "in the exponent". */
export function feldmanCommit(coeffs: readonly bigint[]): CurvePoint[] {
  return coeffs.map((c) => G.multiplyUnsafe(c));
}

/** Σ_j C_j·e_j as one multi-scalar multiplication. */
function combine(commitments: readonly CurvePoint[], exps: bigint[]): CurvePoint {
  return pippenger(secp256k1.Point, [...commitments], exps);
}

/** Double-and-add for the small share indices; cheaper than the generic multiplier's set-up. */
function mulSmall(p: CurvePoint, x: number): CurvePoint {
  let acc = secp256k1.Point.ZERO;
  for (let bit = 31 - Math.clz32(x); bit >= 0; bit--) {
    acc = acc.double();
    if ((x >>> bit) & 1) acc = acc.add(p);
  }
  return acc;
}

/** Σ_j C_j·x^j by Horner, every step a short multiplication by the index. */
function expectedSharePoint(commitments: readonly CurvePoint[], index: number): CurvePoint {
  let acc = commitments[commitments.length - 1];
  for (let j = commitments.length - 2; j >= 0; j--) acc = mulSmall(acc, index).add(commitments[j]);
  return acc;
}

/** A share is good when value·G equals the committed polynomial evaluated at its index. */
export function verifyShare(commitments: readonly CurvePoint[], index: number, value: bigint): boolean {
  if (commitments.length === 0 || value < 0n || value >= CURVE_ORDER || !Number.isSafeInteger(index) || index < 1)
    return false;
  return G.multiplyUnsafe(value).equals(expectedSharePoint(commitments, index));
}

/** Below this many shares, one Horner pass per share beats a full-width multi-scalar multiplication. */
const BATCH_FROM = 8;

/**
 * All shares at once by a random linear combination: Σ_k r_k·s_k·G = Σ_j C_j·(Σ_k r_k·x_k^j).
 * The r_k are hashed from the commitments and every share (Fiat–Shamir), so nobody can pick bad
 * values that cancel; a bad set passes with probability about 2^-256. One MSM of t points replaces
 * one per share, which keeps a share message cheap enough for a transaction.
 */
export function verifyShares(commitments: readonly CurvePoint[], shares: readonly SharePoint[]): boolean {
  if (commitments.length === 0 || shares.length === 0) return false;
  for (const s of shares)
    if (s.value < 0n || s.value >= CURVE_ORDER || !Number.isSafeInteger(s.index) || s.index < 1) return false;
  if (shares.length < BATCH_FROM) return shares.every((s) => verifyShare(commitments, s.index, s.value));
  const weights = batchWeights(commitments, shares);
  const exps = new Array<bigint>(commitments.length).fill(0n);
  let lhs = 0n;
  shares.forEach((s, k) => {
    const x = BigInt(s.index);
    let pow = weights[k];
    for (let j = 0; j < commitments.length; j++) {
      exps[j] = modN(exps[j] + pow);
      pow = modN(pow * x);
    }
    lhs = modN(lhs + weights[k] * s.value);
  });
  return G.multiplyUnsafe(lhs).equals(combine(commitments, exps));
}

function batchWeights(commitments: readonly CurvePoint[], shares: readonly SharePoint[]): bigint[] {
  const transcript = taggedHash(
    BEACON_DOMAIN.batch,
    concatBytes(...commitments.map(encodePoint)),
    concatBytes(...shares.map((s) => concatBytes(u32be(s.index), scalarToBytes(s.value)))),
  );
  return shares.map((_, k) => hashToScalar(BEACON_DOMAIN.batch, transcript, u32be(k)));
}
