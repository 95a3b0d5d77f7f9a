/**
 * Account keys: secp256k1 ECDSA exactly as the Cosmos SDK and CosmJS use it — signature over sha256(signBytes),
 * RFC 6979 deterministic nonce, low-S normalised, 64-byte r||s, 33-byte compressed public keys.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { isBytes } from './bytes.js';

export const SECP256K1_PUBKEY_LENGTH = 33;
export const SECP256K1_SIGNATURE_LENGTH = 64;

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
    return secp256k1.verify(signature, signBytes, pubkey33, { prehash: true, lowS: true, format: 'compact' });
  } catch {
    return false;
  }
}
