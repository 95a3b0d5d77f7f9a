/** The built-in default model, built into (or checked in) the caller's cache folder and opened. */
import type { EngineLog, RaceDevice } from '../../../race/engine/session.js';
import { DEFAULT_MODEL } from '../model/default-model.js';
import { ensureModelFile } from './model-cache.js';
import { ModelRunner, type ModelRunnerDeps } from './model-runner.js';

export interface OpenDefaultOpts {
  cacheDir: string;
  device?: RaceDevice;
  threads?: number;
}

export async function openDefaultRunner(
  opts: OpenDefaultOpts,
  deps: ModelRunnerDeps & { logger: EngineLog },
): Promise<ModelRunner> {
  const model = ensureModelFile({
    dir: opts.cacheDir,
    config: DEFAULT_MODEL.config,
    seed: DEFAULT_MODEL.seed,
    expectedSha256: DEFAULT_MODEL.sha256,
  });
  return ModelRunner.open({ model, device: opts.device, threads: opts.threads }, deps);
}
