/** An in-process ONNX Runtime session over the inference model, for checking the runner against. */
import ort from 'onnxruntime-node';
import {
  INPUT_IDS,
  LOGITS,
  pastKeyName,
  pastValueName,
  presentKeyName,
  presentValueName,
} from '../../../node/inference/model/build-onnx.js';
import { headDim, type InferenceModelConfig } from '../../../node/inference/model/spec.js';

export interface DirectModel {
  /** Logits [ids.length × vocab] given a cache (empty when absent); returns the new cache too. */
  run(
    ids: readonly number[],
    past?: Record<string, ort.Tensor>,
  ): Promise<{ logits: Float32Array; present: Record<string, ort.Tensor> }>;
  release(): Promise<void>;
}

export async function openDirect(c: InferenceModelConfig, bytes: Uint8Array): Promise<DirectModel> {
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const empty = () => {
    const p: Record<string, ort.Tensor> = {};
    for (let l = 0; l < c.layers; l++) {
      for (const name of [pastKeyName(l), pastValueName(l)])
        p[name] = new ort.Tensor('float32', new Float32Array(0), [1, c.heads, 0, headDim(c)]);
    }
    return p;
  };
  return {
    async run(ids, past) {
      const out = await session.run({
        [INPUT_IDS]: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
        ...(past ?? empty()),
      });
      const present: Record<string, ort.Tensor> = {};
      for (let l = 0; l < c.layers; l++) {
        present[pastKeyName(l)] = out[presentKeyName(l)];
        present[pastValueName(l)] = out[presentValueName(l)];
      }
      return { logits: out[LOGITS].data as Float32Array, present };
    },
    release: () => session.release(),
  };
}
