import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../types/bytes.js';

/**
 * RFC 6962 merkle root, exactly as CometBFT's crypto/merkle.HashFromByteSlices: leaves are sha256(0x00 || item),
 * inner nodes sha256(0x01 || left || right), split at the largest power of two below n; the empty tree hashes to sha256("").
 */
const LEAF = new Uint8Array([0]);
const INNER = new Uint8Array([1]);

function leafHash(item: Uint8Array): Uint8Array {
  return sha256(concatBytes(LEAF, item));
}

function innerHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(INNER, left, right));
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  return rootOf(items, 0, items.length);
}

function rootOf(items: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return leafHash(items[from]!);
  const k = splitPoint(n);
  return innerHash(rootOf(items, from, from + k), rootOf(items, from + k, to));
}
