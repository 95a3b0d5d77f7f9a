import { verify as nodeVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { NativeKeyCache } from '../crypto/native-keys.js';

/**
 * A consensus key. Kept this small so that chain/crypto's ed25519 keys (priv_validator_key.json) or a remote signer can
 * stand in for the local implementation below.
 */
export interface Signer {
  /** 32-byte ed25519 public key. */
  readonly pubKey: Uint8Array;
  /** sha256(pubKey)[0:20], CometBFT's consensus address. */
  readonly address: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export function consensusAddress(pubKey: Uint8Array): Uint8Array {
  return sha256(pubKey).slice(0, 20);
}

/** Accepts a 32-byte seed or CometBFT's 64-byte seed||pubkey form. */
export function ed25519Signer(privKey: Uint8Array): Signer {
  if (privKey.length !== 32 && privKey.length !== 64) {
    throw new Error(`ed25519 private key must be 32 or 64 bytes, got ${privKey.length}`);
  }
  const seed = privKey.slice(0, 32);
  const pubKey = ed25519.getPublicKey(seed);
  return { pubKey, address: consensusAddress(pubKey), sign: (msg) => ed25519.sign(msg, seed) };
}

/**
 * ZIP-215 verification (noble's default, as CometBFT's curve25519-voi), with OpenSSL as the fast path: a signature
 * OpenSSL accepts (RFC 8032, cofactorless) is also ZIP-215 valid, so only signatures OpenSSL refuses are checked again
 * by the pure-JS reference. Every node verifies every vote, so this is a hot path under load.
 */
export function verifyEd25519(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || pubKey.length !== 32) return false;
  if (verifyEd25519Native(pubKey, message, signature)) return true;
  return verifyEd25519Reference(pubKey, message, signature);
}

export function verifyEd25519Reference(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, pubKey);
  } catch {
    return false;
  }
}

// DER SPKI header of an Ed25519 key (RFC 8410).
const nativeKeys = new NativeKeyCache('302a300506032b6570032100', 1024);

/** OpenSSL's strict check; false (never throws) for anything it cannot parse. */
export function verifyEd25519Native(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = nativeKeys.get(pubKey);
    return key !== null && nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}
