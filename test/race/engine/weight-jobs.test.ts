import { describe, expect, it } from '@jest/globals';
import { DEV_CONFIG, TEST_CONFIG } from '../../../race/engine/config.js';
import { PLACE_ALIGN_ELEMENTS, placeTensors, splitFillJobs } from '../../../race/engine/weight-jobs.js';
import { runFillJobs } from '../../../race/engine/weight-fillers.js';
import { fillTensorRange, generateTensor, tensorSpecs, type TensorSpec } from '../../../race/engine/weights.js';

const key = Uint8Array.from({ length: 32 }, (_, i) => 3 * i + 1);

/** Odd sizes, so that jobs must cut tensors at block boundaries that are not tensor boundaries. */
const oddSpecs: TensorSpec[] = [
  { name: 'a', kind: 'b2', layer: 0, shape: [37], scale: 0.5, size: 37 },
  { name: 'b', kind: 'w1', layer: 1, shape: [33, 65], scale: 0.25, size: 33 * 65 },
  { name: 'c', kind: 'posEmb', layer: 0, shape: [5], scale: 0.125, size: 5 },
  { name: 'd', kind: 'w2', layer: 2, shape: [999], scale: 1, size: 999 },
];

function expectFilledLikeGenerate(specs: TensorSpec[], parts: number): void {
  const place = placeTensors(specs);
  const out = new Float32Array(place.elements).fill(NaN);
  const jobs = splitFillJobs(place, parts);
  expect(jobs).toHaveLength(parts);
  for (const list of jobs) runFillJobs(key, out, list);
  for (const t of place.tensors)
    expect(out.subarray(t.offset, t.offset + t.spec.size)).toEqual(generateTensor(key, t.spec));
}

describe('weight placement and parallel fill jobs', () => {
  it('places tensors at 4 KiB-aligned, non-overlapping offsets', () => {
    const place = placeTensors(tensorSpecs(DEV_CONFIG));
    let end = 0;
    for (const t of place.tensors) {
      expect(t.offset % PLACE_ALIGN_ELEMENTS).toBe(0);
      expect(t.offset).toBeGreaterThanOrEqual(end);
      end = t.offset + t.spec.size;
    }
    expect(place.elements).toBe(end);
  });

  it('covers every element exactly once, each job at a block boundary of its tensor', () => {
    const place = placeTensors(oddSpecs);
    for (const parts of [1, 2, 3, 7, 64]) {
      const covered = new Map(oddSpecs.map((s) => [s.name, new Uint8Array(s.size)]));
      for (const j of splitFillJobs(place, parts).flat()) {
        expect(j.start % 16).toBe(0);
        expect(j.count).toBeGreaterThan(0);
        const name = oddSpecs.find((s) => s.kind === j.kind && s.layer === j.layer)!.name;
        for (let i = j.start; i < j.start + j.count; i++) covered.get(name)![i]++;
      }
      for (const c of covered.values()) expect(c.every((v) => v === 1)).toBe(true);
    }
  });

  it('balances the work: no list holds much more than its share', () => {
    const place = placeTensors(tensorSpecs(DEV_CONFIG));
    const total = place.tensors.reduce((a, t) => a + t.spec.size, 0);
    const loads = splitFillJobs(place, 4).map((l) => l.reduce((a, j) => a + j.count, 0));
    expect(loads.reduce((a, b) => a + b, 0)).toBe(total);
    for (const l of loads) expect(l).toBeLessThanOrEqual(Math.ceil(total / 4) + 16);
  });

  it('fills the same values as generating each tensor whole, however the work is split', () => {
    for (const parts of [1, 2, 3, 5]) {
      expectFilledLikeGenerate(oddSpecs, parts);
      expectFilledLikeGenerate(tensorSpecs(TEST_CONFIG), parts);
    }
  });

  it('rejects ranges off a block boundary or outside the tensor, and bad part counts', () => {
    const out = new Float32Array(2000);
    expect(() => fillTensorRange(key, oddSpecs[3], 8, 16, out)).toThrow(/multiple of 16/);
    expect(() => fillTensorRange(key, oddSpecs[3], 992, 16, out)).toThrow(/outside/);
    expect(() => fillTensorRange(key, oddSpecs[3], 0, 999, out, 1500)).toThrow(/does not fit/);
    expect(() => splitFillJobs(placeTensors(oddSpecs), 0)).toThrow(/positive integer/);
  });
});
