/**
 * Deterministic initial weights of an inference model: each uniform tensor is word i of
 * ChaCha20(key, streamId(role, layer)) mapped to [-scale, scale) bit-exactly (race/engine/prng.ts),
 * where key = sha256(WEIGHTS_DOMAIN ‖ seed). Same config and seed, same bits on every platform.
 */
import { createHash } from 'node:crypto';
import { chachaWords, fillUniform, streamId } from '../../../race/engine/prng.js';
import { modelTensors, type InferenceModelConfig, type ModelTensor } from './spec.js';

export const WEIGHTS_DOMAIN = 'race-inference-model-weights/v1';

/** The seed of the built-in default model: the ASCII bytes of this string. */
export const DEFAULT_MODEL_SEED: Uint8Array = new TextEncoder().encode('race-inference-default/v1');

export function weightsKey(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length === 0)
    throw new Error('inference model seed must be a non-empty byte array');
  return new Uint8Array(createHash('sha256').update(WEIGHTS_DOMAIN).update(seed).digest());
}

export function initTensor(key: Uint8Array, t: ModelTensor): Float32Array {
  const out = new Float32Array(t.size);
  switch (t.init.kind) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'uniform':
      fillUniform(chachaWords(key, streamId(t.role, t.layer, 0), t.size), Math.fround(t.init.scale), out, 0);
      return out;
  }
}

export interface NamedTensor {
  tensor: ModelTensor;
  values: Float32Array;
}

/** All weights in canonical order. */
export function initWeights(c: InferenceModelConfig, seed: Uint8Array): NamedTensor[] {
  const key = weightsKey(seed);
  return modelTensors(c).map((tensor) => ({ tensor, values: initTensor(key, tensor) }));
}
