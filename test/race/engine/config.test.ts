import { describe, expect, it } from '@jest/globals';
import {
  DEV_CONFIG,
  PAPER_CONFIG,
  TEST_CONFIG,
  flopsPerNonce,
  getRaceConfig,
  parameterCount,
  tensorSpecs,
  validateConfig,
  weightBytes,
} from '../../../race/engine/index.js';

describe('race configs', () => {
  it('paper config is about 0.61 B parameters and 2.45 GB of fp32', () => {
    expect(parameterCount(PAPER_CONFIG)).toBe(613_059_584);
    expect(parameterCount(PAPER_CONFIG) / 1e9).toBeCloseTo(0.61, 2);
    expect(weightBytes(PAPER_CONFIG) / 1e9).toBeCloseTo(2.45, 2);
    expect(flopsPerNonce(PAPER_CONFIG) / 1e9).toBeCloseTo(4.842, 3);
  });

  it('counts the same parameters as the tensors the builder generates (plus constant LayerNorm params)', () => {
    for (const c of [TEST_CONFIG, DEV_CONFIG, PAPER_CONFIG]) {
      const random = tensorSpecs(c).reduce((a, t) => a + t.size, 0);
      expect(parameterCount(c)).toBe(random + (2 * c.layers + 1) * 2 * c.dModel);
    }
  });

  it('looks configs up by name and rejects unknown ones', () => {
    expect(getRaceConfig('dev')).toEqual(DEV_CONFIG);
    expect(() => getRaceConfig('huge')).toThrow(/unknown race config/);
  });

  it('accepts any config of that shape and rejects impossible ones with a clear error', () => {
    expect(
      validateConfig({ name: 'x', layers: 3, heads: 3, dModel: 24, vocab: 100, ffn: 7, seqLen: 5, difficulty: 100 }),
    ).toBeTruthy();
    expect(() => validateConfig({ ...DEV_CONFIG, heads: 3 })).toThrow(/must divide/);
    expect(() => validateConfig({ ...DEV_CONFIG, layers: 0 })).toThrow(/layers/);
    expect(() => validateConfig({ ...DEV_CONFIG, vocab: 1.5 })).toThrow(/vocab/);
  });
});
