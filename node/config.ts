import fs from 'node:fs';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { parseDecCoins, type DecCoin } from '../chain/types/dec.js';
import { writeFileAtomic } from '../chain/crypto/atomic-file.js';
import { parseDurationMs } from '../chain/types/duration.js';
import { parseListenAddress } from '../chain/types/listen-address.js';
import { isValidAddress } from '../chain/crypto/address.js';

/** config.toml: the CometBFT-side settings (node, RPC, p2p, mempool, consensus, metrics) plus [race]. */
export interface NodeConfig {
  moniker: string;
  rpc: { laddr: string; max_body_bytes: number; max_subscriptions_per_client: number };
  p2p: { laddr: string; persistent_peers: string; seeds: string; max_num_peers: number };
  mempool: { size: number; max_txs_bytes: number; max_tx_bytes: number; cache_size: number };
  consensus: {
    timeout_propose: string;
    timeout_propose_delta: string;
    timeout_prevote: string;
    timeout_prevote_delta: string;
    timeout_precommit: string;
    timeout_precommit_delta: string;
    timeout_commit: string;
    /** CometBFT's keys, kept so config files stay CometBFT-shaped; only their defaults are supported (see docs/consensus.md). */
    create_empty_blocks: boolean;
    create_empty_blocks_interval: string;
  };
  instrumentation: { prometheus: boolean; prometheus_listen_addr: string };
  /** The Race: mining = false makes a plain full node; threads = ONNX Runtime threads of the miner and verifier. */
  /** operator: the operator (cold) address the node names when it registers as a participant ("" = none). */
  race: { mining: boolean; device: 'auto' | 'cuda' | 'cpu'; threads: number; operator: string };
  /**
   * The OpenAI-compatible inference API (node/inference/api); off by default so that several nodes on one host never
   * fight over its port. requests_per_minute: per requester (0 = no limit). models_dir: where registered models' files
   * live (relative to the home; docs/inference-model.md, "Models in models_dir"); max_model_bytes: the largest ONNX
   * file this node accepts, from its folder or from a peer.
   */
  inference: {
    enable: boolean;
    address: string;
    requests_per_minute: number;
    models_dir: string;
    max_model_bytes: number;
  };
}

/** app.toml: the Cosmos-SDK-side settings. */
export interface AppConfig {
  'minimum-gas-prices': string;
  /** dashboard: serve the live dashboard at /dashboard/ on the REST server (node/dashboard). */
  api: { enable: boolean; address: string; dashboard: boolean };
}

/** 8 GiB: a few billion float16 parameters; an operator with bigger models raises it. */
export const DEFAULT_MAX_MODEL_BYTES = 8 * 2 ** 30;

export function defaultNodeConfig(moniker: string): NodeConfig {
  return {
    moniker,
    rpc: { laddr: 'tcp://127.0.0.1:26657', max_body_bytes: 1_000_000, max_subscriptions_per_client: 5 },
    p2p: { laddr: 'tcp://0.0.0.0:26656', persistent_peers: '', seeds: '', max_num_peers: 50 },
    mempool: { size: 5000, max_txs_bytes: 1 << 30, max_tx_bytes: 1 << 20, cache_size: 10000 },
    consensus: {
      timeout_propose: '3s',
      timeout_propose_delta: '500ms',
      timeout_prevote: '1s',
      timeout_prevote_delta: '500ms',
      timeout_precommit: '1s',
      timeout_precommit_delta: '500ms',
      timeout_commit: '1s',
      create_empty_blocks: true,
      create_empty_blocks_interval: '0s',
    },
    instrumentation: { prometheus: true, prometheus_listen_addr: 'tcp://127.0.0.1:26660' },
    race: { mining: true, device: 'auto', threads: 1, operator: '' },
    inference: {
      enable: false,
      address: 'tcp://127.0.0.1:8080',
      requests_per_minute: 600,
      models_dir: 'models',
      max_model_bytes: DEFAULT_MAX_MODEL_BYTES,
    },
  };
}

export function defaultAppConfig(): AppConfig {
  return { 'minimum-gas-prices': '0nicoin', api: { enable: true, address: 'tcp://127.0.0.1:1317', dashboard: true } };
}

export class ConfigError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Fills missing keys from the defaults and checks every present key's type, naming the file and key on error. */
function merge<T extends object>(file: string, defaults: T, given: Record<string, unknown>, path = ''): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) {
    const key = path ? `${path}.${k}` : k;
    const d = (defaults as Record<string, unknown>)[k];
    if (d === undefined) continue; // unknown keys are tolerated, as CometBFT does, so newer files still load
    if (typeof d === 'object' && d !== null) {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new ConfigError(file, `[${key}] must be a table`);
      out[k] = merge(file, d as object, v as Record<string, unknown>, key);
    } else if (typeof d === 'number') {
      const n = typeof v === 'bigint' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
        throw new ConfigError(file, `${key} must be a non-negative number, got ${JSON.stringify(String(v))}`);
      out[k] = n;
    } else if (typeof d !== typeof v) {
      throw new ConfigError(file, `${key} must be a ${typeof d}, got ${JSON.stringify(String(v))}`);
    } else {
      out[k] = v;
    }
  }
  return out as T;
}

function readToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read: ${(e as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(file, `invalid TOML: ${(e as Error).message}`);
  }
}

export function loadNodeConfig(file: string): NodeConfig {
  const cfg = merge(file, defaultNodeConfig('node'), readToml(file));
  validateNodeConfig(file, cfg);
  return cfg;
}

export function loadAppConfig(file: string): AppConfig {
  const cfg = merge(file, defaultAppConfig(), readToml(file));
  minGasPrices(cfg, file);
  parseListenAddress(cfg.api.address, `${file}: api.address`);
  return cfg;
}

export function minGasPrices(cfg: AppConfig, file = 'app.toml'): DecCoin[] {
  try {
    return parseDecCoins(cfg['minimum-gas-prices']);
  } catch (e) {
    throw new ConfigError(file, `minimum-gas-prices: ${(e as Error).message}`);
  }
}

function validateNodeConfig(file: string, cfg: NodeConfig): void {
  parseListenAddress(cfg.rpc.laddr, `${file}: rpc.laddr`);
  parseListenAddress(cfg.p2p.laddr, `${file}: p2p.laddr`);
  if (cfg.instrumentation.prometheus)
    parseListenAddress(cfg.instrumentation.prometheus_listen_addr, `${file}: instrumentation.prometheus_listen_addr`);
  if (cfg.inference.enable) parseListenAddress(cfg.inference.address, `${file}: inference.address`);
  if (!Number.isInteger(cfg.inference.requests_per_minute))
    throw new ConfigError(
      file,
      `inference.requests_per_minute must be an integer (0 = no limit), got ${cfg.inference.requests_per_minute}`,
    );
  if (typeof cfg.inference.models_dir !== 'string' || cfg.inference.models_dir === '')
    throw new ConfigError(file, 'inference.models_dir must be a non-empty path (relative paths are under the home)');
  const maxModel = cfg.inference.max_model_bytes;
  if (!Number.isSafeInteger(maxModel) || maxModel < 1)
    throw new ConfigError(file, `inference.max_model_bytes must be a positive integer, got ${maxModel}`);
  for (const [k, v] of Object.entries(cfg.consensus)) {
    if (k.startsWith('timeout_')) parseDurationMs(String(v), `${file}: consensus.${k}`);
  }
  // The engine always proposes a block every timeout_commit, empty or not (the Race's epochs count blocks); refusing
  // the other settings beats silently ignoring them.
  if (!cfg.consensus.create_empty_blocks) {
    throw new ConfigError(
      file,
      'consensus.create_empty_blocks = false is not supported: this chain makes a block every timeout_commit, empty or not; remove the key or set it to true',
    );
  }
  if (
    parseDurationMs(cfg.consensus.create_empty_blocks_interval, `${file}: consensus.create_empty_blocks_interval`) !== 0
  ) {
    throw new ConfigError(
      file,
      `consensus.create_empty_blocks_interval = ${JSON.stringify(cfg.consensus.create_empty_blocks_interval)} is not supported: empty blocks are always made, every timeout_commit; remove the key or set it to "0s"`,
    );
  }
  if (!['auto', 'cuda', 'cpu'].includes(cfg.race.device))
    throw new ConfigError(file, `race.device must be auto, cuda or cpu, got ${cfg.race.device}`);
  if (!Number.isInteger(cfg.race.threads) || cfg.race.threads < 1 || cfg.race.threads > 256)
    throw new ConfigError(file, `race.threads must be an integer from 1 to 256, got ${cfg.race.threads}`);
  if (cfg.race.operator !== '' && !isValidAddress(cfg.race.operator))
    throw new ConfigError(
      file,
      `race.operator must be "" or a race1… address, got ${JSON.stringify(cfg.race.operator)}`,
    );
}

export function writeToml(file: string, value: object): void {
  writeFileAtomic(file, stringifyToml(value as Record<string, unknown>) + '\n', 0o644);
}
