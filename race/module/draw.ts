import { sha256 } from '@noble/hashes/sha2.js';
import { u64Key, utf8 } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';

/**
 * Deterministic draws from a 256-bit seed: SHA-256 in counter mode, 64-bit words, rejection sampling for uniform
 * integers. Every node computes the same assignment from the same state; nothing here reads a clock or Math.random.
 */
export class SeededDraw {
  private counter = 0n;
  private buf: Uint8Array = new Uint8Array(0);
  private off = 0;

  constructor(private readonly key: Uint8Array) {}

  static from(tag: string, ...parts: Uint8Array[]): SeededDraw {
    return new SeededDraw(sha256(concatBytes(utf8(tag), Uint8Array.of(0), ...parts)));
  }

  private next64(): bigint {
    if (this.off + 8 > this.buf.length) {
      this.buf = sha256(concatBytes(this.key, u64Key(this.counter++)));
      this.off = 0;
    }
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.off, 8).getBigUint64(0);
    this.off += 8;
    return v;
  }

  /** Uniform in [0, n), n ≥ 1. */
  below(n: bigint): bigint {
    if (n <= 0n) throw new Error('below() needs a positive bound');
    const space = 1n << 64n;
    const limit = space - (space % n);
    for (;;) {
      const v = this.next64();
      if (v < limit) return v % n;
    }
  }
}

export interface Weighted {
  address: string;
  weight: bigint;
}

/** Draws up to `count` distinct candidates, each draw with probability proportional to weight (zero weights never). */
export function drawWeighted(candidates: readonly Weighted[], count: number, rng: SeededDraw): Weighted[] {
  const pool = candidates.filter((c) => c.weight > 0n);
  const out: Weighted[] = [];
  while (out.length < count && pool.length > 0) {
    const total = pool.reduce((s, c) => s + c.weight, 0n);
    let r = rng.below(total);
    let i = 0;
    while (r >= pool[i]!.weight) {
      r -= pool[i]!.weight;
      i++;
    }
    out.push(pool[i]!);
    pool.splice(i, 1);
  }
  return out;
}

/** A uniform sample of `k` of the nonces (all of them when there are fewer), in increasing order. */
export function sampleNonces(nonces: readonly bigint[], k: number, rng: SeededDraw): bigint[] {
  if (nonces.length <= k) return [...nonces].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const idx = nonces.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Number(rng.below(BigInt(idx.length - i)));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, k)
    .map((i) => nonces[i]!)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
