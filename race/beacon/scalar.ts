import { secp256k1 } from '@noble/curves/secp256k1.js';
import { invert } from '@noble/curves/abstract/modular.js';
import { fail } from './errors.js';

export type CurvePoint = typeof secp256k1.Point.BASE;

export const CURVE_ORDER: bigint = secp256k1.Point.Fn.ORDER;
export const G: CurvePoint = secp256k1.Point.BASE;

export function modN(a: bigint): bigint {
  const r = a % CURVE_ORDER;
  return r < 0n ? r + CURVE_ORDER : r;
}

export function invN(a: bigint): bigint {
  return invert(modN(a), CURVE_ORDER);
}

export function scalarToBytes(s: bigint): Uint8Array {
  if (s < 0n || s >= CURVE_ORDER) fail('malformed', 'scalar out of range');
  const out = new Uint8Array(32);
  let x = s;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Big-endian 32 bytes → scalar; values ≥ n are refused (never reduced) so the encoding is unique. */
export function bytesToScalar(bytes: Uint8Array, what: string, nonZero = false): bigint {
  if (bytes.length !== 32) fail('malformed', `${what} must be 32 bytes`);
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  if (x >= CURVE_ORDER) fail('malformed', `${what} is not below the group order`);
  if (nonZero && x === 0n) fail('malformed', `${what} must not be zero`);
  return x;
}

/** A 33-byte compressed point on the curve, not the identity. */
export function decodePoint(bytes: Uint8Array, what: string): CurvePoint {
  if (bytes.length !== 33) fail('malformed', `${what} must be a 33-byte compressed point`);
  let p: CurvePoint;
  try {
    p = secp256k1.Point.fromBytes(bytes);
  } catch {
    fail('malformed', `${what} is not a point on secp256k1`);
  }
  if (p.is0()) fail('malformed', `${what} is the identity`);
  return p;
}

export function encodePoint(p: CurvePoint): Uint8Array {
  return p.toBytes(true);
}

/** Accepts 33- or 65-byte encodings (the chain may hold either) and returns the canonical compressed form. */
export function normalisePublicKey(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== 33 && bytes.length !== 65) fail('malformed', `${what} must be a 33- or 65-byte public key`);
  let p: CurvePoint;
  try {
    p = secp256k1.Point.fromBytes(bytes);
  } catch {
    fail('malformed', `${what} is not a point on secp256k1`);
  }
  if (p.is0()) fail('malformed', `${what} is the identity`);
  return p.toBytes(true);
}

/** A uniformly random non-zero scalar from injected randomness (48 bytes, so the mod-n bias is negligible). */
export function randomScalar(randomBytes: (n: number) => Uint8Array): bigint {
  const r = randomBytes(48);
  if (!(r instanceof Uint8Array) || r.length !== 48) fail('bad_params', 'randomBytes(48) must return 48 bytes');
  let x = 0n;
  for (const b of r) x = (x << 8n) | BigInt(b);
  return (x % (CURVE_ORDER - 1n)) + 1n;
}
