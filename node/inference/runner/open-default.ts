/** The built-in default model, built into (or checked in) the caller's cache folder and opened. */
import { Progress, type ProgressSink } from '../../../chain/util/progress.js';
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
  deps: ModelRunnerDeps & { logger: EngineLog; progress?: ProgressSink },
): Promise<ModelRunner> {
  // Two steps: the model file (built on first use, else checked) and the runner's session.
  const progress = new Progress({ task: 'inference model load', unit: 'steps', total: 2 }, { sink: deps.progress });
  const model = ensureModelFile({
    dir: opts.cacheDir,
    config: DEFAULT_MODEL.config,
    seed: DEFAULT_MODEL.seed,
    expectedSha256: DEFAULT_MODEL.sha256,
  });
  progress.update(1);
  try {
    const runner = await ModelRunner.open({ model, device: opts.device, threads: opts.threads }, deps);
    progress.update(2);
    return runner;
  } finally {
    progress.finish();
  }
}
