/**
 * Consensus and node keys: Ed25519 as CometBFT uses it. The private key is kept as the 32-byte seed; CometBFT's
 * 64-byte form (seed‖pubkey) is only the file encoding (see keyfiles.ts). Verification follows ZIP-215, which
 * is what CometBFT's curve25519-voi verifier accepts.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { isBytes } from '../types/bytes.js';
import { secureRandomBytes, type RandomBytes } from './random.js';

export const ED25519_SEED_LENGTH = 32;
const ED25519_PUBKEY_LENGTH = 32;
const ED25519_SIGNATURE_LENGTH = 64;
const CONSENSUS_ADDRESS_LENGTH = 20;

export interface Ed25519Key {
  seed: Uint8Array;
  pubkey: Uint8Array;
}

export interface Ed25519Deps {
  randomBytes?: RandomBytes;
}

export function ed25519PubkeyFromSeed(seed: Uint8Array): Uint8Array {
  if (!isBytes(seed) || seed.length !== ED25519_SEED_LENGTH) throw new Error('ed25519 seed must be 32 bytes');
  return ed25519.getPublicKey(seed);
}

export function generateEd25519Key(deps: Ed25519Deps = {}): Ed25519Key {
  const seed = (deps.randomBytes ?? secureRandomBytes)(ED25519_SEED_LENGTH);
  return { seed, pubkey: ed25519PubkeyFromSeed(seed) };
}

export function signEd25519(message: Uint8Array, seed: Uint8Array): Uint8Array {
  if (!isBytes(seed) || seed.length !== ED25519_SEED_LENGTH) throw new Error('ed25519 seed must be 32 bytes');
  return ed25519.sign(message, seed);
}

/** False for any malformed input; never throws. */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, pubkey: Uint8Array): boolean {
  try {
    if (!isBytes(signature) || !isBytes(message) || !isBytes(pubkey)) return false;
    if (signature.length !== ED25519_SIGNATURE_LENGTH || pubkey.length !== ED25519_PUBKEY_LENGTH) return false;
    return ed25519.verify(signature, message, pubkey, { zip215: true });
  } catch {
    return false;
  }
}

/** CometBFT validator address and node-id bytes: the first 20 bytes of sha256(pubkey). */
export function consensusAddress(pub32: Uint8Array): Uint8Array {
  if (!isBytes(pub32) || pub32.length !== ED25519_PUBKEY_LENGTH) throw new Error('ed25519 public key must be 32 bytes');
  return sha256(pub32).slice(0, CONSENSUS_ADDRESS_LENGTH);
}
