/** The built-in default model: its definition, seed and the sha256 its ONNX file must have. */
import { DEFAULT_MODEL_SEED } from './init-weights.js';
import { DEFAULT_MODEL_CONFIG } from './spec.js';

export const DEFAULT_MODEL = Object.freeze({
  config: DEFAULT_MODEL_CONFIG,
  seed: DEFAULT_MODEL_SEED,
  /** Pinned by test/node/inference/build-onnx.test.ts; changes only with the model definition. */
  sha256: '1bc5b1ad67dc532a4afcd560621e767c7aed64e6f4b1ba247528f2ccda450636',
});
