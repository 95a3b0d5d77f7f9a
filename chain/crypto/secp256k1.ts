/**
 * Account keys: secp256k1 ECDSA exactly as the Cosmos SDK and CosmJS use it — signature over sha256(signBytes),
 * RFC 6979 deterministic nonce, low-S normalised, 64-byte r||s, 33-byte compressed public keys.
 */
import { verify as nodeVerify } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { isBytes, toHexLower } from '../types/bytes.js';
import { NativeKeyCache } from './native-keys.js';

export const SECP256K1_PUBKEY_LENGTH = 33;
const SECP256K1_SIGNATURE_LENGTH = 64;

export function isValidSecp256k1Privkey(priv: Uint8Array): boolean {
  return isBytes(priv) && priv.length === 32 && secp256k1.utils.isValidSecretKey(priv);
}

export function secp256k1PubkeyFromPrivkey(priv: Uint8Array): Uint8Array {
  if (!isValidSecp256k1Privkey(priv)) throw new Error('invalid secp256k1 private key: need 32 bytes in [1, n-1]');
  return secp256k1.getPublicKey(priv, true);
}

export function signSecp256k1(signBytes: Uint8Array, priv: Uint8Array): Uint8Array {
  if (!isValidSecp256k1Privkey(priv)) throw new Error('invalid secp256k1 private key: need 32 bytes in [1, n-1]');
  return secp256k1.sign(signBytes, priv, { prehash: true, lowS: true, format: 'compact' });
}

/** False for any malformed input: wrong lengths, high-S (the SDK rejects malleable signatures), off-curve keys. */
export function verifySecp256k1(signature: Uint8Array, signBytes: Uint8Array, pubkey33: Uint8Array): boolean {
  try {
    if (!isBytes(signature) || !isBytes(signBytes) || !isBytes(pubkey33)) return false;
    if (signature.length !== SECP256K1_SIGNATURE_LENGTH || pubkey33.length !== SECP256K1_PUBKEY_LENGTH) return false;
    if (SECP256K1_NATIVE_VERIFY) return verifyNative(signature, signBytes, pubkey33);
    return verifyNoble(signature, signBytes, pubkey33);
  } catch {
    return false;
  }
}

/**
 * verifySecp256k1 off the main thread: OpenSSL's callback form of crypto.verify runs on libuv's thread pool, so a
 * batch of these uses every core while the event loop stays free. Same answers as verifySecp256k1.
 */
export function verifySecp256k1Async(
  signature: Uint8Array,
  signBytes: Uint8Array,
  pubkey33: Uint8Array,
): Promise<boolean> {
  if (!SECP256K1_NATIVE_VERIFY) return Promise.resolve(verifySecp256k1(signature, signBytes, pubkey33));
  try {
    if (!isBytes(signature) || !isBytes(signBytes) || !isBytes(pubkey33)) return Promise.resolve(false);
    if (signature.length !== SECP256K1_SIGNATURE_LENGTH || pubkey33.length !== SECP256K1_PUBKEY_LENGTH)
      return Promise.resolve(false);
    const key = nativeKeyIfLowS(signature, pubkey33);
    if (!key) return Promise.resolve(false);
    return new Promise((resolve) =>
      nodeVerify('sha256', signBytes, { key, dsaEncoding: 'ieee-p1363' }, signature, (err, ok) => resolve(!err && ok)),
    );
  } catch {
    return Promise.resolve(false);
  }
}

/** The reference implementation (pure JS); also the fallback where OpenSSL lacks secp256k1. */
export function verifyNoble(signature: Uint8Array, signBytes: Uint8Array, pubkey33: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, signBytes, pubkey33, { prehash: true, lowS: true, format: 'compact' });
  } catch {
    return false;
  }
}

// Every validator runs CheckTx on every gossiped tx, so verification is the node's largest CPU cost under load:
// OpenSSL (node:crypto) verifies about 4x faster than pure JS. It accepts high-S signatures, so low-S is checked here.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;
// DER SPKI header of a compressed secp256k1 point (id-ecPublicKey, secp256k1).
const nativeKeys = new NativeKeyCache('3036301006072a8648ce3d020106052b8104000a032200', 4096);

function toBigInt(b: Uint8Array): bigint {
  return BigInt('0x' + toHexLower(b));
}

/** The OpenSSL key for a signature whose r and s are in range with s low; undefined when either is not. */
function nativeKeyIfLowS(signature: Uint8Array, pubkey33: Uint8Array) {
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r === 0n || r >= N || s === 0n || s > HALF_N) return undefined;
  return nativeKeys.get(pubkey33);
}

function verifyNative(signature: Uint8Array, signBytes: Uint8Array, pubkey33: Uint8Array): boolean {
  const key = nativeKeyIfLowS(signature, pubkey33);
  if (!key) return false;
  return nodeVerify('sha256', signBytes, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

/** Whether this Node's OpenSSL verifies secp256k1 (checked once against a known signature). */
export const SECP256K1_NATIVE_VERIFY: boolean = (() => {
  try {
    const priv = new Uint8Array(32).fill(7);
    const msg = Uint8Array.of(1, 2, 3);
    const sig = secp256k1.sign(msg, priv, { prehash: true, lowS: true, format: 'compact' });
    return (
      verifyNative(sig, msg, secp256k1.getPublicKey(priv, true)) &&
      !verifyNative(sig, Uint8Array.of(1, 2, 4), secp256k1.getPublicKey(priv, true))
    );
  } catch {
    return false;
  }
})();
