import { describe, expect, it } from '@jest/globals';
import {
  RaceEvaluator,
  TEST_CONFIG,
  nonceInput,
  permutedDistance,
  referenceForward,
  referenceWeights,
  nonceWords,
  targetVector,
} from '../../../race/engine/index.js';
import { BROADCAST_ATTENTION_MIN_HEADS, headColumn } from '../../../race/engine/graph.js';
import { erf, gelu } from '../../../race/engine/reference.js';
import { MANY_HEADS_CONFIG } from './configs.js';

const epochSeed = new Uint8Array(32).fill(0x5a);
const nodeSeed = new Uint8Array(32).fill(0xa5);

describe('float64 reference vs ONNX Runtime', () => {
  it('has an accurate erf/Gelu', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(-2.5)).toBeCloseTo(-0.999593047982555, 14);
    expect(erf(4)).toBeCloseTo(0.9999999845827421, 14);
    expect(gelu(1)).toBeCloseTo(0.8413447460685429, 14);
  });

  for (const c of [TEST_CONFIG, MANY_HEADS_CONFIG]) {
    it(`agrees within relative error 1e-5 on logits and distances (${c.name}: ${c.heads} heads)`, async () => {
      const ev = await RaceEvaluator.create({ config: c, epochSeed, device: 'cpu' });
      const weights = referenceWeights(c, epochSeed);
      const target = targetVector(c, epochSeed);
      try {
        const nonces = Array.from({ length: 16 }, (_, i) => BigInt(i * 977));
        const { logits, distances } = await ev.evaluate(nodeSeed, nonces);
        nonces.forEach((n, b) => {
          const input = nonceInput(c, epochSeed, nodeSeed, n);
          const ref = referenceForward(c, weights, input.tokens);
          const got = logits.subarray(b * c.vocab, (b + 1) * c.vocab);
          let num = 0;
          let den = 0;
          for (let i = 0; i < c.vocab; i++) {
            num += (got[i] - ref[i]) ** 2;
            den += ref[i] ** 2;
          }
          expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
          const refDistance = permutedDistance(c, ref, nonceWords(c, input.seed), target);
          expect(Math.abs(refDistance - distances[b]) / refDistance).toBeLessThan(1e-5);
        });
      } finally {
        await ev.close();
      }
    });
  }

  it('puts head components in consecutive columns below BROADCAST_ATTENTION_MIN_HEADS heads, every H-th column from it', () => {
    expect(BROADCAST_ATTENTION_MIN_HEADS).toBe(16);
    expect(MANY_HEADS_CONFIG.heads).toBeGreaterThanOrEqual(BROADCAST_ATTENTION_MIN_HEADS);
    expect([0, 1, 2, 3].map((k) => headColumn(TEST_CONFIG, 1, k))).toEqual([16, 17, 18, 19]);
    expect([0, 1, 2, 3].map((k) => headColumn(MANY_HEADS_CONFIG, 1, k))).toEqual([1, 17, 33, 49]);
  });
});
