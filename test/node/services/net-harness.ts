/** In-process nodes for the network service tests: engine + NetworkService over real P2PHosts on 127.0.0.1. */
import * as path from 'node:path';
import { BlockStore } from '../../../chain/blockstore/block-store.js';
import { ConsensusEngine } from '../../../chain/consensus/engine.js';
import type { GenesisDoc } from '../../../chain/consensus/genesis.js';
import { MemoryLastSignStateStore, PrivValidator } from '../../../chain/consensus/privval.js';
import { systemScheduler } from '../../../chain/consensus/scheduler.js';
import type { Signer } from '../../../chain/consensus/signer.js';
import { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from '../../../chain/consensus/types.js';
import { MemoryWal } from '../../../chain/consensus/wal.js';
import { Mempool } from '../../../chain/mempool/mempool.js';
import { MemoryPeerBook } from '../../../chain/p2p/peer-book.js';
import { ChainDb } from '../../../chain/store/db.js';
import { silentLogger } from '../../../chain/util/log.js';
import { NetworkService } from '../../../node/services/net-service.js';
import { FakeApp, tmpDir } from '../../chain/consensus/helpers.js';

/** Short timeouts: real time, loopback links. */
export const NET_TEST_CONFIG: ConsensusConfig = {
  ...DEFAULT_CONSENSUS_CONFIG,
  timeoutProposeMs: 2000,
  timeoutPrevoteMs: 600,
  timeoutPrecommitMs: 600,
  timeoutCommitMs: 200,
  gossipIntervalMs: 300,
};

export interface NetNode {
  engine: ConsensusEngine;
  network: NetworkService;
  blockStore: BlockStore;
  mempool: Mempool;
  app: FakeApp;
  stop(): Promise<void>;
}

export function seedOf(i: number): Uint8Array {
  return new Uint8Array(32).fill(100 + i);
}

/** Starts one node: network first, then the engine, then block sync (the node's order). */
export async function startNetNode(args: {
  i: number;
  genesis: GenesisDoc;
  signer: Signer | null;
  peers: string[];
  equivocate?: boolean;
}): Promise<NetNode> {
  const db = await ChainDb.open(path.join(tmpDir(`net${args.i}`), 'chain.db'));
  const blockStore = await BlockStore.open(db);
  const app = new FakeApp();
  const mempool = new Mempool(
    { maxTxs: 1000, maxTotalBytes: 1 << 20, maxTxBytes: 1 << 16, cacheSize: 1000 },
    { app: Object.assign(app, { resetCheckState: () => {} }), log: silentLogger() },
  );
  const network = new NetworkService(
    {
      p2p: {
        chainId: args.genesis.chainId,
        moniker: `n${args.i}`,
        listenAddress: 'tcp://127.0.0.1:0',
        persistentPeers: args.peers,
        dialBackoff: { minMs: 100, maxMs: 1000, factor: 2 },
      },
      maxBlockBytes: 1 << 20,
      sync: { statusIntervalMs: 300 },
    },
    { nodeKey: { seed: seedOf(args.i) }, logger: silentLogger(), mempool, blockStore, peerBook: new MemoryPeerBook() },
  );
  const engine = await ConsensusEngine.create(
    { genesis: args.genesis, config: NET_TEST_CONFIG, misbehavior: { equivocatePrevotes: args.equivocate ?? false } },
    {
      app,
      db,
      blockStore,
      mempool,
      wal: new MemoryWal(),
      transport: network.transport,
      scheduler: systemScheduler,
      logger: silentLogger(),
      privValidator: args.signer ? new PrivValidator(args.signer, new MemoryLastSignStateStore()) : null,
    },
  );
  await network.start();
  await engine.start();
  network.startSync(engine);
  return {
    engine,
    network,
    blockStore,
    mempool,
    app,
    stop: async () => {
      await network.stopSync();
      await engine.stop();
      await network.stop();
      await db.close();
    },
  };
}

export function loopback(n: NetNode): string {
  const a = n.network.listenAddrs().find((x) => x.startsWith('/ip4/127.0.0.1/tcp/'));
  if (!a) throw new Error('no loopback address');
  return a;
}
