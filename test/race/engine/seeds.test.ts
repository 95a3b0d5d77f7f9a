import { describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  DOMAIN,
  inputSeed,
  nodeSeedFromPublicKey,
  nonceBytes,
  targetKey,
  taggedHash,
  toNonce,
  weightsKey,
} from '../../../race/engine/seeds.js';

const seed = new Uint8Array(32).fill(9);
const pub = secp256k1.getPublicKey(new Uint8Array(32).fill(1), true);

describe('seed derivation', () => {
  it('separates domains: the same input under different tags gives unrelated 256-bit seeds', () => {
    const outs = new Set(
      [weightsKey(seed), targetKey(seed), taggedHash(DOMAIN.node, seed), taggedHash(DOMAIN.input, seed)].map((b) =>
        Buffer.from(b).toString('hex'),
      ),
    );
    expect(outs.size).toBe(4);
    for (const o of outs) expect(o).toHaveLength(64);
  });

  it('binds the input seed to epoch seed, node seed and all 64 bits of the nonce', () => {
    const node = nodeSeedFromPublicKey(pub);
    const base = Buffer.from(inputSeed(seed, node, 5n)).toString('hex');
    expect(Buffer.from(inputSeed(seed, node, 5n + (1n << 40n))).toString('hex')).not.toBe(base);
    expect(Buffer.from(inputSeed(new Uint8Array(32), node, 5n)).toString('hex')).not.toBe(base);
    expect(Buffer.from(inputSeed(seed, new Uint8Array(32), 5n)).toString('hex')).not.toBe(base);
  });

  it('derives the node seed from a valid 33-byte compressed public key only', () => {
    expect(nodeSeedFromPublicKey(pub)).toHaveLength(32);
    expect(() => nodeSeedFromPublicKey(pub.subarray(0, 32))).toThrow(/33 bytes/);
    const bad = Uint8Array.from(pub);
    bad[0] = 0x05;
    expect(() => nodeSeedFromPublicKey(bad)).toThrow(/not a valid/);
  });

  it('rejects seeds of the wrong length', () => {
    expect(() => weightsKey(new Uint8Array(4))).toThrow(/32 bytes/);
  });

  it('accepts u64 nonces as bigint or safe integers and rejects the rest', () => {
    expect(toNonce(7)).toBe(7n);
    expect(toNonce((1n << 64n) - 1n)).toBe((1n << 64n) - 1n);
    expect(() => toNonce(1n << 64n)).toThrow(/64-bit/);
    expect(() => toNonce(-1)).toThrow();
    expect(() => toNonce(1.5)).toThrow();
    expect(Buffer.from(nonceBytes(258n)).toString('hex')).toBe('0000000000000102');
  });
});
