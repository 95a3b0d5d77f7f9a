import { describe, expect, it } from '@jest/globals';
import {
  TEST_CONFIG,
  centerAndNormalize,
  distanceThreshold,
  isAppropriate,
  nonceWords,
  normalQuantile,
  permuteInPlace,
  permutedDistance,
} from '../../../race/engine/index.js';

describe('normalisation, permutation and distance', () => {
  it('centres and unit-normalises, and rejects constant vectors', () => {
    const z = centerAndNormalize(Float64Array.of(1, 2, 3, 6))!;
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 15);
    expect(Math.hypot(...z)).toBeCloseTo(1, 15);
    expect(centerAndNormalize(Float32Array.of(2, 2, 2))).toBeNull();
  });

  it('permutes with Fisher-Yates into a true permutation', () => {
    const words = nonceWords(TEST_CONFIG, new Uint8Array(32).fill(3));
    const p = Uint32Array.from({ length: TEST_CONFIG.vocab }, (_, i) => i);
    permuteInPlace(TEST_CONFIG, words, p);
    expect(new Set(p).size).toBe(TEST_CONFIG.vocab);
    expect(Array.from(p)).not.toEqual(Array.from({ length: TEST_CONFIG.vocab }, (_, i) => i));
  });

  it('computes distance = ‖π(ŷ) − t̂‖, Infinity for a degenerate output', () => {
    const c = TEST_CONFIG;
    const words = nonceWords(c, new Uint8Array(32).fill(4));
    const t = centerAndNormalize(Float64Array.from({ length: c.vocab }, (_, i) => Math.sin(i * 1.7)))!;
    const y = Float32Array.from({ length: c.vocab }, (_, i) => Math.cos(i * 0.3));
    const z = centerAndNormalize(y)!;
    permuteInPlace(c, words, z);
    const want = Math.sqrt(z.reduce((a, v, i) => a + (v - t[i]) ** 2, 0));
    expect(permutedDistance(c, y, words, t)).toBe(want);
    expect(permutedDistance(c, new Float32Array(c.vocab).fill(1), words, t)).toBe(Infinity);
  });

  it('sets the threshold from the normal quantile and is strict at the boundary', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    const thr = distanceThreshold({ vocab: 8192, difficulty: 900 });
    expect(thr).toBeCloseTo(Math.sqrt(2 - (2 * normalQuantile(1 - 1 / 900)) / Math.sqrt(8191)), 15);
    expect(isAppropriate(thr, thr)).toBe(false);
    expect(isAppropriate(thr - 1e-12, thr)).toBe(true);
    expect(() => distanceThreshold({ vocab: 4, difficulty: 1e9 })).toThrow(/unreachable/);
    expect(() => normalQuantile(1)).toThrow();
  });
});
