import type { Context } from '../../chain/app/context.js';
import { verifySecp256k1 } from '../../chain/crypto/secp256k1.js';
import { lengthPrefixed, u64Key, utf8 } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';

/** Gas of one signature check inside a message: the ante's default secp256k1 verification cost (auth params). */
export const SIGNATURE_GAS = 1000n;

/**
 * What a developer signs for one request (secp256k1 over sha256 of these bytes, as account keys sign txs): the chain
 * id and the relay's address keep the signature from being spent on another chain or through another relay; the
 * timestamp bounds its replay window. The body itself stays off chain: only its sha256 is signed and recorded.
 */
export function requestSignBytes(
  chainId: string,
  relay: string,
  requestHash: Uint8Array,
  requestTimeNs: bigint,
): Uint8Array {
  return concatBytes(
    utf8('race/inference/v1/request'),
    lengthPrefixed(utf8(chainId)),
    lengthPrefixed(utf8(relay)),
    lengthPrefixed(requestHash),
    u64Key(requestTimeNs),
  );
}

/** What the executor signs when it finishes: the usage it claims and the hash of the output it produced. */
export function finishSignBytes(
  id: Uint8Array,
  promptTokens: bigint,
  completionTokens: bigint,
  responseHash: Uint8Array,
): Uint8Array {
  return concatBytes(
    utf8('race/inference/v1/finish'),
    lengthPrefixed(id),
    u64Key(promptTokens),
    u64Key(completionTokens),
    lengthPrefixed(responseHash),
  );
}

/** Verifies a signature a message carries, charging its gas first so that checks are never free work. */
export function verifyCharged(
  ctx: Context,
  signature: Uint8Array,
  signBytes: Uint8Array,
  pubKey: Uint8Array,
  what: string,
): boolean {
  ctx.gasMeter.consume(SIGNATURE_GAS, `inference verify: ${what}`);
  return verifySecp256k1(signature, signBytes, pubKey);
}
