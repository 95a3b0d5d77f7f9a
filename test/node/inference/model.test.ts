import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { buildInferenceModel } from '../../../node/inference/model/build-onnx.js';
import { DEFAULT_MODEL } from '../../../node/inference/model/default-model.js';
import { initWeights } from '../../../node/inference/model/init-weights.js';
import {
  DEFAULT_MODEL_CONFIG,
  LARGE_MODEL_CONFIG,
  modelTensors,
  parameterCount,
  validateModelConfig,
} from '../../../node/inference/model/spec.js';
import { TINY_CONFIG, TINY_SEED } from './configs.js';
import { openDirect } from './ort-direct.js';
import { referenceLogits } from './reference-forward.js';

/**
 * Float tolerances. Logits here are O(1-5); float32 carries ~7 digits, and ONNX Runtime's kernels sum in
 * a different order from the float64 reference (and, with a cache, over differently shaped MatMuls), so
 * the differences seen are ~1e-6. 1e-4 leaves two orders of magnitude and still catches any real error
 * (a wrong mask or position shifts logits by O(0.1)).
 */
const LOGIT_TOL = 1e-4;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('inference model definition', () => {
  it('has a default of a few million parameters and a large generator of about 100 M', () => {
    expect(parameterCount(DEFAULT_MODEL_CONFIG)).toBe(3_418_624);
    const large = parameterCount(LARGE_MODEL_CONFIG);
    expect(large).toBeGreaterThan(95e6);
    expect(large).toBeLessThan(105e6);
  });

  it('refuses bad configs with the field at fault', () => {
    expect(() => validateModelConfig({ ...TINY_CONFIG, heads: 3 })).toThrow(/multiple of heads/);
    expect(() => validateModelConfig({ ...TINY_CONFIG, vocab: 100 })).toThrow(/vocab/);
    expect(() => validateModelConfig({ ...TINY_CONFIG, layers: 0 })).toThrow(/layers/);
    expect(() => validateModelConfig({ ...TINY_CONFIG, name: 'Bad Name' })).toThrow(/name/);
  });

  it('names every tensor once and gives each uniform tensor its own stream', () => {
    const ts = modelTensors(TINY_CONFIG);
    expect(new Set(ts.map((t) => t.name)).size).toBe(ts.length);
    const streams = ts.filter((t) => t.init.kind === 'uniform').map((t) => `${t.role}/${t.layer}`);
    expect(new Set(streams).size).toBe(streams.length);
  });

  it('initialises the same weights from the same seed and different ones from another seed', () => {
    const a = initWeights(TINY_CONFIG, TINY_SEED);
    const b = initWeights(TINY_CONFIG, TINY_SEED);
    const other = initWeights(TINY_CONFIG, new TextEncoder().encode('other'));
    expect(a.map((t) => Buffer.from(t.values.buffer))).toEqual(b.map((t) => Buffer.from(t.values.buffer)));
    expect(Buffer.from(a[0].values.buffer).equals(Buffer.from(other[0].values.buffer))).toBe(false);
    expect(() => initWeights(TINY_CONFIG, new Uint8Array(0))).toThrow(/seed/);
  });
});

describe('inference model ONNX graph', () => {
  it('pins the default model file: same definition, same bytes', () => {
    const bytes = buildInferenceModel(DEFAULT_MODEL.config, DEFAULT_MODEL.seed);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '1bc5b1ad67dc532a4afcd560621e767c7aed64e6f4b1ba247528f2ccda450636',
    );
    expect(DEFAULT_MODEL.sha256).toBe('1bc5b1ad67dc532a4afcd560621e767c7aed64e6f4b1ba247528f2ccda450636');
  });

  it('matches a float64 reference forward pass', async () => {
    const ids = [256, 72, 101, 108, 108, 111, 44, 32, 0xe2, 0x82, 0xac, 257];
    const expected = referenceLogits(TINY_CONFIG, TINY_SEED, ids);
    const m = await openDirect(TINY_CONFIG, buildInferenceModel(TINY_CONFIG, TINY_SEED));
    try {
      const { logits } = await m.run(ids);
      const v = TINY_CONFIG.vocab;
      for (let t = 0; t < ids.length; t++)
        expect(maxAbsDiff(logits.subarray(t * v, (t + 1) * v), expected[t])).toBeLessThan(LOGIT_TOL);
      // Causality: a later token does not change an earlier position's logits.
      const { logits: prefix } = await m.run(ids.slice(0, 4));
      expect(maxAbsDiff(prefix, logits.subarray(0, 4 * v))).toBeLessThan(LOGIT_TOL);
    } finally {
      await m.release();
    }
  });

  it('gives the same logits with the KV cache, token by token, as a full recompute', async () => {
    const c = DEFAULT_MODEL.config;
    const ids = Array.from({ length: 40 }, (_, i) => (i * 97 + 13) % 256);
    const m = await openDirect(c, buildInferenceModel(c, DEFAULT_MODEL.seed));
    try {
      const { logits: full } = await m.run(ids);
      // Prefill of 7 tokens, then one at a time.
      let { logits, present } = await m.run(ids.slice(0, 7));
      expect(maxAbsDiff(logits, full.subarray(0, 7 * c.vocab))).toBeLessThan(LOGIT_TOL);
      for (let t = 7; t < ids.length; t++) {
        ({ logits, present } = await m.run([ids[t]], present));
        expect(maxAbsDiff(logits, full.subarray(t * c.vocab, (t + 1) * c.vocab))).toBeLessThan(LOGIT_TOL);
      }
      expect(present['past_key_values.0.key'].dims).toEqual([1, c.heads, ids.length, c.dModel / c.heads]);
    } finally {
      await m.release();
    }
  });
});
