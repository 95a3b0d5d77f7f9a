import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { u32be, u64be } from './bytes.js';
import { BEACON_DOMAIN } from './hash.js';
import { type CurvePoint, G, encodePoint, randomScalar } from './scalar.js';

/** What a ciphertext is bound to: moving it to another epoch, dealer or recipient breaks decryption. */
export interface ShareContext {
  epoch: number;
  dealer: string;
  recipient: string;
}

export interface SealedShares {
  ephemeralPubKey: Uint8Array;
  ciphertext: Uint8Array;
}

export const AEAD_TAG_BYTES = 16;

function lp(b: Uint8Array): Uint8Array {
  return concatBytes(u32be(b.length), b);
}

/**
 * Key and nonce from the ECDH point. The key is fresh per (ephemeral key, recipient), so the nonce
 * needs no randomness; deriving it keeps decryption a pure function of the shared point, which is
 * what lets a complaint prove what a ciphertext decrypts to.
 */
function deriveKeyNonce(
  sharedPoint: Uint8Array,
  ephemeralPub: Uint8Array,
  recipientPub: Uint8Array,
  ctx: ShareContext,
) {
  const info = concatBytes(
    lp(ephemeralPub),
    lp(recipientPub),
    u64be(ctx.epoch),
    lp(utf8ToBytes(ctx.dealer)),
    lp(utf8ToBytes(ctx.recipient)),
  );
  const okm = hkdf(sha256, sharedPoint, utf8ToBytes(BEACON_DOMAIN.ecies), info, 44);
  return { key: okm.slice(0, 32), nonce: okm.slice(32, 44) };
}

export function sealShares(
  recipientPub: CurvePoint,
  plaintext: Uint8Array,
  ctx: ShareContext,
  randomBytes: (n: number) => Uint8Array,
): SealedShares {
  const k = randomScalar(randomBytes);
  const ephemeralPubKey = encodePoint(G.multiply(k));
  const shared = encodePoint(recipientPub.multiply(k));
  const { key, nonce } = deriveKeyNonce(shared, ephemeralPubKey, encodePoint(recipientPub), ctx);
  return { ephemeralPubKey, ciphertext: chacha20poly1305(key, nonce).encrypt(plaintext) };
}

/** The ECDH point a recipient computes from its secret key: what a complaint discloses. */
export function sharedPointFor(recipientSecret: bigint, ephemeralPub: CurvePoint): Uint8Array {
  return encodePoint(ephemeralPub.multiply(recipientSecret));
}

/** Deterministic given the shared point; null when the AEAD tag does not verify. */
export function openWithSharedPoint(
  sharedPoint: Uint8Array,
  ephemeralPub: Uint8Array,
  recipientPub: Uint8Array,
  ciphertext: Uint8Array,
  ctx: ShareContext,
): Uint8Array | null {
  const { key, nonce } = deriveKeyNonce(sharedPoint, ephemeralPub, recipientPub, ctx);
  try {
    return chacha20poly1305(key, nonce).decrypt(ciphertext);
  } catch {
    return null;
  }
}
