/**
 * The node's served models, wired: the built-in default (built into the data folder), models_dir, and the peers of
 * the p2p host both to fetch from and to serve to. Synced once before the API opens and then on every committed
 * block, since a block may register a model or change this node's executor record.
 */
import type { Logger } from '../../../chain/util/log.js';
import type { RaceDevice } from '../../../race/engine/session.js';
import { DEFAULT_MODEL } from '../model/default-model.js';
import { openDefaultRunner } from '../runner/open-default.js';
import { ModelFetcher } from './model-fetcher.js';
import { ModelFileServer } from './model-file-server.js';
import { ModelLibrary, type RegisteredModelEntry } from './model-library.js';
import { modelFetchNet, serveModelFiles, type ModelHost } from './model-network.js';
import { byteModelText } from './model-text.js';

export interface NodeModelsOpts {
  modelsDir: string;
  maxModelBytes: number;
  /** Where the built-in default model is built and cached. */
  builtInCacheDir: string;
  /** config.toml [race] device: inference takes the same device choice as the Race (auto: CUDA when its provider loads, else CPU, logged). */
  device?: RaceDevice;
}

export interface NodeModelsDeps {
  /** Model ids this node's executor record declares (the default is always wanted when registered). */
  executorModels: () => readonly string[];
  registered: (id: string) => Omit<RegisteredModelEntry, 'id'> | undefined;
  network?: ModelHost;
  onBlockCommitted: (f: () => void) => void;
  log: Logger;
}

export async function startNodeModels(opts: NodeModelsOpts, deps: NodeModelsDeps): Promise<ModelLibrary> {
  const { log } = deps;
  const library = new ModelLibrary(
    { modelsDir: opts.modelsDir, maxModelBytes: opts.maxModelBytes, device: opts.device },
    {
      wanted: () =>
        [...new Set([...deps.executorModels(), DEFAULT_MODEL.config.name])].flatMap((id) => {
          const m = deps.registered(id);
          return m ? [{ ...m, id }] : [];
        }),
      builtIns: new Map([
        [
          DEFAULT_MODEL.sha256,
          async (entry: RegisteredModelEntry) => ({
            id: entry.id,
            runner: await openDefaultRunner({ cacheDir: opts.builtInCacheDir, device: opts.device }, { logger: log }),
            text: byteModelText,
            contextLength: Math.min(Number(entry.contextLength), DEFAULT_MODEL.config.contextLength),
          }),
        ],
      ]),
      fetcher:
        deps.network &&
        new ModelFetcher({ maxModelBytes: opts.maxModelBytes }, { net: modelFetchNet(deps.network), log }),
      runnerDeps: { logger: log },
      nowMs: Date.now,
      log,
    },
  );
  if (deps.network)
    await serveModelFiles(deps.network, new ModelFileServer(undefined, { lookup: library.lookupHeld }).handle);
  await library.sync();
  deps.onBlockCommitted(() => void library.sync());
  return library;
}
