/**
 * Proof format. A proof is the list of a participant's appropriate nonces for one epoch: bound to the
 * epoch seed and to the node seed of its account public key, sorted strictly increasing (so a
 * duplicate cannot even be encoded). Wire form: u32 count (big-endian) ‖ count × u64 nonce (big-endian).
 */
import { DOMAIN, MAX_NONCE, assertSeed, taggedHash } from './seeds.js';

const MAX_PROOF_NONCES = 1 << 20;

export interface RaceProof {
  epochSeed: Uint8Array;
  /** 33-byte compressed secp256k1 account public key of the participant. */
  publicKey: Uint8Array;
  nonces: bigint[];
}

function assertStrictlyIncreasing(nonces: readonly bigint[]): void {
  for (let i = 0; i < nonces.length; i++) {
    const n = nonces[i];
    if (typeof n !== 'bigint' || n < 0n || n > MAX_NONCE) throw new Error(`proof nonce ${i} is not a u64`);
    if (i > 0 && n <= nonces[i - 1]) throw new Error(`proof nonces must be strictly increasing (index ${i})`);
  }
}

export function encodeProofNonces(nonces: readonly bigint[]): Uint8Array {
  if (nonces.length > MAX_PROOF_NONCES) throw new Error(`a proof holds at most ${MAX_PROOF_NONCES} nonces`);
  assertStrictlyIncreasing(nonces);
  const out = new Uint8Array(4 + 8 * nonces.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, nonces.length, false);
  nonces.forEach((n, i) => dv.setBigUint64(4 + 8 * i, n, false));
  return out;
}

export function decodeProofNonces(bytes: Uint8Array): bigint[] {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) throw new Error('proof nonces: too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(0, false);
  if (count > MAX_PROOF_NONCES) throw new Error(`proof nonces: count ${count} over the limit`);
  if (bytes.length !== 4 + 8 * count)
    throw new Error(`proof nonces: expected ${4 + 8 * count} bytes, got ${bytes.length}`);
  const nonces = Array.from({ length: count }, (_, i) => dv.getBigUint64(4 + 8 * i, false));
  assertStrictlyIncreasing(nonces);
  return nonces;
}

/** Commitment to a proof: what a participant signs or a module stores instead of the nonces. */
export function proofDigest(epochSeed: Uint8Array, nodeSeed: Uint8Array, nonces: readonly bigint[]): Uint8Array {
  assertSeed(epochSeed, 'epoch seed');
  assertSeed(nodeSeed, 'node seed');
  return taggedHash(DOMAIN.proof, epochSeed, nodeSeed, encodeProofNonces(nonces));
}
