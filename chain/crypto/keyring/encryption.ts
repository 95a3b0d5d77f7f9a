/**
 * Passphrase encryption of key files: scrypt (RFC 7914) derives a 256-bit key, XChaCha20-Poly1305 seals the
 * secret with a random 192-bit nonce and authenticates the key's public metadata as associated data, so any
 * edit of the ciphertext, the name or the public key is detected on decryption.
 *
 * Default scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about 1 s in pure JS on a laptop core) — OWASP's
 * minimum recommendation for scrypt. One derivation per process is cached per salt (see FileSecretCodec).
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, equalBytes, fromHex, toHexLower } from '../../types/bytes.js';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  n: number;
  r: number;
  p: number;
}

export interface KdfSpec extends ScryptParams {
  /** 32 random bytes, hex. */
  salt: string;
}

export interface SealedSecret {
  kind: 'scrypt-xchacha20poly1305';
  kdf: KdfSpec;
  /** 24 bytes, hex. */
  nonce: string;
  /** Ciphertext‖tag, hex. */
  ciphertext: string;
}

export const DEFAULT_SCRYPT: ScryptParams = { n: 2 ** 17, r: 8, p: 1 };
/** Bounds accepted when reading files: low enough for test keyrings, tight enough to refuse memory/CPU bombs. */
const SCRYPT_BOUNDS = { minLogN: 10, maxLogN: 20, maxR: 32, maxP: 16, maxMemoryBytes: 2 ** 30 } as const;

const KEY_LENGTH = 32;
const VERIFIER_TAG = new TextEncoder().encode('race-keyring/v1/verifier');

export function checkScryptParams(params: ScryptParams): string | undefined {
  const { n, r, p } = params;
  const logN = Math.log2(n);
  if (!Number.isInteger(n) || !Number.isInteger(logN) || logN < SCRYPT_BOUNDS.minLogN || logN > SCRYPT_BOUNDS.maxLogN) {
    return `scrypt n must be a power of two between 2^${SCRYPT_BOUNDS.minLogN} and 2^${SCRYPT_BOUNDS.maxLogN}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > SCRYPT_BOUNDS.maxR)
    return `scrypt r must be an integer in [1, ${SCRYPT_BOUNDS.maxR}]`;
  if (!Number.isInteger(p) || p < 1 || p > SCRYPT_BOUNDS.maxP)
    return `scrypt p must be an integer in [1, ${SCRYPT_BOUNDS.maxP}]`;
  if (128 * n * r > SCRYPT_BOUNDS.maxMemoryBytes) return 'scrypt n*r needs more than 1 GiB of memory';
  return undefined;
}

export async function deriveKey(passphrase: string, kdf: KdfSpec): Promise<Uint8Array> {
  const problem = checkScryptParams(kdf);
  if (problem) throw new Error(problem);
  const salt = fromHex(kdf.salt);
  if (salt.length < 16) throw new Error('scrypt salt must be at least 16 bytes');
  return scryptAsync(passphrase.normalize('NFKC'), salt, { N: kdf.n, r: kdf.r, p: kdf.p, dkLen: KEY_LENGTH });
}

/** A value stored beside the keyring that tells a wrong passphrase from a tampered key file. */
export function passphraseVerifier(key: Uint8Array): string {
  return toHexLower(sha256(concatBytes(VERIFIER_TAG, key)));
}

export function verifierMatches(key: Uint8Array, verifier: string): boolean {
  try {
    return equalBytes(fromHex(passphraseVerifier(key)), fromHex(verifier));
  } catch {
    return false;
  }
}

export function seal(
  key: Uint8Array,
  kdf: KdfSpec,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): SealedSecret {
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  return { kind: 'scrypt-xchacha20poly1305', kdf, nonce: toHexLower(nonce), ciphertext: toHexLower(ciphertext) };
}

/** Undefined when authentication fails (wrong key or altered data). */
export function open(key: Uint8Array, sealed: SealedSecret, aad: Uint8Array): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, fromHex(sealed.nonce), aad).decrypt(fromHex(sealed.ciphertext));
  } catch {
    return undefined;
  }
}
