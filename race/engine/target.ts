/** The epoch's target vector: uniform values from the target key, centred and unit-normalised. */
import type { RaceConfig } from './config.js';
import { centerAndNormalize } from './distance.js';
import { chachaWords, signed24, streamId } from './prng.js';
import { targetKey } from './seeds.js';

/** Raw target t_i = k_i · 2^-23 (float64, exact), i < vocab, from word i of ChaCha20(targetKey, 0). */
export function rawTarget(config: RaceConfig, epochSeed: Uint8Array): Float64Array {
  const words = chachaWords(targetKey(epochSeed), streamId(0), config.vocab);
  const t = new Float64Array(config.vocab);
  for (let i = 0; i < t.length; i++) t[i] = signed24(words[i]) * 2 ** -23;
  return t;
}

export function targetVector(config: RaceConfig, epochSeed: Uint8Array): Float64Array {
  const t = centerAndNormalize(rawTarget(config, epochSeed));
  if (t === null) throw new Error('degenerate target vector');
  return t;
}
