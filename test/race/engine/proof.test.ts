import { describe, expect, it } from '@jest/globals';
import { decodeProofNonces, encodeProofNonces, proofDigest } from '../../../race/engine/index.js';

describe('proof format', () => {
  it('round-trips strictly increasing u64 nonces', () => {
    const nonces = [0n, 5n, 900n, (1n << 64n) - 1n];
    const bytes = encodeProofNonces(nonces);
    expect(bytes.length).toBe(4 + 8 * 4);
    expect(Buffer.from(bytes.subarray(0, 12)).toString('hex')).toBe('00000004' + '0000000000000000');
    expect(decodeProofNonces(bytes)).toEqual(nonces);
  });

  it('cannot encode duplicates or unsorted nonces, and rejects malformed bytes', () => {
    expect(() => encodeProofNonces([1n, 1n])).toThrow(/strictly increasing/);
    expect(() => encodeProofNonces([2n, 1n])).toThrow(/strictly increasing/);
    expect(() => encodeProofNonces([1n << 64n])).toThrow(/u64/);
    const bytes = encodeProofNonces([1n, 2n]);
    expect(() => decodeProofNonces(bytes.subarray(0, 10))).toThrow(/expected/);
    const dup = Uint8Array.from(bytes);
    dup.set(dup.subarray(4, 12), 12);
    expect(() => decodeProofNonces(dup)).toThrow(/strictly increasing/);
  });

  it('commits to epoch, node and nonces', () => {
    const a = proofDigest(new Uint8Array(32), new Uint8Array(32).fill(1), [1n, 2n]);
    expect(a).toHaveLength(32);
    expect(proofDigest(new Uint8Array(32), new Uint8Array(32).fill(2), [1n, 2n])).not.toEqual(a);
    expect(proofDigest(new Uint8Array(32), new Uint8Array(32).fill(1), [1n, 3n])).not.toEqual(a);
  });
});
