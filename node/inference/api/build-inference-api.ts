/**
 * Assembles the node's inference API from its parts: the served models (ModelLibrary: built in, from models_dir or
 * fetched from peers by hash), this node's race key as relay
 * and (on a one-node network) executor, the app's keepers for balances, prices, models and records, the keyring
 * for API keys, and committed blocks for the relay's waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openKeyring } from '../../../chain/crypto/keyring/index.js';
import { secp256k1PubkeyFromPrivkey } from '../../../chain/crypto/secp256k1.js';
import { mulCeil, type DecCoin } from '../../../chain/types/dec.js';
import type { Logger } from '../../../chain/util/log.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { maxCost } from '../../../modules/inference/cost.js';
import { Inference } from '../../../proto/gen/race/inference/v1/types.js';
import type { RaceApp } from '../../app/build-app.js';
import type { RaceKey } from '../../race/race-key.js';
import type { DutySubmitter } from '../../race/duty-submitter.js';
import { byteTokenizer } from '../runner/byte-tokenizer.js';
import type { RaceDevice } from '../../../race/engine/session.js';
import type { ModelHost } from '../models/model-network.js';
import { startNodeModels } from '../models/node-models.js';
import { apiKeysFile, loadApiKeys } from './api-keys.js';
import { CompletionsHandler } from './completions.js';
import { LocalExecutor, type Executor } from './executor.js';
import { ExecutorServer } from '../net/executor-server.js';
import type { InferenceP2P } from '../net/inference-p2p.js';
import { PeerDirectory } from '../net/peer-directory.js';
import { ExecutorFailed, RemoteExecutor } from '../net/remote-executor.js';
import { ResponseStore } from '../net/response-store.js';
import { startInferenceHttp, type InferenceHttpHandle } from './http-server.js';
import { RateLimiter } from './rate-limiter.js';
import { Relay } from './relay.js';

export interface InferenceApiConfig {
  address: string;
  chainId: string;
  home: string;
  configDir: string;
  dataDir: string;
  genesisTimeNs: bigint;
  minGasPrices: () => DecCoin[];
  requestsPerMinute?: number;
  /** [inference] models_dir, resolved (docs/inference-model.md). */
  modelsDir: string;
  maxModelBytes: number;
  /** The Race's device setting ([race] device), which inference follows. */
  device?: RaceDevice;
}

export interface InferenceApiParts {
  race: RaceApp;
  raceKey: RaceKey;
  submitter: DutySubmitter;
  miner: { pause(): Promise<void>; resume(): void };
  onBlockCommitted: (f: () => void) => void;
  /** The node's libp2p host: executors on other nodes are reached through it, this one serves relays on it, and
   * registered models travel by hash between nodes over it (absent: local files and this node's executor only). */
  p2p?: InferenceP2P & ModelHost;
  log: Logger;
  /** Time to first token of each request this node relays (the dashboard's chart). */
  onFirstToken?: (ms: number) => void;
}

export interface InferenceApi extends InferenceHttpHandle {
  /** An API key of `address`'s keyring key, when one exists (devnet prints it). */
  apiKeyFor(address: string): string | undefined;
}

export async function buildInferenceApi(cfg: InferenceApiConfig, parts: InferenceApiParts): Promise<InferenceApi> {
  const log = parts.log.child({ module: 'inference' });
  const { app, keepers } = parts.race;
  const ctx = () => app.queryContext();
  const library = await startNodeModels(
    {
      modelsDir: cfg.modelsDir,
      maxModelBytes: cfg.maxModelBytes,
      builtInCacheDir: path.join(cfg.dataDir, 'models'),
      device: cfg.device,
    },
    {
      executorModels: () => keepers.inference.getExecutor(ctx(), parts.raceKey.address)?.models ?? [],
      registered: (id) => keepers.registry.getModel(ctx(), id)?.model,
      network: parts.p2p,
      onBlockCommitted: parts.onBlockCommitted,
      log,
    },
  );
  let waiters: Array<() => void> = [];
  parts.onBlockCommitted(() => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  const nextBlock = () => new Promise<void>((resolve) => waiters.push(resolve));
  const getInference = (id: Uint8Array) => keepers.inference.getInference(ctx(), id);
  const relay = new Relay(
    {},
    {
      address: parts.raceKey.address,
      submit: parts.submitter.submit.bind(parts.submitter),
      feeFor: (gas) =>
        cfg
          .minGasPrices()
          .filter((p) => p.amount > 0n)
          .slice(0, 1)
          .map((p) => ({ denom: p.denom, amount: mulCeil(p.amount, gas).toString() })),
      getInference,
      nextBlock,
      log,
    },
  );
  const executor = new LocalExecutor({
    key: parts.raceKey,
    runnerFor: (model) => library.get(model)?.runner,
    miner: parts.miner,
  });
  const remote = parts.p2p && (await serveOverNetwork(parts.p2p));
  async function serveOverNetwork(p2p: InferenceP2P): Promise<(address: string) => Executor> {
    const directory = new PeerDirectory({ p2p, chainId: cfg.chainId, key: parts.raceKey, log });
    await directory.start();
    const store = new ResponseStore(
      { dir: path.join(cfg.dataDir, 'inference-responses') },
      { nowMs: Date.now, onChain: (id) => getInference(id) !== undefined },
    );
    await new ExecutorServer(
      {},
      {
        p2p,
        chainId: cfg.chainId,
        address: parts.raceKey.address,
        local: executor,
        getInference,
        serves: (m) => library.get(m) !== undefined,
        nextBlock,
        store,
        log,
      },
    ).start();
    return (address) =>
      new RemoteExecutor(address, {}, { p2p, directory, chainId: cfg.chainId, relayKey: parts.raceKey });
  }
  const unreachable = (address: string): Executor => ({
    address,
    execute: () =>
      Promise.reject(new ExecutorFailed(`executor ${address} is on another node and this node has no p2p network`, 0)),
  });
  const keysFile = apiKeysFile(cfg.configDir);
  const keyring = openKeyring({ backend: 'test', home: cfg.home });
  const completions = new CompletionsHandler({
    identity: { chainId: cfg.chainId, relay: relay.address },
    nowMs: Date.now,
    replayWindowSeconds: () => keepers.inference.getParams(ctx()).replayWindowSeconds,
    servedModel: (id) => {
      const m = keepers.registry.getModel(ctx(), id)?.model ? library.get(id) : undefined;
      return m && { contextLength: m.contextLength, text: m.text };
    },
    modelPending: (id) => keepers.registry.getModel(ctx(), id)?.model !== undefined && library.get(id) === undefined,
    tokenizer: byteTokenizer,
    balance: (address) => keepers.bank.getBalance(ctx(), address, 'nicoin', false).amount,
    maxCost: (model, prompt, maxOut) => {
      const c = ctx();
      const price = keepers.pricing.getModelPrice(c, model);
      return maxCost(prompt, maxOut, {
        pricePerInputToken: BigInt(price.pricePerInputToken),
        pricePerOutputToken: BigInt(price.pricePerOutputToken),
        requestFee: keepers.inference.getParams(c).requestFee,
      });
    },
    relay,
    executor: (address) => (address === executor.address ? executor : (remote ?? unreachable)(address)),
    apiKeySigner: async (token) => {
      const rec = loadApiKeys(keysFile).find((k) => k.key === token);
      if (!rec) return undefined;
      const privKey = await keyring.privateKey(rec.key_name);
      return { privKey, pubKey: secp256k1PubkeyFromPrivkey(privKey) };
    },
    limiter: new RateLimiter({ perMinute: cfg.requestsPerMinute ?? 600, burst: 60 }, { nowMs: Date.now }),
    log,
    onFirstToken: parts.onFirstToken,
  });
  let http: InferenceHttpHandle;
  try {
    http = await startInferenceHttp(
      { address: cfg.address },
      {
        completions,
        models: () => library.ids().filter((id) => keepers.registry.getModel(ctx(), id)?.model),
        createdAt: Number(cfg.genesisTimeNs / 1_000_000_000n),
        relayInfo: { chainId: cfg.chainId, relay: relay.address },
        usage: async (requester) => ({
          inferences: keepers.inference.inferencesOf(ctx(), requester).map((r) => snakeKeys(Inference.toJSON(r))),
        }),
        log,
      },
    );
  } catch (e) {
    await library.close();
    throw e;
  }
  return {
    baseUrl: http.baseUrl,
    close: async () => {
      await http.close();
      await library.close();
    },
    apiKeyFor: (address) =>
      fs.existsSync(keysFile) ? loadApiKeys(keysFile).find((k) => k.address === address)?.key : undefined,
  };
}
