/** The race/engine config a Race epoch uses: the module's `model_config` with its `target_difficulty`. */
import { getRaceConfig, validateConfig, type RaceConfig } from '../../race/engine/config.js';
import type { Params } from '../../proto/gen/race/race/v1/types.js';

export function raceConfigFrom(params: Pick<Params, 'modelConfig' | 'targetDifficulty'>): RaceConfig {
  const c = getRaceConfig(params.modelConfig);
  if (params.targetDifficulty > 0n) c.difficulty = Number(params.targetDifficulty);
  return validateConfig(c);
}
