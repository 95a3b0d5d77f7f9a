import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A tx's hash as CometBFT defines it: SHA-256 of the exact tx bytes. */
export function txHash(tx: Uint8Array): Uint8Array {
  return sha256(tx);
}

/** Upper-case hex, as CometBFT prints hashes. */
export function hashHex(hash: Uint8Array): string {
  return bytesToHex(hash).toUpperCase();
}

/** Hex of a hash in either case; undefined unless exactly 32 bytes of valid hex. */
export function parseHashHex(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(text)) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
