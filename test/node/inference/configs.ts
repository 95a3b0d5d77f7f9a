import type { InferenceModelConfig } from '../../../node/inference/model/spec.js';

/** Small enough for the float64 reference to run in milliseconds. */
export const TINY_CONFIG: InferenceModelConfig = {
  name: 'tiny-test',
  vocab: 258,
  dModel: 16,
  layers: 2,
  heads: 2,
  ffn: 32,
  contextLength: 24,
};
export const TINY_SEED = new TextEncoder().encode('tiny-test-seed');
