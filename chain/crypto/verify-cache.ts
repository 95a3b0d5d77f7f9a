import { sha256 } from '@noble/hashes/sha2.js';

/**
 * Remembers signatures already verified (CheckTx) so DeliverTx of the same tx does not pay for a second ECDSA
 * verification. A verification is a pure function of (signature, sign bytes, key), so caching only successes is safe.
 */
export function cachedVerifier(
  verify: (signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array) => boolean,
  capacity = 50_000,
): (signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array) => boolean {
  const ok = new Set<string>();
  return (signature, signBytes, pubKey) => {
    const h = sha256.create();
    h.update(Uint8Array.of(signature.length))
      .update(signature)
      .update(Uint8Array.of(pubKey.length))
      .update(pubKey)
      .update(signBytes);
    const key = Buffer.from(h.digest()).toString('base64');
    if (ok.has(key)) return true;
    const valid = verify(signature, signBytes, pubKey);
    if (valid) {
      if (ok.size >= capacity) ok.delete(ok.values().next().value!);
      ok.add(key);
    }
    return valid;
  };
}
