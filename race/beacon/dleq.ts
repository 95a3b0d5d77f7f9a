import { concatBytes } from '../../chain/types/bytes.js';
import { BEACON_DOMAIN, hashToScalar } from './hash.js';
import { type CurvePoint, CURVE_ORDER, G, encodePoint, modN, scalarToBytes } from './scalar.js';

export const DLEQ_PROOF_BYTES = 64;

/**
 * Chaum–Pedersen proof that log_G(P) = log_R(S): the complainer shows the shared point S it
 * discloses really is sk·R for its registered key P = sk·G, without disclosing sk.
 */
function challenge(
  P: CurvePoint,
  R: CurvePoint,
  S: CurvePoint,
  A1: CurvePoint,
  A2: CurvePoint,
  ctx: Uint8Array,
): bigint {
  return hashToScalar(
    BEACON_DOMAIN.dleq,
    encodePoint(G),
    encodePoint(P),
    encodePoint(R),
    encodePoint(S),
    encodePoint(A1),
    encodePoint(A2),
    ctx,
  );
}

export function proveDleq(
  secret: bigint,
  R: CurvePoint,
  ctx: Uint8Array,
  randomBytes: (n: number) => Uint8Array,
): { S: CurvePoint; proof: Uint8Array } {
  const P = G.multiply(secret);
  const S = R.multiply(secret);
  // Hedged nonce: safe even if the injected randomness repeats, unpredictable even if the key leaks.
  const k = hashToScalar(BEACON_DOMAIN.dleqNonce, scalarToBytes(secret), encodePoint(R), ctx, randomBytes(32));
  const c = challenge(P, R, S, G.multiply(k), R.multiply(k), ctx);
  const z = modN(k + c * secret);
  return { S, proof: concatBytes(scalarToBytes(c), scalarToBytes(z)) };
}

export function verifyDleq(P: CurvePoint, R: CurvePoint, S: CurvePoint, proof: Uint8Array, ctx: Uint8Array): boolean {
  if (proof.length !== DLEQ_PROOF_BYTES) return false;
  const c = toScalar(proof.subarray(0, 32));
  const z = toScalar(proof.subarray(32, 64));
  if (c === null || z === null || c === 0n) return false;
  const A1 = G.multiplyUnsafe(z).subtract(P.multiplyUnsafe(c));
  const A2 = R.multiplyUnsafe(z).subtract(S.multiplyUnsafe(c));
  if (A1.is0() || A2.is0()) return false;
  return challenge(P, R, S, A1, A2, ctx) === c;
}

function toScalar(b: Uint8Array): bigint | null {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x < CURVE_ORDER ? x : null;
}
