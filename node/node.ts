import fs from 'node:fs';
import path from 'node:path';
import { BlockStore } from '../chain/blockstore/block-store.js';
import { ConsensusEngine } from '../chain/consensus/engine.js';
import type { GenesisDoc } from '../chain/consensus/genesis.js';
import { PrivValidator, FileLastSignStateStore } from '../chain/consensus/privval.js';
import { systemScheduler } from '../chain/consensus/scheduler.js';
import { ed25519Signer } from '../chain/consensus/signer.js';
import { NoPeerTransport, type ConsensusTransport } from '../chain/consensus/transport.js';
import type { ConsensusConfig } from '../chain/consensus/types.js';
import { FileWal } from '../chain/consensus/wal.js';
import { loadOrCreateNodeKey, loadOrCreatePrivValidatorKey } from '../chain/crypto/keyfiles.js';
import { BlockEventPublisher } from '../chain/events/block-publisher.js';
import { EventBus } from '../chain/events/bus.js';
import { DEFAULT_ADMISSION_OPTS, TxAdmission } from '../chain/mempool/admission.js';
import { Mempool } from '../chain/mempool/mempool.js';
import { CommitStore } from '../chain/store/commit-store.js';
import { ChainDb } from '../chain/store/db.js';
import { TxIndexer } from '../chain/txindex/indexer.js';
import { BlockResultsStore } from '../chain/txindex/results.js';
import type { Logger } from '../chain/util/log.js';
import { buildRaceApp, type RaceApp } from './app/build-app.js';
import { homePaths } from './cli/home.js';
import { parseDurationMs } from '../chain/types/duration.js';
import { loadAppConfig, loadNodeConfig, minGasPrices, type AppConfig, type NodeConfig } from './config.js';
import { readGenesis } from './genesis-file.js';
import { startRpcServer, type RpcServerHandle } from './rpc/server.js';
import { startRestServer, type RestServerHandle } from './rest/server.js';
import { NodeMetrics, startMetricsServer } from './services/metrics.js';
import { NetworkService } from './services/net-service.js';
import { NetMetrics } from './services/net-metrics.js';
import { p2pOptionsFromConfig } from '../chain/p2p/options.js';
import { NodeRpcBackend } from './services/rpc-backend.js';
import { buildRaceService } from './race/build-race-service.js';
import type { RaceService } from './race/race-service.js';
import { loadOrCreateRaceKey } from './race/race-key.js';
import { buildInferenceApi, type InferenceApi } from './inference/api/build-inference-api.js';
import { startDashboard } from './dashboard/start-dashboard.js';

/** Command-line settings that override config.toml / app.toml, as `raced start` flags do in CometBFT and the SDK. */
export interface NodeOverrides {
  rpcLaddr?: string;
  apiAddress?: string;
  p2pLaddr?: string;
  minimumGasPrices?: string;
  prometheusListenAddr?: string;
  raceDevice?: 'auto' | 'cuda' | 'cpu';
  mining?: boolean;
  inferenceAddress?: string;
}

export interface NodeOpts {
  home: string;
  overrides?: NodeOverrides;
}

export interface NodeDeps {
  log: Logger;
  /** Replaces the p2p layer (tests over an in-memory bus); by default the node runs its libp2p network. */
  transport?: ConsensusTransport;
}

export function consensusConfigFrom(cfg: NodeConfig): ConsensusConfig {
  const c = cfg.consensus;
  return {
    timeoutProposeMs: parseDurationMs(c.timeout_propose),
    timeoutProposeDeltaMs: parseDurationMs(c.timeout_propose_delta),
    timeoutPrevoteMs: parseDurationMs(c.timeout_prevote),
    timeoutPrevoteDeltaMs: parseDurationMs(c.timeout_prevote_delta),
    timeoutPrecommitMs: parseDurationMs(c.timeout_precommit),
    timeoutPrecommitDeltaMs: parseDurationMs(c.timeout_precommit_delta),
    timeoutCommitMs: parseDurationMs(c.timeout_commit),
    gossipIntervalMs: 1000,
  };
}

/** RACE_TEST_EQUIVOCATE_PREVOTES=1 makes this validator equivocate (e2e evidence test only; never in production). */
export function testMisbehaviorFromEnv(
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): { equivocatePrevotes: boolean } | undefined {
  if (env.RACE_TEST_EQUIVOCATE_PREVOTES !== '1') return undefined;
  log.warn('TEST-ONLY RACE_TEST_EQUIVOCATE_PREVOTES=1: this validator signs conflicting prevotes');
  return { equivocatePrevotes: true };
}

/** Loads config.toml and app.toml with the command-line overrides applied. */
export function loadConfigs(home: string, o: NodeOverrides = {}): { node: NodeConfig; app: AppConfig } {
  const paths = homePaths(home);
  const node = loadNodeConfig(paths.configToml);
  const app = loadAppConfig(paths.appToml);
  if (o.rpcLaddr) node.rpc.laddr = o.rpcLaddr;
  if (o.p2pLaddr) node.p2p.laddr = o.p2pLaddr;
  if (o.prometheusListenAddr) node.instrumentation.prometheus_listen_addr = o.prometheusListenAddr;
  if (o.raceDevice) node.race.device = o.raceDevice;
  if (o.mining !== undefined) node.race.mining = o.mining;
  if (o.inferenceAddress) node.inference.address = o.inferenceAddress;
  if (o.apiAddress) app.api.address = o.apiAddress;
  if (o.minimumGasPrices !== undefined) app['minimum-gas-prices'] = o.minimumGasPrices;
  minGasPrices(app, '--minimum-gas-prices');
  return { node, app };
}

/**
 * A running Race node: one level database (state, blocks, results, tx index), the app, the mempool, the consensus
 * engine and the servers. Start order follows the data flow; stop is the reverse, and waits for the engine's
 * in-flight commit so a shutdown never leaves a half-written block.
 */
export class RaceNode {
  private closers: Array<() => Promise<void> | void> = [];
  rpc!: RpcServerHandle;
  /** The Cosmos REST server (app.toml [api]); undefined when api.enable is false. */
  rest: RestServerHandle | undefined;
  metricsUrl: string | undefined;
  engine!: ConsensusEngine;
  /** The p2p network (absent when deps.transport replaces it). */
  network: NetworkService | undefined;
  race!: RaceApp;
  /** The node's Race duties (mining, validation, beacon). */
  raceService: RaceService | undefined;
  genesis!: GenesisDoc;
  /** The OpenAI-compatible inference API (config.toml [inference]); undefined when inference.enable is false. */
  inference: InferenceApi | undefined;
  readonly metrics = new NodeMetrics();

  private constructor(
    private readonly opts: NodeOpts,
    private readonly deps: NodeDeps,
  ) {}

  static async start(opts: NodeOpts, deps: NodeDeps): Promise<RaceNode> {
    const node = new RaceNode(opts, deps);
    try {
      await node.boot();
    } catch (e) {
      await node.stop();
      throw e;
    }
    return node;
  }

  private async boot(): Promise<void> {
    const log = this.deps.log;
    const paths = homePaths(this.opts.home);
    const { node: cfg, app: appCfg } = loadConfigs(this.opts.home, this.opts.overrides);
    this.genesis = readGenesis(paths.genesis);
    const gasPrices = minGasPrices(appCfg);
    fs.mkdirSync(paths.data, { recursive: true, mode: 0o700 });

    const db = await ChainDb.open(path.join(paths.data, 'chain.db'));
    this.closers.push(() => db.close());
    const store = await CommitStore.open(db);
    const txIndexer = new TxIndexer({}, { db, logger: log.child({ module: 'txindex' }) });
    const results = new BlockResultsStore({}, { db });
    const bus = new EventBus(
      { maxSubscriptionsPerClient: cfg.rpc.max_subscriptions_per_client },
      { logger: log.child({ module: 'events' }) },
    );
    this.closers.push(() => bus.close());

    this.race = buildRaceApp(
      { chainId: this.genesis.chainId, minGasPrices: () => gasPrices, maxTxBytes: cfg.mempool.max_tx_bytes },
      {
        store,
        log,
        commitOps: (height, txs, response) => [
          ...txIndexer.indexOps(
            height,
            txs.map((tx, i) => ({ tx, result: response.txResults[i]! })),
          ),
          ...results.saveOps(height, response),
        ],
      },
    );
    const app = this.race.app;
    const verifyCache = this.race.verifyCache;
    this.metrics.trackVerifyCache(() => verifyCache.stats);
    const mempool = new Mempool(
      {
        maxTxs: cfg.mempool.size,
        maxTotalBytes: cfg.mempool.max_txs_bytes,
        maxTxBytes: cfg.mempool.max_tx_bytes,
        cacheSize: cfg.mempool.cache_size,
      },
      { app, log: log.child({ module: 'mempool' }) },
    );
    const admission = new TxAdmission(DEFAULT_ADMISSION_OPTS, { preVerify: (txs) => app.preVerify(txs, 'check') });

    const nodeKey = loadOrCreateNodeKey(paths.nodeKey);
    const pvKey = loadOrCreatePrivValidatorKey(paths.privValidatorKey);
    const privValidator = new PrivValidator(
      ed25519Signer(pvKey.seed),
      new FileLastSignStateStore(paths.privValidatorState),
    );
    const blockStore = await BlockStore.open(db);
    const blockEvents = new BlockEventPublisher(
      {},
      { loadBlockMeta: (h) => blockStore.loadBlockMeta(h), bus, logger: log.child({ module: 'events' }) },
    );
    // Runs after the engine has stopped (closers run in reverse) and before the bus closes: the last blocks' events go out.
    this.closers.push(() => blockEvents.idle());
    const wal = new FileWal({ dir: path.join(paths.data, 'cs.wal') });
    if (wal.repaired) log.warn({ repaired: wal.repaired }, 'consensus WAL had a torn tail, truncated');

    // The p2p host is built here and started just before the engine; it stops after the engine (closers run in reverse).
    const network = this.deps.transport
      ? undefined
      : new NetworkService(
          {
            p2p: p2pOptionsFromConfig(cfg.p2p, {
              chainId: this.genesis.chainId,
              moniker: cfg.moniker,
              homeDir: this.opts.home,
            }),
            maxBlockBytes: Number(this.genesis.consensusParams.block.maxBytes),
          },
          { nodeKey, logger: log, mempool, admission, blockStore, metrics: new NetMetrics(this.metrics.registry) },
        );
    this.network = network;
    if (network) this.closers.push(() => network.stop());

    this.engine = await ConsensusEngine.create(
      // TEST-ONLY byzantine knob for the e2e suite (test/e2e/network): sign two different prevotes per height.
      { genesis: this.genesis, config: consensusConfigFrom(cfg), misbehavior: testMisbehaviorFromEnv(log) },
      {
        app,
        db,
        blockStore,
        wal,
        mempool,
        transport: this.deps.transport ?? network?.transport ?? new NoPeerTransport(),
        scheduler: systemScheduler,
        logger: log,
        privValidator,
        onFatal: (err) => {
          log.fatal({ err: err.message }, 'consensus halted');
          process.exitCode = 1;
          void this.stop();
        },
      },
    );
    this.closers.push(() => this.engine.stop());

    // The Race (node/race/): hot key, miner, validator and beacon duties, driven by committed blocks; stops before the engine.
    const raceService = buildRaceService(
      {
        chainId: this.genesis.chainId,
        home: { raceKey: paths.raceKey, data: paths.data },
        race: cfg.race,
        consensusPubKey: pvKey.pubkey,
      },
      {
        app,
        mempool,
        log,
        metrics: this.metrics.race,
        account: (a) => {
          const acc = this.race.keepers.auth.getAccount(app.queryContext(), a, false);
          return acc && { accountNumber: acc.accountNumber, sequence: acc.sequence };
        },
      },
    );
    this.raceService = raceService;
    raceService.start();
    // While block sync replays old heights, their duties are long past (the module would refuse the txs anyway).
    this.engine.onBlockCommitted((block) => {
      if (!network?.catchingUp()) raceService.onBlockCommitted(block.header.height);
    });
    this.closers.push(() => raceService.stop());

    let lastTimeNs: bigint | undefined;
    this.engine.onBlockCommitted((block, _commit, res) => {
      const h = block.header.height;
      this.metrics.height.set(h);
      this.metrics.blockTxs.set(block.txs.length);
      if (lastTimeNs !== undefined)
        this.metrics.blockIntervalSeconds.observe(Number(block.header.timeNs - lastTimeNs) / 1e9);
      lastTimeNs = block.header.timeNs;
      for (const r of res.txResults) this.metrics.txs.inc({ result: r.code === 0 ? 'ok' : 'failed' });
      this.metrics.mempoolSize.set(mempool.size());
      this.metrics.mempoolBytes.set(mempool.totalBytes());
      blockEvents.blockCommitted(block, res);
      if (h % 100 === 0 || block.txs.length > 0) log.info({ height: h, txs: block.txs.length }, 'committed block');
      else log.debug({ height: h }, 'committed block');
    });

    const rpcBackend = new NodeRpcBackend({
      app,
      engine: this.engine,
      blockStore,
      results,
      txIndexer,
      bus,
      mempool,
      admission,
      genesis: this.genesis,
      nodeInfo: {
        id: nodeKey.nodeId,
        listenAddr: cfg.p2p.laddr,
        network: this.genesis.chainId,
        moniker: cfg.moniker,
        txIndex: true,
        rpcAddress: cfg.rpc.laddr,
      },
      validatorKey: { address: pvKey.address, pubKey: pvKey.pubkey },
      peers: () => network?.peers() ?? [],
      catchingUp: () => network?.catchingUp() ?? false,
    });
    this.rpc = await startRpcServer(
      {
        laddr: cfg.rpc.laddr,
        maxBodyBytes: cfg.rpc.max_body_bytes,
        maxSubscriptionsPerClient: cfg.rpc.max_subscriptions_per_client,
      },
      { backend: rpcBackend, log, metrics: this.metrics },
    );
    this.closers.push(() => this.rpc.close());
    log.info({ url: this.rpc.url }, 'CometBFT JSON-RPC listening');

    // The dashboard (app.toml api.dashboard) listens to blocks from here on, after reading back the stored recent ones.
    const dashboard =
      appCfg.api.enable && appCfg.api.dashboard
        ? await startDashboard(
            {},
            {
              backend: rpcBackend,
              onBlockCommitted: (f) => this.engine.onBlockCommitted((block, _commit, res) => f(block, res)),
              rpcPort: () => this.rpc?.port,
              log,
            },
          )
        : undefined;
    if (appCfg.api.enable) {
      const rest = await startRestServer(
        {
          address: appCfg.api.address,
          maxBodyBytes: Math.max(2_000_000, Math.ceil((cfg.mempool.max_tx_bytes * 4) / 3) + 4096),
        },
        {
          backend: rpcBackend,
          log,
          registry: this.race.registry,
          minimumGasPrices: () => appCfg['minimum-gas-prices'],
          rawHandlers: dashboard ? [dashboard.handler] : [],
        },
      );
      this.rest = rest;
      this.closers.push(() => rest.close());
      log.info({ url: rest.url }, 'Cosmos REST listening');
      if (dashboard) log.info({ url: `${rest.url}/dashboard/` }, 'dashboard serving');
    }

    if (cfg.inference.enable) {
      const api = await buildInferenceApi(
        {
          address: cfg.inference.address,
          chainId: this.genesis.chainId,
          home: this.opts.home,
          configDir: paths.config,
          dataDir: paths.data,
          genesisTimeNs: this.genesis.genesisTimeNs,
          minGasPrices: () => gasPrices,
          requestsPerMinute: cfg.inference.requests_per_minute,
          modelsDir: path.resolve(this.opts.home, cfg.inference.models_dir),
          maxModelBytes: cfg.inference.max_model_bytes,
          device: cfg.race.device,
        },
        {
          race: this.race,
          raceKey: loadOrCreateRaceKey(paths.raceKey),
          submitter: raceService.submitter,
          miner: raceService,
          onBlockCommitted: (f) => this.engine.onBlockCommitted(() => f()),
          p2p: network?.host,
          log,
          onFirstToken: dashboard ? (ms) => dashboard.aggregator.onFirstToken(ms, Date.now()) : undefined,
        },
      );
      this.inference = api;
      this.closers.push(() => api.close());
      log.info({ url: api.baseUrl }, 'OpenAI-compatible inference API listening');
    }

    if (cfg.instrumentation.prometheus) {
      const m = await startMetricsServer(
        cfg.instrumentation.prometheus_listen_addr,
        this.metrics,
        log.child({ module: 'metrics' }),
      );
      this.metricsUrl = m.url;
      this.closers.push(() => m.close());
    }

    const last = await blockStore.loadBlockMeta(blockStore.height());
    if (last)
      app.setLastBlockInfo({
        height: last.header.height,
        timeNs: last.header.timeNs,
        proposerAddress: last.header.proposerAddress,
      });
    if (network) {
      await network.start();
      log.info({ nodeId: nodeKey.nodeId, listen: network.listenAddrs() }, 'p2p listening');
    }
    await this.engine.start();
    if (network) {
      // Block sync feeds the engine, so it stops first.
      network.startSync(this.engine);
      this.closers.push(() => network.stopSync());
    }
    log.info(
      {
        chainId: this.genesis.chainId,
        height: blockStore.height(),
        appHash: Buffer.from(app.info().lastBlockAppHash).toString('hex').toUpperCase(),
      },
      'node started',
    );
  }

  async stop(): Promise<void> {
    const closers = this.closers.reverse();
    this.closers = [];
    for (const c of closers) {
      try {
        await c();
      } catch (e) {
        this.deps.log.warn({ err: (e as Error).message }, 'error while stopping');
      }
    }
  }
}
