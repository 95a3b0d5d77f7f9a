import * as path from 'node:path';
import type { Application } from '../abci.js';
import { BlockStore } from '../blockstore/block-store.js';
import type { ChainDb } from '../store/db.js';
import type { Logger } from '../util/log.js';
import { ConsensusEngine } from './engine.js';
import type { GenesisDoc } from './genesis.js';
import type { ConsensusMempool } from './mempool.js';
import { FileLastSignStateStore, PrivValidator } from './privval.js';
import { systemScheduler, type Scheduler } from './scheduler.js';
import type { Signer } from './signer.js';
import { NoPeerTransport, type ConsensusTransport } from './transport.js';
import type { ConsensusConfig } from './types.js';
import { FileWal } from './wal.js';

export interface NodeConsensusOptions {
  /** The node's data directory (<home>/data): cs.wal/ and priv_validator_state.json live here. */
  dataDir: string;
  genesis: GenesisDoc;
  config: ConsensusConfig;
  /** The consensus key (priv_validator_key.json); null for a full node that does not validate. */
  signer: Signer | null;
}

export interface NodeConsensusDeps {
  app: Application;
  db: ChainDb;
  mempool: ConsensusMempool;
  logger: Logger;
  /** Defaults to no peers (the single-validator devnet). */
  transport?: ConsensusTransport;
  scheduler?: Scheduler;
  onFatal?: (err: Error) => void;
}

/**
 * Wires the engine with the on-disk WAL, the file-backed double-sign guard and the block store, as a node runs it.
 * Returns the engine (handshake done) and the block store for RPC; call engine.start() to begin.
 */
export async function createNodeConsensus(
  opts: NodeConsensusOptions,
  deps: NodeConsensusDeps,
): Promise<{ engine: ConsensusEngine; blockStore: BlockStore }> {
  const blockStore = await BlockStore.open(deps.db);
  const wal = new FileWal({ dir: path.join(opts.dataDir, 'cs.wal') });
  if (wal.repaired) deps.logger.warn({ repair: wal.repaired }, 'consensus WAL had a torn final record');
  const privValidator = opts.signer
    ? new PrivValidator(opts.signer, new FileLastSignStateStore(path.join(opts.dataDir, 'priv_validator_state.json')))
    : null;
  const engine = await ConsensusEngine.create(
    { genesis: opts.genesis, config: opts.config },
    {
      app: deps.app,
      db: deps.db,
      blockStore,
      wal,
      transport: deps.transport ?? new NoPeerTransport(),
      mempool: deps.mempool,
      scheduler: deps.scheduler ?? systemScheduler,
      logger: deps.logger,
      privValidator,
      onFatal: deps.onFatal,
    },
  );
  return { engine, blockStore };
}
