import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { u32be } from './bytes.js';
import { CURVE_ORDER } from './scalar.js';

/** Every hash in the beacon carries one of these tags, so no value can be replayed as another kind. */
export const BEACON_DOMAIN = {
  commit: 'race/beacon/v1/commit',
  seed: 'race/beacon/v1/seed',
  fallback: 'race/beacon/v1/fallback',
  ecies: 'race/beacon/v1/ecies',
  dleq: 'race/beacon/v1/dleq',
  dleqNonce: 'race/beacon/v1/dleq-nonce',
  batch: 'race/beacon/v1/feldman-batch',
} as const;

/** Length-prefix the tag and every part, so no two different part lists encode to the same bytes. */
function framed(tag: string, parts: Uint8Array[]): Uint8Array {
  const pieces: Uint8Array[] = [];
  const t = utf8ToBytes(tag);
  pieces.push(u32be(t.length), t);
  for (const p of parts) pieces.push(u32be(p.length), p);
  return concatBytes(...pieces);
}

export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  return sha256(framed(tag, parts));
}

/** A non-zero scalar from a hash; sha512 reduced mod n keeps the bias below 2^-256. */
export function hashToScalar(tag: string, ...parts: Uint8Array[]): bigint {
  const digest = sha512(framed(tag, parts));
  let x = 0n;
  for (const b of digest) x = (x << 8n) | BigInt(b);
  return (x % (CURVE_ORDER - 1n)) + 1n;
}
