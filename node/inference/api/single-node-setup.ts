/**
 * Makes a freshly initialised home serve inference on its own (the devnet, and the real-node test): the default
 * model registered, this node's Race hot key its executor (weight 1 at genesis) and funded to pay its relay txs'
 * gas, [inference] enabled, and an API key for one keyring key.
 */
import { randomBytes } from 'node:crypto';
import { loadNodeConfig, writeToml } from '../../config.js';
import {
  addGenesisAccount,
  addGenesisExecutor,
  addGenesisModel,
  readGenesis,
  writeGenesis,
} from '../../genesis-file.js';
import { homePaths } from '../../cli/home.js';
import { loadOrCreateRaceKey } from '../../race/race-key.js';
import { defaultModelRegistryJson } from '../model/default-registration.js';
import { apiKeysFile, createApiKey } from './api-keys.js';

/** 1000 icon: the relay pays each start's and finish's gas at the minimum gas price. */
export const RELAY_FUNDS = 1000n * 10n ** 9n;

export interface SingleNodeInferenceOpts {
  /** config.toml [inference] address (default: the config's, tcp://127.0.0.1:8080). */
  address?: string;
  /** A keyring (test backend) key to create an API key for. */
  apiKeyFor?: { keyName: string; address: string };
}

export function setUpSingleNodeInference(
  home: string,
  opts: SingleNodeInferenceOpts = {},
): { apiKey: string | undefined; model: string } {
  const paths = homePaths(home);
  const raceKey = loadOrCreateRaceKey(paths.raceKey);
  const model = defaultModelRegistryJson();
  let g = readGenesis(paths.genesis);
  g = addGenesisModel(g, model);
  g = addGenesisExecutor(g, { address: raceKey.address, pubKey: raceKey.pubKey, models: [model.id] });
  g = addGenesisAccount(g, raceKey.address, [{ denom: 'nicoin', amount: RELAY_FUNDS }]);
  writeGenesis(paths.genesis, g);
  const cfg = loadNodeConfig(paths.configToml);
  cfg.inference.enable = true;
  if (opts.address) cfg.inference.address = opts.address;
  writeToml(paths.configToml, cfg);
  const apiKey =
    opts.apiKeyFor &&
    createApiKey(
      apiKeysFile(paths.config),
      opts.apiKeyFor.keyName,
      opts.apiKeyFor.address,
      (n) => new Uint8Array(randomBytes(n)),
    ).key;
  return { apiKey, model: model.id };
}
