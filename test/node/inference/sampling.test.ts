import { describe, expect, it } from '@jest/globals';
import { SamplerRng, argmax, chooseToken, logSoftmax, topLogprobs } from '../../../node/inference/runner/sampling.js';

const logits = Float32Array.from([1, 3, 3, -2, 0.5, 2.5]);

describe('sampling', () => {
  it('computes a log-softmax whose exponentials sum to one', () => {
    const lp = logSoftmax(logits, 0, logits.length);
    expect(Array.from(lp).reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 12);
    expect(lp[1] - lp[0]).toBeCloseTo(2, 6);
  });

  it('ranks the top k by logprob, ties to the lower id, and never more than asked', () => {
    const lp = logSoftmax(logits, 0, logits.length);
    expect(topLogprobs(lp, 3).map((t) => t.id)).toEqual([1, 2, 5]);
    expect(topLogprobs(lp, 0)).toEqual([]);
    expect(topLogprobs(lp, 20)).toHaveLength(logits.length);
    expect(argmax(lp)).toBe(1);
  });

  it('is greedy at temperature 0 and keeps only the most likely token at a tiny topP', () => {
    const lp = logSoftmax(logits, 0, logits.length);
    expect(chooseToken(lp, { temperature: 0, topP: 1 }, null)).toBe(1);
    const rng = new SamplerRng(5);
    for (let i = 0; i < 50; i++) expect(chooseToken(lp, { temperature: 1, topP: 1e-9 }, rng)).toBe(1);
    expect(() => chooseToken(lp, { temperature: 1, topP: 1 }, null)).toThrow(/seeded/);
  });

  it('draws the same uniforms from the same seed, others from another, all in [0, 1)', () => {
    const draw = (seed: number) => {
      const r = new SamplerRng(seed);
      return Array.from({ length: 40 }, () => r.uniform());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const u of draw(9)) expect(u >= 0 && u < 1).toBe(true);
    expect(() => new SamplerRng(-1)).toThrow(/seed/);
    expect(() => new SamplerRng(1.5)).toThrow(/seed/);
  });

  it('samples in proportion to the tempered probabilities', () => {
    // Two tokens with p = 0.5 each at temperature 1; 4000 draws: |count - 2000| > 300 is a 9.5-sigma event
    // (sigma = sqrt(4000 · 0.25) ≈ 31.6), far below 1e-4, and the draws are seeded so the count is fixed anyway.
    const lp = logSoftmax(Float32Array.from([0, 0, -1e9]), 0, 3);
    const rng = new SamplerRng(11);
    let zeros = 0;
    for (let i = 0; i < 4000; i++) if (chooseToken(lp, { temperature: 1, topP: 1 }, rng) === 0) zeros++;
    expect(Math.abs(zeros - 2000)).toBeLessThan(300);
  });
});
