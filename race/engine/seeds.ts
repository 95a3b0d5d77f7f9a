/**
 * Seed derivation. Every seed is 256 bits and every derivation is SHA-256 over a distinct ASCII domain
 * tag, a zero byte and fixed-length fields, so no two derivations can collide and nothing is ever cut
 * to 32 bits (the weakness that made a peer network's proofs forgeable).
 */
import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';

export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 33;
export const MAX_NONCE = (1n << 64n) - 1n;

export const DOMAIN = Object.freeze({
  weights: 'race/v1/weights',
  target: 'race/v1/target',
  node: 'race/v1/node',
  input: 'race/v1/input',
  proof: 'race/v1/proof',
});

export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  h.update(Buffer.from(tag, 'ascii'));
  h.update(ZERO_BYTE);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}
const ZERO_BYTE = new Uint8Array(1);

export function assertSeed(seed: Uint8Array, what: string): void {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) {
    throw new Error(
      `${what} must be ${SEED_BYTES} bytes, got ${seed instanceof Uint8Array ? seed.length : typeof seed}`,
    );
  }
}

/** Key of the ChaCha20 streams that fill every weight tensor of the epoch's model. */
export function weightsKey(epochSeed: Uint8Array): Uint8Array {
  assertSeed(epochSeed, 'epoch seed');
  return taggedHash(DOMAIN.weights, epochSeed);
}

/** Key of the ChaCha20 stream that fills the epoch's target vector. */
export function targetKey(epochSeed: Uint8Array): Uint8Array {
  assertSeed(epochSeed, 'epoch seed');
  return taggedHash(DOMAIN.target, epochSeed);
}

/** Node seed of a participant: bound to its 33-byte compressed secp256k1 account public key. */
export function nodeSeedFromPublicKey(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Error(`public key must be ${PUBLIC_KEY_BYTES} bytes (compressed secp256k1)`);
  }
  try {
    secp256k1.Point.fromBytes(publicKey).assertValidity();
  } catch (err) {
    throw new Error(`public key is not a valid compressed secp256k1 point: ${(err as Error).message}`, { cause: err });
  }
  return taggedHash(DOMAIN.node, publicKey);
}

/** A nonce as an unsigned 64-bit integer; rejects anything else with a clear error. */
export function toNonce(nonce: bigint | number): bigint {
  if (typeof nonce === 'number') {
    if (!Number.isSafeInteger(nonce) || nonce < 0)
      throw new Error(`nonce must be a non-negative safe integer, got ${nonce}`);
    return BigInt(nonce);
  }
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce > MAX_NONCE) {
    throw new Error(`nonce must be an unsigned 64-bit integer, got ${String(nonce)}`);
  }
  return nonce;
}

export function nonceBytes(nonce: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, nonce, false);
  return out;
}

/** Per-nonce input seed: fixes the input tokens and the coordinate permutation of that nonce. */
export function inputSeed(epochSeed: Uint8Array, nodeSeed: Uint8Array, nonce: bigint): Uint8Array {
  return taggedHash(DOMAIN.input, epochSeed, nodeSeed, nonceBytes(nonce));
}
